package org.opencirt.exchange.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.UUID;
import org.opencirt.advisory.service.AdvisoryService;
import org.opencirt.common.Tlp;
import org.opencirt.common.WireEnum;
import org.opencirt.common.problem.ApiException;
import org.opencirt.exchange.model.Audience;
import org.opencirt.exchange.model.IncidentPart;
import org.opencirt.exchange.model.SharedObjectType;
import org.opencirt.exchange.repository.ExchangeRepositories;
import org.opencirt.exchange.repository.SharingGrant;
import org.opencirt.incident.service.IncidentService;

/**
 * Grants: a CIRT shares one of its incidents or advisories with the platform's community, one of
 * its sharing groups, or named partners, as far as the object's TLP label allows
 * ({@link SharingRules}). Revoking ends a grant; the row stays, so that who could see what, and
 * until when, is never lost.
 */
@ApplicationScoped
public class GrantService {

    static final int MAX_PARTNERS = 100;

    private final ExchangeRepositories.Grants grants;
    private final PartnerService partners;
    private final IncidentService incidents;
    private final AdvisoryService advisories;
    private final Clock clock;

    private final SharedCopies copies;

    GrantService(
            ExchangeRepositories.Grants grants,
            PartnerService partners,
            IncidentService incidents,
            AdvisoryService advisories,
            SharedCopies copies,
            Clock clock) {
        this.copies = copies;
        this.grants = grants;
        this.partners = partners;
        this.incidents = incidents;
        this.advisories = advisories;
        this.clock = clock;
    }

    /**
     * Shares an object. {@code group} goes with audience {@code group}, {@code partners} with
     * {@code partners}; {@code parts} only with an incident (default: summary, classification,
     * observables).
     */
    public record CreateGrant(
            @NotNull SharedObjectType objectType,
            @NotNull UUID objectId,
            @NotNull Audience audience,
            UUID group,
            @Size(max = MAX_PARTNERS) List<@NotNull UUID> partners,
            @Size(max = 5) List<@NotNull IncidentPart> parts) {}

    public record GrantView(
            UUID id,
            SharedObjectType objectType,
            UUID objectId,
            Tlp tlp,
            Audience audience,
            UUID group,
            List<UUID> partners,
            List<IncidentPart> parts,
            String grantedBy,
            Instant grantedAt,
            String revokedBy,
            Instant revokedAt) {}

    /**
     * @throws ApiException 404 when the object is not the CIRT's, 400 naming the TLP rule a grant
     *         would break or what else is wrong with it
     */
    @Transactional
    public GrantView grant(String tenant, String actor, @NotNull @Valid CreateGrant command) {
        var tlp = labelOf(tenant, command.objectType(), command.objectId());
        var refusal = SharingRules.refusal(tlp, command.audience());
        if (refusal.isPresent()) {
            throw ApiException.invalid("/audience", refusal.get());
        }
        var grant = new SharingGrant();
        grant.id = UUID.randomUUID();
        grant.tenant = tenant;
        grant.objectType = command.objectType();
        grant.objectId = command.objectId();
        grant.audience = command.audience();
        grant.groupId = recipientGroup(tenant, command);
        grant.partners = recipientPartners(tenant, command);
        grant.parts = parts(command).stream().map(WireEnum::wire).toList();
        grant.grantedBy = actor;
        grant.grantedAt = clock.instant();
        grants.persist(grant);
        if (grant.objectType == SharedObjectType.INCIDENT) {
            copies.refresh(tenant, grant.objectId);
        }
        return view(grant, tlp);
    }

    /** The grants of one of the CIRT's objects, revoked ones too, oldest first. */
    public List<GrantView> list(String tenant, SharedObjectType type, UUID objectId) {
        var tlp = labelOf(tenant, type, objectId);
        return grants.listFor(tenant, type, objectId).stream()
                .map(g -> view(g, tlp))
                .toList();
    }

    /**
     * The other CIRTs on this platform that share something with a CIRT: each has at least one active grant
     * reaching it (to the community, to the partner record naming it, or to a group holding that partner).
     */
    public List<String> cirtsSharingWith(String cirt) {
        return grants.ownersReaching(cirt);
    }

    public GrantView get(String tenant, UUID id) {
        var grant = grant(tenant, id);
        return view(grant, labelOf(tenant, grant.objectType, grant.objectId));
    }

    /** Ends a grant (once: revoking a revoked grant changes nothing). */
    @Transactional
    public GrantView revoke(String tenant, String actor, UUID id) {
        var grant = grant(tenant, id);
        if (grant.revokedAt == null) {
            grant.revokedAt = clock.instant();
            grant.revokedBy = actor;
            if (grant.objectType == SharedObjectType.INCIDENT) {
                copies.refresh(tenant, grant.objectId);
            }
        }
        return view(grant, labelOf(tenant, grant.objectType, grant.objectId));
    }

    /** The TLP label of one of the CIRT's objects (404 when it is not the CIRT's). */
    private Tlp labelOf(String tenant, SharedObjectType type, UUID id) {
        return switch (type) {
            case INCIDENT -> incidents.get(tenant, id).tlp();
            case ADVISORY ->
                Tlp.ofLabel(advisories.get(tenant, id).tlp())
                        .orElseThrow(() -> ApiException.invalid(
                                "/objectId", "the advisory has no TLP label: set one before sharing it"));
        };
    }

    UUID recipientGroup(String tenant, CreateGrant command) {
        if (command.audience() != Audience.GROUP) {
            if (command.group() != null) {
                throw ApiException.invalid("/group", "only a grant to audience 'group' names a sharing group");
            }
            return null;
        }
        if (command.group() == null) {
            throw ApiException.invalid("/group", "names the sharing group to share with");
        }
        try {
            return partners.sharingGroup(tenant, command.group()).id;
        } catch (ApiException notFound) {
            throw ApiException.invalid("/group", "not one of your sharing groups");
        }
    }

    List<UUID> recipientPartners(String tenant, CreateGrant command) {
        var named = command.partners() == null ? List.<UUID>of() : command.partners();
        if (command.audience() != Audience.PARTNERS) {
            if (!named.isEmpty()) {
                throw ApiException.invalid("/partners", "only a grant to audience 'partners' names partners");
            }
            return List.of();
        }
        if (named.isEmpty()) {
            throw ApiException.invalid("/partners", "names at least one partner to share with");
        }
        return partners.ownPartners(tenant, named, "/partners");
    }

    static List<IncidentPart> parts(CreateGrant command) {
        var given = command.parts() == null ? List.<IncidentPart>of() : command.parts();
        if (command.objectType() != SharedObjectType.INCIDENT) {
            if (!given.isEmpty()) {
                throw ApiException.invalid(
                        "/parts", "only an incident's grant chooses parts: an advisory is shared whole");
            }
            return List.of();
        }
        return given.isEmpty() ? IncidentPart.DEFAULT : List.copyOf(new LinkedHashSet<>(given));
    }

    private SharingGrant grant(String tenant, UUID id) {
        return grants.findFor(tenant, id).orElseThrow(() -> ApiException.notFound("Grant"));
    }

    private static GrantView view(SharingGrant g, Tlp tlp) {
        var parts = new ArrayList<IncidentPart>();
        g.parts.forEach(p -> parts.add(WireEnum.fromWire(IncidentPart.class, p)));
        return new GrantView(
                g.id,
                g.objectType,
                g.objectId,
                tlp,
                g.audience,
                g.groupId,
                g.partners,
                parts,
                g.grantedBy,
                g.grantedAt,
                g.revokedBy,
                g.revokedAt);
    }
}
