package org.opencirt.advisory.rest;

import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.RequestScoped;
import org.opencirt.advisory.service.DirectoryService.Reader;
import org.opencirt.common.problem.ApiException;
import org.opencirt.common.web.PublicUrl;
import org.opencirt.tenant.TenantContext;

/** Who reads the directory (a token is optional there), and the public base URL of links. */
@RequestScoped
class CsafReaders {

    private final SecurityIdentity identity;
    private final TenantContext context;
    private final PublicUrl publicUrl;

    CsafReaders(SecurityIdentity identity, TenantContext context, PublicUrl publicUrl) {
        this.identity = identity;
        this.context = context;
        this.publicUrl = publicUrl;
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

    /** The configured public URL, never the request's Host header, which anyone can forge. */
    String base() {
        return publicUrl.base();
    }
}
