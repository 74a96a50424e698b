package org.opencirt.tenant;

import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.Instant;

/** The bodies of the tenant API. Entities never leave the service. */
public final class TenantApi {

    private TenantApi() {}

    static final String ID_PATTERN = "^[a-z][a-z0-9-]{1,30}[a-z0-9]$";

    /**
     * Ids no CIRT may take: names the platform uses for itself ({@code global} and
     * {@code platform} own shared indicators and feeds), first path segments of its own routes
     * (a CIRT's id appears in paths such as {@code /.well-known/csaf/<id>}), and names that would
     * read as the platform's own in mail, logs or tokens.
     */
    static final java.util.Set<String> RESERVED_IDS = java.util.Set.of(
            "global",
            "platform",
            "system",
            "opencirt",
            "taxii",
            "api",
            "admin",
            "console",
            "well-known",
            "public",
            "static",
            "assets",
            "openapi",
            "swagger-ui",
            "health",
            "metrics",
            "q",
            "csaf",
            "advisories",
            "reports",
            "auth",
            "login",
            "logout",
            "realms",
            "keycloak",
            "root",
            "default",
            "all",
            "none",
            "null",
            "www",
            "mail",
            "security",
            "abuse",
            "postmaster",
            "support");

    /**
     * A national CIRT to onboard.
     *
     * @param id short id chosen by the platform operator, such as {@code cert-ab}: lower-case
     *           letters, digits and dashes, 3 to 32 characters; it becomes the token claim value
     */
    public record CreateTenant(
            @NotNull
            @Pattern(
                    regexp = ID_PATTERN,
                    message = "must be 3-32 lower-case letters, digits or dashes, starting with a letter")
            String id,

            @NotBlank @Size(max = 200) String name,
            @NotNull @CountryCode String countryCode,
            @NotBlank @Email @Size(max = 254) String contactEmail,
            @Size(max = 4000) String constituency) {}

    /** A change to a CIRT's profile; absent fields stay as they are. */
    public record UpdateTenant(
            @Size(min = 1, max = 200) String name,
            @Email @Size(max = 254) String contactEmail,
            @Size(max = 4000) String constituency) {}

    /** A national CIRT as the API shows it. */
    public record TenantView(
            String id,
            String name,
            String countryCode,
            String contactEmail,
            String constituency,
            String partnerClientId,
            Instant createdAt,
            Instant updatedAt) {

        static TenantView of(Tenant t) {
            return new TenantView(
                    t.id,
                    t.name,
                    t.countryCode,
                    t.contactEmail,
                    t.constituency,
                    t.partnerClientId,
                    t.createdAt,
                    t.updatedAt);
        }
    }

    /**
     * The answer to onboarding a CIRT.
     *
     * @param partnerClientSecret the partner client's secret, shown only when this request
     *                            created the client; store it, it is not shown again
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record TenantCreated(TenantView tenant, String partnerClientId, String partnerClientSecret) {}
}
