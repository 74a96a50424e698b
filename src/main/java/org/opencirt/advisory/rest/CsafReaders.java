package org.opencirt.advisory.rest;

import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.RequestScoped;
import jakarta.ws.rs.core.UriInfo;
import org.opencirt.advisory.service.AdvisoryConfig;
import org.opencirt.advisory.service.DirectoryService.Reader;
import org.opencirt.common.problem.ApiException;
import org.opencirt.tenant.TenantContext;

/** Who reads the directory (a token is optional there), and the public base URL of links. */
@RequestScoped
class CsafReaders {

    private final SecurityIdentity identity;
    private final TenantContext context;
    private final AdvisoryConfig config;

    CsafReaders(SecurityIdentity identity, TenantContext context, AdvisoryConfig config) {
        this.identity = identity;
        this.context = context;
        this.config = config;
    }

    Reader reader() {
        if (identity.isAnonymous()) {
            return Reader.nobody();
        }
        String tenant;
        try {
            tenant = context.tenantId();
        } catch (ApiException e) {
            tenant = null; // a token of no CIRT (the platform admin) reads only what is public
        }
        return new Reader(false, tenant, identity.getRoles());
    }

    String base(UriInfo uri) {
        var base = config.publicUrl().orElse(uri.getBaseUri().toString());
        return base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    }
}
