package org.opencirt.exchange.taxii;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestQuery;
import org.opencirt.common.audit.Audited;
import org.opencirt.common.audit.SensitiveRead;
import org.opencirt.common.problem.ApiException;
import org.opencirt.exchange.service.ExchangeQuota;

/**
 * TAXII 2.1 reads of a root's collections: objects, one object, its versions, the manifest (docs/exchange.md, ADR 25).
 * Every filter of the spec: {@code added_after}, {@code match[id|type|version|spec_version]} (a comma means OR),
 * {@code limit} and {@code next}; pages carry {@code X-TAXII-Date-Added-First} and {@code -Last}.
 */
@Path("/taxii2")
@Produces(TaxiiMediaTypes.TAXII)
@RolesAllowed({"analyst", "lead", "cirt-admin", TaxiiCaller.PARTNER_ROLE})
@Tag(name = "TAXII")
@SecurityRequirement(name = "bearer")
@Audited
public class TaxiiObjectsResource {

    static final String FIRST = "X-TAXII-Date-Added-First";
    static final String LAST = "X-TAXII-Date-Added-Last";

    private final TaxiiObjects objects;
    private final TaxiiCaller caller;
    private final ExchangeQuota quota;

    TaxiiObjectsResource(TaxiiObjects objects, TaxiiCaller caller, ExchangeQuota quota) {
        this.objects = objects;
        this.caller = caller;
        this.quota = quota;
    }

    /** A page of objects. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Envelope(boolean more, String next, List<ObjectNode> objects) {}

    /** What the manifest says of one object. */
    public record ManifestRecord(
            String id,
            @JsonProperty("date_added") String dateAdded,
            String version,
            @JsonProperty("media_type") String mediaType) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Manifest(boolean more, String next, List<ManifestRecord> objects) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Versions(boolean more, String next, List<String> versions) {}

    @GET
    @Path("/{cirt}/collections/{id}/objects/")
    @Operation(summary = "The objects of a collection", description = """
                    In the order they became visible to your CIRT (date_added), a page at a time: limit (default 100, \
                    at most 1000), more and next. 403 for the inbox, 404 for an unknown collection or root.""")
    @SensitiveRead
    public Response objects(
            @PathParam("cirt") String cirt,
            @PathParam("id") String id,
            @RestQuery("added_after") String addedAfter,
            @RestQuery("match[id]") List<String> ids,
            @RestQuery("match[type]") List<String> types,
            @RestQuery("match[version]") List<String> versions,
            @RestQuery("match[spec_version]") List<String> specVersions,
            @RestQuery String limit,
            @RestQuery String next) {
        var query = TaxiiQuery.of(addedAfter, ids, types, versions, specVersions, limit, next);
        return envelope(delivered(cirt, objects.read(caller.cirt(), caller.readingPartner(), cirt, id, query)), false);
    }

    @GET
    @Path("/{cirt}/collections/{id}/objects/{objectId}/")
    @Operation(
            summary = "One object of a collection",
            description = "Its versions that match; 404 when it has none your CIRT may see.")
    @SensitiveRead
    public Response object(
            @PathParam("cirt") String cirt,
            @PathParam("id") String id,
            @PathParam("objectId") String objectId,
            @RestQuery("added_after") String addedAfter,
            @RestQuery("match[version]") List<String> versions,
            @RestQuery("match[spec_version]") List<String> specVersions,
            @RestQuery String limit,
            @RestQuery String next) {
        var query = TaxiiQuery.of(addedAfter, null, null, versions, specVersions, limit, next)
                .forObject(objectId);
        return envelope(delivered(cirt, objects.read(caller.cirt(), caller.readingPartner(), cirt, id, query)), true);
    }

    @GET
    @Path("/{cirt}/collections/{id}/objects/{objectId}/versions/")
    @Operation(summary = "The versions of one object", description = "404 when it has none your CIRT may see.")
    @SensitiveRead
    public Response versions(
            @PathParam("cirt") String cirt,
            @PathParam("id") String id,
            @PathParam("objectId") String objectId,
            @RestQuery("added_after") String addedAfter,
            @RestQuery("match[spec_version]") List<String> specVersions,
            @RestQuery String limit,
            @RestQuery String next) {
        var query = TaxiiQuery.of(addedAfter, null, null, null, specVersions, limit, next)
                .allVersions(objectId);
        var result = objects.read(caller.cirt(), caller.readingPartner(), cirt, id, query);
        if (result.items().isEmpty()) {
            throw ApiException.notFound("Object");
        }
        return headers(
                        Response.ok(new Versions(
                                result.more(),
                                result.next(),
                                result.items().stream()
                                        .map(TaxiiObjects.Item::version)
                                        .toList())),
                        result)
                .build();
    }

    @GET
    @Path("/{cirt}/collections/{id}/manifest/")
    @Operation(
            summary = "The manifest of a collection",
            description = "What objects holds, without their content: id, date_added, version, media type.")
    @SensitiveRead
    public Response manifest(
            @PathParam("cirt") String cirt,
            @PathParam("id") String id,
            @RestQuery("added_after") String addedAfter,
            @RestQuery("match[id]") List<String> ids,
            @RestQuery("match[type]") List<String> types,
            @RestQuery("match[version]") List<String> versions,
            @RestQuery("match[spec_version]") List<String> specVersions,
            @RestQuery String limit,
            @RestQuery String next) {
        var query = TaxiiQuery.of(addedAfter, ids, types, versions, specVersions, limit, next);
        var result = objects.read(caller.cirt(), caller.readingPartner(), cirt, id, query);
        var records = result.items().stream()
                .map(item -> new ManifestRecord(
                        item.id(),
                        TaxiiObjects.TIMESTAMP.format(item.dateAdded()),
                        item.version(),
                        TaxiiMediaTypes.STIX))
                .toList();
        return headers(Response.ok(new Manifest(result.more(), result.next(), records)), result)
                .build();
    }

    /**
     * Takes the objects of a page from the reader's quota of the day (all or none: 429 when they do not fit), unless
     * the reader's CIRT owns the root.
     */
    private TaxiiObjects.Result delivered(String cirt, TaxiiObjects.Result result) {
        quota.objectsOf(cirt, caller.cirt(), caller.readingPartner())
                .ifPresent(subject -> quota.takeObjects(subject, result.items().size()));
        return result;
    }

    private static Response envelope(TaxiiObjects.Result result, boolean one) {
        if (one && result.items().isEmpty()) {
            throw ApiException.notFound("Object");
        }
        var body = new Envelope(
                result.more(),
                result.next(),
                result.items().stream().map(TaxiiObjects.Item::object).toList());
        return headers(Response.ok(body), result).build();
    }

    private static Response.ResponseBuilder headers(Response.ResponseBuilder response, TaxiiObjects.Result result) {
        if (!result.items().isEmpty()) {
            response.header(FIRST, result.first()).header(LAST, result.last());
        }
        return response;
    }
}
