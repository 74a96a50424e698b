package org.opencirt.tenant;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** How tenants are recognised in tokens and provisioned in Keycloak. */
@ConfigMapping(prefix = "opencirt.tenancy")
public interface TenancyConfig {

    /** The access-token claim that names the caller's national CIRT (one value, or an array of one). */
    @WithDefault("cirt")
    String claim();

    /** The Keycloak realm in which CIRTs are provisioned. */
    @WithDefault("opencirt")
    String realm();

    /** The audience that tokens must carry to be accepted; added to every partner client provisioned. */
    @WithDefault("opencirt-api")
    String audience();

    /** The realm role given to the service account of a CIRT's partner client. */
    @WithDefault("partner")
    String partnerRole();

    /**
     * How long a token obtained for a client's id and secret (TAXII clients using HTTP Basic) is reused before
     * Keycloak is asked again; never beyond the token's own expiry.
     */
    @WithDefault("60s")
    Duration clientTokenCache();
}
