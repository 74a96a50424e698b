package org.opencirt.console.exchange;

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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestQuery;
import org.opencirt.common.audit.Audited;
import org.opencirt.common.web.PublicUrl;
import org.opencirt.console.exchange.ExchangeViews.CirtChoice;
import org.opencirt.console.exchange.ExchangeViews.Connection;
import org.opencirt.console.exchange.ExchangeViews.GroupRow;
import org.opencirt.console.exchange.ExchangeViews.PartnerRow;
import org.opencirt.console.web.Chrome;
import org.opencirt.console.web.ConsoleSession;
import org.opencirt.exchange.model.PartnerKind;
import org.opencirt.exchange.service.PartnerService;
import org.opencirt.exchange.service.PartnerService.CreateGroup;
import org.opencirt.exchange.service.PartnerService.CreatePartner;
import org.opencirt.exchange.service.PartnerService.Members;
import org.opencirt.exchange.service.PartnerService.PartnerView;
import org.opencirt.tenant.TenantService;

/**
 * The CIRT's partners and sharing groups. The CIRT admin adds partners (a CIRT of this platform, or a remote
 * organisation, which gets a machine client in Keycloak), removes them and manages the groups; analysts and leads
 * read them. A remote partner's client secret is shown once, in the answer to the form that created it (not a
 * redirect: it must not travel in a URL), and never again.
 */
@Audited
@Path("/console/partners")
@RolesAllowed({"analyst", "lead", "cirt-admin"})
@Produces(MediaType.TEXT_HTML)
public class PartnersPage {

    /** Notices a form may ask the page to show (query {@code done}); anything else shows none. */
    static final Set<String> NOTICES = Set.of("partner", "partner-removed", "group", "group-members", "group-removed");

    @CheckedTemplate(basePath = "console")
    static class Templates {
        static native TemplateInstance partners(
                Chrome chrome,
                List<PartnerRow> partners,
                List<GroupRow> groups,
                List<CirtChoice> cirts,
                Connection connection,
                PartnerRow created,
                boolean canEdit,
                String notice);
    }

    private final ConsoleSession session;
    private final PartnerService partners;
    private final TenantService tenants;
    private final PublicUrl publicUrl;
    private final String authServerUrl;

    PartnersPage(
            ConsoleSession session,
            PartnerService partners,
            TenantService tenants,
            PublicUrl publicUrl,
            @ConfigProperty(name = "quarkus.oidc.auth-server-url") String authServerUrl) {
        this.session = session;
        this.partners = partners;
        this.tenants = tenants;
        this.publicUrl = publicUrl;
        this.authServerUrl = authServerUrl;
    }

    @GET
    @Operation(hidden = true)
    public TemplateInstance page(@RestQuery String done) {
        return page(null, done != null && NOTICES.contains(done) ? done : null);
    }

    @POST
    @Path("/cirt")
    @RolesAllowed("cirt-admin")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Operation(hidden = true)
    public Response addCirt(@RestForm String cirt, @RestForm String name) {
        partners.create(
                session.tenantId(),
                session.actor(),
                new CreatePartner(PartnerKind.CIRT, blankToNull(cirt), blankToNull(name), null, null));
        return back("partner", "partners");
    }

    /** A remote partner: the answer is the page itself, holding the client secret this once. */
    @POST
    @Path("/remote")
    @RolesAllowed("cirt-admin")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Operation(hidden = true)
    public TemplateInstance addRemote(@RestForm String name, @RestForm String country, @RestForm String contacts) {
        var lines = contacts == null
                ? List.<String>of()
                : contacts.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
        var created = partners.create(
                session.tenantId(),
                session.actor(),
                new CreatePartner(
                        PartnerKind.REMOTE,
                        null,
                        name,
                        country == null || country.isBlank()
                                ? null
                                : country.strip().toUpperCase(Locale.ROOT),
                        lines));
        return page(created, null);
    }

    @POST
    @Path("/{id}/removal")
    @RolesAllowed("cirt-admin")
    @Operation(hidden = true)
    public Response remove(@PathParam("id") UUID id) {
        partners.remove(session.tenantId(), id);
        return back("partner-removed", "partners");
    }

    @POST
    @Path("/groups")
    @RolesAllowed("cirt-admin")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Operation(hidden = true)
    public Response addGroup(@RestForm String name, @RestForm("members") List<String> members) {
        partners.createGroup(session.tenantId(), session.actor(), new CreateGroup(name, ids(members)));
        return back("group", "groups");
    }

    @POST
    @Path("/groups/{id}/members")
    @RolesAllowed("cirt-admin")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Operation(hidden = true)
    public Response setMembers(@PathParam("id") UUID id, @RestForm("members") List<String> members) {
        partners.setMembers(session.tenantId(), id, new Members(ids(members)));
        return back("group-members", "groups");
    }

    @POST
    @Path("/groups/{id}/removal")
    @RolesAllowed("cirt-admin")
    @Operation(hidden = true)
    public Response removeGroup(@PathParam("id") UUID id) {
        partners.removeGroup(session.tenantId(), id);
        return back("group-removed", "groups");
    }

    private TemplateInstance page(PartnerView created, String notice) {
        var tenant = session.tenantId();
        var connection = new Connection(
                publicUrl.base() + "/taxii2/",
                "%s/taxii2/%s/".formatted(publicUrl.base(), tenant),
                authServerUrl + "/protocol/openid-connect/token");
        var all = partners.list(tenant);
        var names = new HashMap<UUID, String>();
        all.forEach(p -> names.put(p.id(), p.name()));
        var rows = all.stream().map(p -> row(p, connection)).toList();
        var groups = partners.groups(tenant).stream()
                .map(g -> new GroupRow(
                        g,
                        g.members().stream()
                                .map(m -> names.getOrDefault(m, "?"))
                                .toList()))
                .toList();
        var taken = new ArrayList<String>();
        all.forEach(p -> {
            if (p.cirt() != null) {
                taken.add(p.cirt());
            }
        });
        var cirts = tenants.list().stream()
                .filter(t -> !t.id().equals(tenant) && !taken.contains(t.id()))
                .map(t -> new CirtChoice(t.id(), t.name()))
                .toList();
        var canEdit = session.hasRole("cirt-admin");
        return session.render(Templates.partners(
                session.chrome("partners"),
                rows,
                groups,
                cirts,
                connection,
                created == null ? null : row(created, connection),
                canEdit,
                notice));
    }

    private static PartnerRow row(PartnerView p, Connection connection) {
        if (p.clientId() == null) {
            return new PartnerRow(p, null);
        }
        var curl = """
                TOKEN=$(curl -s -d grant_type=client_credentials -d client_id=%s \\
                  --data-urlencode client_secret="$CLIENT_SECRET" \\
                  %s | jq -r .access_token)
                curl -H "Authorization: Bearer $TOKEN" \\
                  -H "Accept: application/taxii+json;version=2.1" %s""".formatted(p.clientId(), connection.tokenUrl(), connection.discovery());
        return new PartnerRow(p, curl);
    }

    private static List<UUID> ids(List<String> values) {
        return values == null
                ? List.of()
                : values.stream().map(v -> GrantForms.uuid("members", v)).toList();
    }

    private static Response back(String notice, String anchor) {
        return Response.seeOther(URI.create("/console/partners?done=%s#%s".formatted(notice, anchor)))
                .build();
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
