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
import org.opencirt.common.NameUuids;
import org.opencirt.common.Tlp;
import org.opencirt.common.WireEnum;
import org.opencirt.common.problem.ApiException;
import org.opencirt.exchange.model.Audience;
import org.opencirt.exchange.model.IncidentPart;
import org.opencirt.exchange.model.SharedObjectType;
import org.opencirt.exchange.repository.ExchangeRepositories;
import org.opencirt.exchange.repository.SharingGrant;
import org.opencirt.feed.service.FeedService;
import org.opencirt.incident.service.IncidentService;

/**
 * Grants: a CIRT shares one of its incidents or advisories, or the indicators of one of its own
 * feeds (those it adds later included), with the platform's community, one of its sharing groups,
 * or named partners, as far as the object's TLP label allows ({@link SharingRules}). Revoking ends a
 * grant; the row stays, so that who could see what, and until when, is never lost.
 */
@ApplicationScoped
public class GrantService {

    static final int MAX_PARTNERS = 100;

    /** The namespace of the name-based UUIDs that stand for a CIRT's feed as a grant's object id. */
    static final UUID FEED_NAMESPACE = UUID.fromString("5ae2d802-dd92-47a8-8a29-9483c48c1f95");

    private final ExchangeRepositories.Grants grants;
    private final PartnerService partners;
    private final IncidentService incidents;
    private final AdvisoryService advisories;
    private final FeedService feeds;
    private final Clock clock;

    private final SharedCopies copies;

    GrantService(
            ExchangeRepositories.Grants grants,
            PartnerService partners,
            IncidentService incidents,
            AdvisoryService advisories,
            FeedService feeds,
            SharedCopies copies,
            Clock clock) {
        this.copies = copies;
        this.grants = grants;
        this.partners = partners;
        this.incidents = incidents;
        this.advisories = advisories;
        this.feeds = feeds;
        this.clock = clock;
    }

    /**
     * Shares an object. An incident or an advisory is named by {@code objectId}, a feed by {@code feed} (its id in the
     * CIRT). {@code group} goes with audience {@code group}, {@code partners} with {@code partners}; {@code parts} only
     * with an incident (default: summary, classification, observables).
     */
    public record CreateGrant(
            @NotNull SharedObjectType objectType,
            UUID objectId,
            @NotNull Audience audience,
            UUID group,
            @Size(max = MAX_PARTNERS) List<@NotNull UUID> partners,
            @Size(max = 5) List<@NotNull IncidentPart> parts,
            @Size(max = 64) String feed) {

        /** A grant of an incident or an advisory. */
        public CreateGrant(
                SharedObjectType objectType,
                UUID objectId,
                Audience audience,
                UUID group,
                List<UUID> partners,
                List<IncidentPart> parts) {
            this(objectType, objectId, audience, group, partners, parts, null);
        }
    }

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
            Instant revokedAt,
            String feed) {}

    /**
     * @throws ApiException 404 when the object is not the CIRT's, 400 naming the TLP rule a grant
     *         would break or what else is wrong with it
     */
    @Transactional
    public GrantView grant(String tenant, String actor, @NotNull @Valid CreateGrant command) {
        var feed = feedOf(command);
        var objectId = feed == null ? command.objectId() : feedObjectId(tenant, feed);
        var tlp = labelOf(tenant, command.objectType(), objectId, feed);
        var refusal = SharingRules.refusal(tlp, command.audience());
        if (refusal.isPresent()) {
            throw ApiException.invalid("/audience", refusal.get());
        }
        var grant = new SharingGrant();
        grant.id = UUID.randomUUID();
        grant.tenant = tenant;
        grant.objectType = command.objectType();
        grant.objectId = objectId;
        grant.feed = feed;
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
        return list(tenant, type, objectId, null);
    }

    /**
     * The grants of one of the CIRT's objects (a feed named by {@code feed}, else by {@code objectId}), revoked ones
     * too, oldest first.
     */
    public List<GrantView> list(String tenant, SharedObjectType type, UUID objectId, String feed) {
        if (type == SharedObjectType.FEED) {
            if (feed == null || feed.isBlank()) {
                throw ApiException.invalid("feed", "names the feed whose grants to list");
            }
            objectId = feedObjectId(tenant, feed.strip());
            feed = feed.strip();
        } else if (objectId == null) {
            throw ApiException.invalid("objectId", "an id");
        }
        var tlp = labelOf(tenant, type, objectId, feed);
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
        return view(grant, labelOf(tenant, grant.objectType, grant.objectId, grant.feed));
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
        return view(grant, labelOf(tenant, grant.objectType, grant.objectId, grant.feed));
    }

    /** The object id of a grant of one of the CIRT's feeds: a name-based UUID of the CIRT and the feed's id. */
    public static UUID feedObjectId(String tenant, String feed) {
        return NameUuids.v5(FEED_NAMESPACE, tenant + "/" + feed);
    }

    /** The feed a command names: with a feed (and no objectId), else none (with an objectId). */
    private static String feedOf(CreateGrant command) {
        if (command.objectType() == SharedObjectType.FEED) {
            if (command.objectId() != null) {
                throw ApiException.invalid("/objectId", "a feed is named by 'feed' (its id), not by objectId");
            }
            if (command.feed() == null || command.feed().isBlank()) {
                throw ApiException.invalid("/feed", "names the feed (its id) whose indicators to share");
            }
            return command.feed().strip();
        }
        if (command.feed() != null) {
            throw ApiException.invalid("/feed", "only a grant of objectType 'feed' names a feed");
        }
        if (command.objectId() == null) {
            throw ApiException.invalid("/objectId", "names the incident or advisory to share");
        }
        return null;
    }

    /** The TLP label of one of the CIRT's objects (404 when it is not the CIRT's). */
    private Tlp labelOf(String tenant, SharedObjectType type, UUID id, String feed) {
        return switch (type) {
            case FEED -> feeds.ownFeedLabel(tenant, feed);
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
                g.revokedAt,
                g.feed);
    }
}
