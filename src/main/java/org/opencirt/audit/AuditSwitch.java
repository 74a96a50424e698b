package org.opencirt.audit;

import io.quarkus.runtime.StartupEvent;
import io.quarkus.runtime.configuration.ConfigUtils;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Keeps the audit trail on where it matters: {@code opencirt.audit.enabled=false} exists for the
 * audit benchmark (which runs the {@code demo} profile) and stops a {@code prod} start.
 */
@ApplicationScoped
class AuditSwitch {

    private static final Logger LOG = Logger.getLogger(AuditSwitch.class);

    void onStart(@Observes StartupEvent event, AuditConfig config) {
        check(config.enabled(), ConfigUtils.getProfiles());
    }

    static void check(boolean enabled, List<String> profiles) {
        if (enabled) {
            return;
        }
        if (profiles.contains("prod")) {
            throw new IllegalStateException(
                    "opencirt.audit.enabled=false is refused in the prod profile: the audit trail cannot be switched off");
        }
        LOG.warnf("the audit trail is OFF (opencirt.audit.enabled=false, profiles %s): nothing is recorded", profiles);
    }
}
