package org.opencirt.search;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Arrays;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.opencirt.common.audit.Audited;
import org.opencirt.common.problem.ApiException;

/** Platform operations on the search indices. */
@Path("/api/v1/admin/search")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed("platform-admin")
@Tag(name = "Platform administration")
@SecurityRequirement(name = "bearer")
@Audited
public class SearchAdminResource {

    private final Reindexer reindexer;

    SearchAdminResource(Reindexer reindexer) {
        this.reindexer = reindexer;
    }

    @POST
    @Path("/reindex/{projection}")
    @Operation(
            summary =
                    "Rebuild a projection (incidents, advisories, shared_incidents) from PostgreSQL into a new index and swap its alias")
    public Reindexer.Report reindex(@PathParam("projection") String projection) {
        var match = Arrays.stream(Projection.values())
                .filter(p -> p.name().equalsIgnoreCase(projection))
                .findFirst()
                .orElseThrow(() -> ApiException.notFound("Projection '%s'".formatted(projection)));
        return reindexer.reindex(match);
    }
}
