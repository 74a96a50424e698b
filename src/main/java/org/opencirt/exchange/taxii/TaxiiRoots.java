package org.opencirt.exchange.taxii;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.stream.Stream;
import org.opencirt.common.problem.ApiException;
import org.opencirt.common.web.PublicUrl;
import org.opencirt.exchange.ExchangeConfig;
import org.opencirt.exchange.service.GrantService;
import org.opencirt.tenant.TenantService;

/**
 * The TAXII 2.1 API roots: one per CIRT, at {@code /taxii2/<cirt>/}. A CIRT's own users use its root, and so do
 * the users of every CIRT it shares something with (an active grant reaching that CIRT). Anyone else meets 404,
 * exactly as for a CIRT that does not exist.
 */
@ApplicationScoped
public class TaxiiRoots {

    static final String VERSION = TaxiiMediaTypes.TAXII;

    private final GrantService grants;
    private final TenantService tenants;
    private final PublicUrl publicUrl;
    private final ExchangeConfig config;

    TaxiiRoots(GrantService grants, TenantService tenants, PublicUrl publicUrl, ExchangeConfig config) {
        this.grants = grants;
        this.tenants = tenants;
        this.publicUrl = publicUrl;
        this.config = config;
    }

    public record Discovery(
            String title,
            String description,
            @JsonProperty("default") String defaultRoot,
            @JsonProperty("api_roots") List<String> apiRoots) {}

    public record ApiRoot(
            String title,
            String description,
            List<String> versions,
            @JsonProperty("max_content_length") long maxContentLength) {}

    public record Collection(
            String id,
            String title,
            String description,
            @JsonProperty("can_read") boolean canRead,
            @JsonProperty("can_write") boolean canWrite,
            @JsonProperty("media_types") List<String> mediaTypes) {}

    public record Collections(List<Collection> collections) {}

    /**
     * The roots a CIRT's user may use: its own CIRT's first (the default), then those sharing with it, by id. A
     * partner client (of a remote organisation, or the CIRT's own partner client) uses its CIRT's root only: what
     * other CIRTs share with that CIRT is not shared with its partners.
     */
    public Discovery discovery(String caller, boolean partnerClient) {
        var sharing = partnerClient ? Stream.<String>empty() : grants.cirtsSharingWith(caller).stream();
        var roots = Stream.concat(Stream.of(caller), sharing).map(this::url).toList();
        return new Discovery(
                "OpenCIRT TAXII 2.1",
                "The API roots your CIRT may use: its own, and one for each CIRT on this platform that shares with it",
                url(caller),
                roots);
    }

    /** A root's information, or 404 when the caller's CIRT may not use it. */
    public ApiRoot apiRoot(String caller, boolean partnerClient, String cirt) {
        var name = usable(caller, partnerClient, cirt);
        return new ApiRoot(
                "%s: TAXII 2.1".formatted(name),
                partnerClient
                        ? "What %s shares with you, and its inbox".formatted(name)
                        : caller.equals(cirt)
                                ? "Your own CIRT's indicators, incidents and advisories"
                                : "What %s shares with your CIRT".formatted(name),
                List.of(VERSION),
                config.taxii().maxContentLength());
    }

    /** A root's collections, or 404 when the caller's CIRT may not use the root. */
    public Collections collections(String caller, boolean partnerClient, String cirt) {
        usable(caller, partnerClient, cirt);
        return new Collections(TaxiiCollections.KINDS.stream()
                .map(kind -> collection(cirt, kind))
                .toList());
    }

    /** One collection of a root, or 404 (an unknown id, or a root the caller's CIRT may not use). */
    public Collection collection(String caller, boolean partnerClient, String cirt, String id) {
        usable(caller, partnerClient, cirt);
        return TaxiiCollections.byId(cirt, id)
                .map(kind -> collection(cirt, kind))
                .orElseThrow(() -> ApiException.notFound("Collection"));
    }

    /** The root CIRT's name, once the caller's CIRT is known to be allowed on it; 404 otherwise. */
    private String usable(String caller, boolean partnerClient, String cirt) {
        if (!caller.equals(cirt)
                && (partnerClient || !grants.cirtsSharingWith(caller).contains(cirt))) {
            throw ApiException.notFound("API root");
        }
        return tenants.get(cirt).name();
    }

    private Collection collection(String cirt, TaxiiCollections.Kind kind) {
        return new Collection(
                TaxiiCollections.id(cirt, kind.name()).toString(),
                kind.title(),
                kind.description(),
                kind.canRead(),
                kind.canWrite(),
                List.of(TaxiiMediaTypes.STIX));
    }

    private String url(String cirt) {
        return "%s/taxii2/%s/".formatted(publicUrl.base(), cirt);
    }
}
