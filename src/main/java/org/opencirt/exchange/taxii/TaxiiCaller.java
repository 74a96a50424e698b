package org.opencirt.exchange.taxii;

import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.RequestScoped;
import jakarta.json.JsonString;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.opencirt.common.problem.ApiException;
import org.opencirt.common.problem.ProblemType;
import org.opencirt.tenant.PartnerClients;
import org.opencirt.tenant.TenantContext;

/**
 * Who reads a TAXII root: one of a CIRT's users, or a partner's machine client. A partner client's token names the
 * CIRT whose partner it is (its tenant) and, for a remote partner, the partner ({@link PartnerClients#PARTNER_CLAIM}).
 */
@RequestScoped
public class TaxiiCaller {

    static final String PARTNER_ROLE = "partner";

    private final TenantContext tenant;
    private final SecurityIdentity identity;
    private final JsonWebToken token;

    TaxiiCaller(TenantContext tenant, SecurityIdentity identity, JsonWebToken token) {
        this.tenant = tenant;
        this.identity = identity;
        this.token = token;
    }

    /** The caller's CIRT: its own, or the one whose partner the client is. */
    String cirt() {
        return tenant.tenantId();
    }

    /** Who acts, for the records: the user's login or the client's id. */
    String actor() {
        return tenant.actor();
    }

    /** One of the CIRT's analysts, leads or admins. */
    boolean isStaff() {
        return identity.hasRole("analyst") || identity.hasRole("lead") || identity.hasRole("cirt-admin");
    }

    boolean isCirtAdmin() {
        return identity.hasRole("cirt-admin");
    }

    /** A partner's machine client rather than one of the CIRT's users: it uses only its CIRT's root. */
    public boolean isPartnerClient() {
        return identity.hasRole(PARTNER_ROLE) && !isStaff();
    }

    /** The partner the token names ({@link PartnerClients#PARTNER_CLAIM}), as sent, or null. */
    public String partnerClaim() {
        Object claim = token.getClaim(PartnerClients.PARTNER_CLAIM);
        return claim instanceof JsonString s ? s.getString() : claim == null ? null : claim.toString();
    }

    /**
     * For a partner client, the remote partner it stands for; empty for a CIRT's users.
     *
     * @throws ApiException 403 for a partner client that names no remote partner (a CIRT's generic partner client,
     *     which submits incidents and reads nothing)
     */
    Optional<UUID> readingPartner() {
        if (!isPartnerClient()) {
            return Optional.empty();
        }
        var text = partnerClaim();
        try {
            return Optional.of(UUID.fromString(text == null ? "" : text));
        } catch (IllegalArgumentException e) {
            throw new ApiException(
                    ProblemType.FORBIDDEN,
                    "This client reads no collection: only a declared remote partner's client does");
        }
    }
}
