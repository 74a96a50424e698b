package org.opencirt.exchange.service;

import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.opencirt.exchange.model.Audience;
import org.opencirt.exchange.model.PartnerKind;
import org.opencirt.exchange.model.SharedObjectType;
import org.opencirt.incident.model.Channel;
import org.opencirt.incident.model.Severity;
import org.opencirt.incident.service.IncidentCommands.CreateIncident;
import org.opencirt.incident.service.IncidentCommands.ObservableInput;
import org.opencirt.incident.service.IncidentService;

/**
 * The two demo CIRTs as partners of each other, and one incident CERT-AB shares with CERT-CD, so that
 * `bin/opencirt run` shows exchange at work: CERT-CD's users read it through the shared incidents and TAXII.
 * Only with {@code opencirt.demo.incidents=true}, and only when CERT-AB has no partner yet.
 */
@ApplicationScoped
class DemoExchange {

    private static final Logger LOG = Logger.getLogger(DemoExchange.class);

    void onStart(
            @Observes @Priority(300) StartupEvent event,
            PartnerService partners,
            GrantService grants,
            IncidentService incidents,
            @ConfigProperty(name = "opencirt.demo.incidents", defaultValue = "false") boolean enabled) {
        if (!enabled || !partners.list("cert-ab").isEmpty()) {
            return;
        }
        var cd = partners.create(
                "cert-ab", "ab-admin", new PartnerService.CreatePartner(PartnerKind.CIRT, "cert-cd", null, null, null));
        partners.create(
                "cert-cd", "cd-admin", new PartnerService.CreatePartner(PartnerKind.CIRT, "cert-ab", null, null, null));
        var incident = incidents.create(
                new CreateIncident(
                        "Phishing kit impersonating a regional bank",
                        "A phishing kit on mailbox-verify.example.net collects the credentials of customers of a bank"
                                + " with branches in both countries. Shared with CERT-CD, whose constituents are targeted too.",
                        null,
                        "fraud",
                        "phishing",
                        Severity.HIGH,
                        null,
                        null,
                        null,
                        List.of("phishing", "finance"),
                        "finance",
                        null,
                        null,
                        "ab-lead",
                        null,
                        List.of(
                                new ObservableInput("domain", "mailbox-verify.example.net"),
                                new ObservableInput("url", "https://mailbox-verify.example.net/owa/login"))),
                new IncidentService.Origin("cert-ab", "ab-lead", Channel.API, null, 1000));
        grants.grant(
                "cert-ab",
                "ab-lead",
                new GrantService.CreateGrant(
                        SharedObjectType.INCIDENT, incident.id(), Audience.PARTNERS, null, List.of(cd.id()), null));
        LOG.infof(
                "demo exchange: cert-ab and cert-cd are partners; cert-ab shares incident %s with cert-cd",
                incident.id());
    }
}
