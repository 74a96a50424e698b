package org.opencirt.incident.service;

import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.opencirt.incident.model.Channel;
import org.opencirt.incident.model.Severity;
import org.opencirt.incident.repository.IncidentRepository;
import org.opencirt.incident.service.IncidentCommands.CreateIncident;
import org.opencirt.incident.service.IncidentCommands.ObservableInput;
import org.opencirt.incident.service.IncidentCommands.Reporter;

/**
 * A few incidents for each demo CIRT, one per intake channel, so that `bin/opencirt run` shows
 * something real. Only with {@code opencirt.demo.incidents=true}, and only into a CIRT that has
 * no incident yet.
 */
@ApplicationScoped
class DemoIncidents {

    private static final Logger LOG = Logger.getLogger(DemoIncidents.class);

    void onStart(
            @Observes @Priority(200) StartupEvent event,
            IncidentService incidents,
            EmailIntakeService email,
            PublicReportService reports,
            IncidentRepository rows,
            @ConfigProperty(name = "opencirt.demo.incidents", defaultValue = "false") boolean enabled) {
        if (!enabled) {
            return;
        }
        for (var tenant : List.of("cert-ab", "cert-cd")) {
            if (rows.count("tenant", tenant) > 0) {
                continue;
            }
            var analyst = tenant.substring("cert-".length()) + "-analyst";
            incidents.create(
                    new CreateIncident(
                            "Ransomware on the hospital's file servers",
                            "Files renamed with the .lockbit extension; ransom note found. C2 traffic to 203.0.113.66.",
                            null,
                            "malicious-code",
                            "infected-system",
                            Severity.CRITICAL,
                            null,
                            null,
                            null,
                            List.of("ransomware", "health"),
                            "health",
                            null,
                            null,
                            analyst,
                            null,
                            List.of(new ObservableInput(
                                    "sha256", "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"))),
                    new IncidentService.Origin(tenant, analyst, Channel.API, null, 1000));
            incidents.create(
                    new CreateIncident(
                            "Scanning from a customer network",
                            "Our sensors saw SSH brute force from 198.51.100.23 and 198.51.100.24 against the national backbone.",
                            new Reporter("Partner SOC", "soc@partner.example.org", "Partner ISP"),
                            "intrusion-attempts",
                            "brute-force",
                            Severity.MEDIUM,
                            null,
                            null,
                            null,
                            List.of("ssh"),
                            "telecom",
                            null,
                            null,
                            null,
                            null,
                            List.of()),
                    new IncidentService.Origin(
                            tenant, tenant + "-partner", Channel.PARTNER, tenant + "-partner", 1000));
            reports.submit(
                    new PublicReportService.PublicReport(
                            tenant,
                            "My online shop shows a strange banner",
                            "Since this morning the front page of shop.example.com shows a defacement message.",
                            "A shop owner",
                            "owner@shop.example.com",
                            null,
                            null),
                    "demo-data");
            email.intake(tenant, demoEmail(), "email-gateway");
            LOG.infof("seeded demo incidents for %s", tenant);
        }
    }

    /** A constituent's report of a phishing mail, as the mail gateway would post it (CRLF line ends). */
    private static byte[] demoEmail() {
        return """
                From: Sione Tupou <sione@ministry.example.to>
                To: cert@cert-ab.example.org
                Subject: Suspicious e-mail asking to verify my mailbox
                Date: Sun, 29 Nov 2026 08:15:00 +0000
                Message-ID: <demo-1@ministry.example.to>
                MIME-Version: 1.0
                Content-Type: text/plain; charset=utf-8

                Hello,

                Several colleagues received a message claiming our mailbox quota is full.
                The link points to hxxps://mailbox-verify[.]example[.]net/owa/login and the
                sender was noreply@mailbox-verify.example.net. The page looks like our webmail.

                One colleague entered her password before we noticed.

                Regards,
                Sione
                """.replace("\n", "\r\n").getBytes(StandardCharsets.UTF_8);
    }
}
