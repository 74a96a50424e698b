package org.opencirt.console.exchange;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.resteasy.reactive.RestForm;
import org.opencirt.common.WireEnum;
import org.opencirt.common.audit.Audited;
import org.opencirt.common.problem.ApiException;
import org.opencirt.console.web.ConsoleSession;
import org.opencirt.exchange.model.Audience;
import org.opencirt.exchange.model.IncidentPart;
import org.opencirt.exchange.model.SharedObjectType;
import org.opencirt.exchange.service.GrantService;
import org.opencirt.exchange.service.GrantService.CreateGrant;

/**
 * The "Share" forms of the incident workspace, the advisory page and a CIRT's own feed's page: a lead or CIRT admin grants the object to the
 * community, a sharing group or named partners, or revokes a grant; each answers 303 back to the object's page. The
 * TLP rules are the service's: a forced form the page disabled still gets the 400 page naming the rule.
 */
@Audited
@Path("/console/grants")
@RolesAllowed({"lead", "cirt-admin"})
@Produces(MediaType.TEXT_HTML)
public class GrantForms {

    private final ConsoleSession session;
    private final GrantService grants;

    GrantForms(ConsoleSession session, GrantService grants) {
        this.session = session;
        this.grants = grants;
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Operation(hidden = true)
    public Response grant(
            @RestForm String objectType,
            @RestForm String objectId,
            @RestForm String feed,
            @RestForm String audience,
            @RestForm String group,
            @RestForm("partners") List<String> partners,
            @RestForm("parts") List<String> parts) {
        var type = wire(SharedObjectType.class, "objectType", objectType);
        var isFeed = type == SharedObjectType.FEED;
        var id = isFeed ? null : uuid("objectId", objectId);
        var chosen = wire(Audience.class, "audience", audience);
        var partnerIds = new ArrayList<UUID>();
        if (chosen == Audience.PARTNERS && partners != null) {
            partners.forEach(p -> partnerIds.add(uuid("partners", p)));
        }
        var partList = new ArrayList<IncidentPart>();
        if (type == SharedObjectType.INCIDENT && parts != null) {
            parts.forEach(p -> partList.add(wire(IncidentPart.class, "parts", p)));
        }
        grants.grant(
                session.tenantId(),
                session.actor(),
                new CreateGrant(
                        type,
                        id,
                        chosen,
                        chosen == Audience.GROUP ? uuid("group", group) : null,
                        partnerIds,
                        partList,
                        isFeed ? feed : null));
        return back(type, id, isFeed ? feed : null, "grant");
    }

    @POST
    @Path("/{id}/revocation")
    @Operation(hidden = true)
    public Response revoke(@PathParam("id") UUID id) {
        var revoked = grants.revoke(session.tenantId(), session.actor(), id);
        return back(revoked.objectType(), revoked.objectId(), revoked.feed(), "revoke");
    }

    private static Response back(SharedObjectType type, UUID id, String feed, String notice) {
        var target = switch (type) {
            case INCIDENT -> "/console/incidents/%s?done=%s#share".formatted(id, notice);
            case ADVISORY -> "/console/advisories/%s#share".formatted(id);
            case FEED -> "/console/feeds/%s#share".formatted(URLEncoder.encode(feed, StandardCharsets.UTF_8));
        };
        return Response.seeOther(URI.create(target)).build();
    }

    static <E extends Enum<E> & WireEnum> E wire(Class<E> type, String field, String value) {
        try {
            return WireEnum.fromWire(type, value == null ? "" : value);
        } catch (IllegalArgumentException e) {
            throw ApiException.invalid(field, e.getMessage());
        }
    }

    static UUID uuid(String field, String value) {
        try {
            return UUID.fromString(value == null ? "" : value.strip());
        } catch (IllegalArgumentException e) {
            throw ApiException.invalid(field, "choose one");
        }
    }
}
