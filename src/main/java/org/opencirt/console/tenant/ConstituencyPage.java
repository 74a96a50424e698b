package org.opencirt.console.tenant;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.resteasy.reactive.RestForm;
import org.opencirt.common.WireEnum;
import org.opencirt.common.audit.Audited;
import org.opencirt.common.problem.ApiException;
import org.opencirt.console.web.Chrome;
import org.opencirt.console.web.ConsoleSession;
import org.opencirt.tenant.TenantDirectory;
import org.opencirt.tenant.TenantDirectory.Member;
import org.opencirt.tenant.constituency.ConstituencyKind;
import org.opencirt.tenant.constituency.ConstituencyService;
import org.opencirt.tenant.constituency.ConstituencyService.AddEntries;
import org.opencirt.tenant.constituency.ConstituencyService.EntryInput;
import org.opencirt.tenant.constituency.ConstituencyService.EntryView;

/**
 * The CIRT's constituency (networks, ASNs, domains; the CIRT admin adds and removes entries) and its people: the
 * members of each role and the partner client, as Keycloak holds them, with a link to Keycloak's admin console
 * where they are managed.
 */
@Audited
@Path("/console/constituency")
@RolesAllowed({"analyst", "lead", "cirt-admin"})
@Produces(MediaType.TEXT_HTML)
public class ConstituencyPage {

    /** The members of one role. */
    public record RoleMembers(String role, List<Member> members) {}

    @CheckedTemplate(basePath = "console")
    static class Templates {
        static native TemplateInstance constituency(
                Chrome chrome,
                List<EntryView> entries,
                List<String> kinds,
                List<RoleMembers> roles,
                String partnerClient,
                String keycloakUsers,
                boolean canEdit);
    }

    private final ConsoleSession session;
    private final ConstituencyService constituency;
    private final TenantDirectory directory;
    private final String keycloakUrl;

    ConstituencyPage(
            ConsoleSession session,
            ConstituencyService constituency,
            TenantDirectory directory,
            @ConfigProperty(name = "opencirt.keycloak.url") String keycloakUrl) {
        this.session = session;
        this.constituency = constituency;
        this.directory = directory;
        this.keycloakUrl = keycloakUrl;
    }

    @GET
    @Operation(hidden = true)
    public TemplateInstance page() {
        var tenant = session.tenantId();
        var roles = List.of("analyst", "lead", "cirt-admin").stream()
                .map(r -> new RoleMembers(r, directory.members(tenant, r)))
                .toList();
        return session.render(Templates.constituency(
                session.chrome("constituency"),
                constituency.list(tenant),
                WireEnum.wireValues(ConstituencyKind.class),
                roles,
                tenant + "-partner",
                keycloakUrl + "/admin/master/console/#/opencirt/users",
                session.hasRole("cirt-admin")));
    }

    @POST
    @RolesAllowed("cirt-admin")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Operation(hidden = true)
    public Response add(@RestForm String kind, @RestForm String value, @RestForm String label) {
        ConstituencyKind parsed;
        try {
            parsed = WireEnum.fromWire(ConstituencyKind.class, kind);
        } catch (IllegalArgumentException e) {
            throw ApiException.invalid("kind", e.getMessage());
        }
        constituency.add(
                session.tenantId(),
                new AddEntries(
                        List.of(new EntryInput(parsed, value, label == null || label.isBlank() ? null : label))));
        return Response.seeOther(URI.create("/console/constituency")).build();
    }

    @POST
    @Path("/{id}/removal")
    @RolesAllowed("cirt-admin")
    @Operation(hidden = true)
    public Response remove(@PathParam("id") UUID id) {
        constituency.remove(session.tenantId(), id);
        return Response.seeOther(URI.create("/console/constituency")).build();
    }
}
