package org.opencirt.advisory.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;
import org.opencirt.tenant.TenantOnboarded;

/**
 * Gives a newly onboarded CIRT its OpenPGP signing key at once. Never fails onboarding: if this
 * fails, the key is generated on first use instead (as for CIRTs that predate advisories).
 */
@ApplicationScoped
class AdvisorySetup {

    private static final Logger LOG = Logger.getLogger(AdvisorySetup.class);

    void onboarded(@Observes TenantOnboarded event, SigningKeyService keys) {
        try {
            keys.ensureKey(event.tenantId());
        } catch (RuntimeException e) {
            LOG.warnf(
                    e,
                    "no signing key generated for %s at onboarding; one is generated on first use",
                    event.tenantId());
        }
    }
}
