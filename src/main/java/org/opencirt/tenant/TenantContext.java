package org.opencirt.tenant;

import jakarta.enterprise.context.RequestScoped;
import jakarta.json.JsonArray;
import jakarta.json.JsonString;
import java.util.Collection;
import java.util.List;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.opencirt.common.problem.ApiException;
import org.opencirt.common.problem.ProblemType;

/**
 * The national CIRT on whose behalf the current request runs. It comes from the verified
 * access token's tenant claim and from nowhere else: never a header, a path or a body.
 */
@RequestScoped
public class TenantContext {

    private final JsonWebToken token;
    private final TenancyConfig config;
    private final OffboardedCirts offboarded;

    TenantContext(JsonWebToken token, TenancyConfig config, OffboardedCirts offboarded) {
        this.token = token;
        this.config = config;
        this.offboarded = offboarded;
    }

    /**
     * The caller's tenant id.
     *
     * @throws ApiException 403 when the token names no CIRT, or more than one, or one that was offboarded
     *     (a token issued before the offboarding)
     */
    public String tenantId() {
        var values = claimValues();
        if (values.size() != 1) {
            throw new ApiException(
                    ProblemType.NO_TENANT,
                    values.isEmpty()
                            ? "The access token names no national CIRT (claim '%s')".formatted(config.claim())
                            : "The access token names %d national CIRTs (claim '%s'); exactly one is required"
                                    .formatted(values.size(), config.claim()));
        }
        var id = values.getFirst();
        if (offboarded.offboarded(id)) {
            throw new ApiException(
                    ProblemType.NO_TENANT, "The national CIRT the access token names has left this installation");
        }
        return id;
    }

    /**
     * Who is acting, for timelines and audit: the user's login name, or the machine client's id.
     */
    public String actor() {
        for (var claim : List.of("preferred_username", "client_id", "azp", "sub")) {
            var value = token.<Object>getClaim(claim);
            if (value != null) {
                var text = value instanceof JsonString s ? s.getString() : value.toString();
                if (!text.isBlank()) {
                    return claim.equals("preferred_username") && text.startsWith("service-account-")
                            ? text.substring("service-account-".length())
                            : text;
                }
            }
        }
        return "unknown";
    }

    private List<String> claimValues() {
        Object claim = token.getClaim(config.claim());
        return switch (claim) {
            case null -> List.of();
            case JsonString s -> List.of(s.getString());
            case String s -> List.of(s);
            case JsonArray array ->
                array.stream()
                        .map(v -> v instanceof JsonString s ? s.getString() : v.toString())
                        .distinct()
                        .toList();
            case Collection<?> c -> c.stream().map(String::valueOf).distinct().toList();
            default -> List.of(claim.toString());
        };
    }
}
