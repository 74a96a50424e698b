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

    private TenantApi() {
    }

    static final String ID_PATTERN = "^[a-z][a-z0-9-]{1,30}[a-z0-9]$";

    /**
     * A national CIRT to onboard.
     *
     * @param id short id chosen by the platform operator, such as {@code cert-ab}: lower-case
     *           letters, digits and dashes, 3 to 32 characters; it becomes the token claim value
     */
    public record CreateTenant(
            @NotNull @Pattern(regexp = ID_PATTERN, message = "must be 3-32 lower-case letters, digits or dashes, starting with a letter") String id,
            @NotBlank @Size(max = 200) String name,
            @NotNull @CountryCode String countryCode,
            @NotBlank @Email @Size(max = 254) String contactEmail,
            @Size(max = 4000) String constituency) {
    }

    /** A change to a CIRT's profile; absent fields stay as they are. */
    public record UpdateTenant(
            @Size(min = 1, max = 200) String name,
            @Email @Size(max = 254) String contactEmail,
            @Size(max = 4000) String constituency) {
    }

    /** A national CIRT as the API shows it. */
    public record TenantView(String id, String name, String countryCode, String contactEmail,
            String constituency, String partnerClientId, Instant createdAt, Instant updatedAt) {

        static TenantView of(Tenant t) {
            return new TenantView(t.id, t.name, t.countryCode, t.contactEmail, t.constituency,
                    t.partnerClientId, t.createdAt, t.updatedAt);
        }
    }

    /**
     * The answer to onboarding a CIRT.
     *
     * @param partnerClientSecret the partner client's secret, shown only when this request
     *                            created the client; store it, it is not shown again
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record TenantCreated(TenantView tenant, String partnerClientId, String partnerClientSecret) {
    }
}
