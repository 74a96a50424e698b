package org.opencirt.advisory.service;

import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.opencirt.advisory.repository.AdvisoryRepository;

/**
 * One published demo advisory per demo CIRT (TLP:WHITE, signed with the CIRT's key), so that
 * {@code bin/opencirt run} has a CSAF directory to fetch and verify. Only with
 * {@code opencirt.demo.advisories=true}, and only into a CIRT that has no advisory yet.
 */
@ApplicationScoped
class DemoAdvisories {

    private static final Logger LOG = Logger.getLogger(DemoAdvisories.class);

    void onStart(
            @Observes @Priority(300) StartupEvent event,
            AdvisoryService advisories,
            AdvisoryRepository rows,
            @ConfigProperty(name = "opencirt.demo.advisories", defaultValue = "false") boolean enabled) {
        if (!enabled) {
            return;
        }
        for (var tenant : List.of("cert-ab", "cert-cd")) {
            if (rows.count("tenant", tenant) > 0) {
                continue;
            }
            var prefix = tenant.substring("cert-".length());
            var form = new AdvisoryForm(
                    null,
                    "Remote code execution in Example Router OS web interface",
                    "A flaw in the web management interface of Example Router OS lets an unauthenticated attacker on the network "
                            + "run commands on the device. It is exploited in the wild against operators in our constituency.",
                    "WHITE",
                    "en",
                    "Critical",
                    List.of(new AdvisoryForm.Product(
                            "Example Networks", "Example Router OS", List.of("4.2.0", "4.2.1"), List.of("4.2.2"))),
                    List.of(new AdvisoryForm.Vulnerability(
                            "CVE-2026-10001",
                            "Command injection in the diagnostics page",
                            "The ping diagnostics page passes its host parameter to a shell without neutralisation.",
                            "CWE-78",
                            "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H")),
                    "Update to Example Router OS 4.2.2. Until then, do not expose the management interface to untrusted networks.",
                    List.of(new AdvisoryForm.Reference(
                            "https://www.example.com/security/ERO-2026-01", "Vendor advisory ERO-2026-01")),
                    null);
            var draft = advisories.createFromForm(tenant, prefix + "-analyst", form);
            advisories.submit(tenant, draft.id(), prefix + "-analyst");
            var version = advisories.publish(tenant, draft.id(), prefix + "-lead");
            LOG.infof(
                    "published demo advisory %s of %s at /.well-known/csaf/%s/%s",
                    draft.trackingId(), tenant, tenant, version.path());
        }
    }
}
