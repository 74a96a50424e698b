package org.opencirt.console.exchange;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.opencirt.common.Tlp;
import org.opencirt.common.WireEnum;
import org.opencirt.console.exchange.ExchangeViews.AudienceOption;
import org.opencirt.console.exchange.ExchangeViews.GrantRow;
import org.opencirt.console.exchange.ExchangeViews.Named;
import org.opencirt.console.exchange.ExchangeViews.ShareSection;
import org.opencirt.exchange.model.Audience;
import org.opencirt.exchange.model.IncidentPart;
import org.opencirt.exchange.model.SharedObjectType;
import org.opencirt.exchange.service.GrantService;
import org.opencirt.exchange.service.GrantService.GrantView;
import org.opencirt.exchange.service.PartnerService;
import org.opencirt.exchange.service.SharingRules;
import org.opencirt.feed.service.FeedService;

/**
 * Builds the "Share" section of the incident workspace, the advisory page and a CIRT's own feed's page: the object's grants with their
 * recipients by name, and for each audience the TLP rule that forbids it ({@link SharingRules}, the same words as the
 * API's 400), so that the form disables what the server would refuse anyway.
 */
@ApplicationScoped
public class ShareSections {

    private final GrantService grants;
    private final PartnerService partners;
    private final FeedService feeds;

    ShareSections(GrantService grants, PartnerService partners, FeedService feeds) {
        this.grants = grants;
        this.partners = partners;
        this.feeds = feeds;
    }

    /** The section of one of the CIRT's incidents. */
    public ShareSection incident(String tenant, UUID id, Tlp tlp, boolean canGrant) {
        return section(tenant, SharedObjectType.INCIDENT, id, tlp, canGrant);
    }

    /** The section of one of the CIRT's advisories; its CSAF label may be missing, and then nothing can be shared. */
    public ShareSection advisory(String tenant, UUID id, String label, boolean canGrant) {
        return section(tenant, SharedObjectType.ADVISORY, id, Tlp.ofLabel(label).orElse(null), canGrant);
    }

    /** The section of one of the CIRT's own feeds (its indicator list), capped by the feed's label. */
    public ShareSection feed(String tenant, String feedId, boolean canGrant) {
        var tlp = feeds.ownFeedLabel(tenant, feedId);
        return section(tenant, SharedObjectType.FEED, GrantService.feedObjectId(tenant, feedId), tlp, canGrant, feedId);
    }

    private ShareSection section(String tenant, SharedObjectType type, UUID id, Tlp tlp, boolean canGrant) {
        return section(tenant, type, id, tlp, canGrant, null);
    }

    private ShareSection section(
            String tenant, SharedObjectType type, UUID id, Tlp tlp, boolean canGrant, String feed) {
        var partnerNames = new HashMap<UUID, String>();
        var partnerChoices = new ArrayList<Named>();
        partners.list(tenant).forEach(p -> {
            partnerNames.put(p.id(), p.name());
            partnerChoices.add(new Named(p.id(), p.name()));
        });
        var groupNames = new HashMap<UUID, String>();
        var groupChoices = new ArrayList<Named>();
        partners.groups(tenant).forEach(g -> {
            groupNames.put(g.id(), g.name());
            groupChoices.add(new Named(g.id(), g.name()));
        });
        var rows = tlp == null
                ? List.<GrantRow>of()
                : grants.list(tenant, type, id, feed).stream()
                        .map(g -> row(g, partnerNames, groupNames))
                        .toList();
        var audiences = new ArrayList<AudienceOption>();
        for (var audience : Audience.values()) {
            audiences.add(new AudienceOption(
                    audience.wire(),
                    tlp == null ? null : SharingRules.refusal(tlp, audience).orElse(null)));
        }
        var incident = type == SharedObjectType.INCIDENT;
        return new ShareSection(
                type.wire(),
                id,
                tlp == null ? null : tlp.wire(),
                rows,
                canGrant,
                audiences,
                groupChoices,
                partnerChoices,
                incident ? WireEnum.wireValues(IncidentPart.class) : List.of(),
                incident ? IncidentPart.DEFAULT.stream().map(WireEnum::wire).toList() : List.of(),
                feed);
    }

    private static GrantRow row(GrantView g, Map<UUID, String> partnerNames, Map<UUID, String> groupNames) {
        var recipients = switch (g.audience()) {
            case COMMUNITY -> "";
            case GROUP -> groupNames.getOrDefault(g.group(), String.valueOf(g.group()));
            case PARTNERS ->
                String.join(
                        ", ",
                        g.partners().stream()
                                .map(p -> partnerNames.getOrDefault(p, String.valueOf(p)))
                                .toList());
        };
        return new GrantRow(
                g.id(),
                g.audience().wire(),
                recipients,
                g.parts().stream().map(WireEnum::wire).toList(),
                g.grantedAt(),
                g.grantedBy(),
                g.revokedAt(),
                g.revokedBy());
    }
}
