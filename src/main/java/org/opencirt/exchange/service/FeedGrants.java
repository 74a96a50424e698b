package org.opencirt.exchange.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.UUID;
import org.opencirt.exchange.model.Audience;
import org.opencirt.exchange.model.SharedObjectType;
import org.opencirt.exchange.repository.ExchangeRepositories;
import org.opencirt.exchange.repository.SharingGrant;
import org.opencirt.indicator.service.GrantedFeeds;

/**
 * The feeds whose indicators the active grants share, as the indicator feature asks for them at
 * each read (ADR 29). A grant to the community adds nothing: what the community may receive (CLEAR
 * and GREEN) every CIRT of the platform already sees, and an AMBER source must not reach it. A
 * grant to named partners or a sharing group reaches them with the feed's sources up to AMBER.
 */
@ApplicationScoped
public class FeedGrants implements GrantedFeeds {

    /** At most this many granted feeds are applied to one read (each is a clause of the search). */
    static final int MAX_FEEDS = 500;

    private final ExchangeRepositories.Grants grants;

    FeedGrants(ExchangeRepositories.Grants grants) {
        this.grants = grants;
    }

    @Override
    @Transactional
    public List<GrantedFeed> reaching(String cirt) {
        return feeds(grants.reaching(cirt, SharedObjectType.FEED, null, MAX_FEEDS));
    }

    @Override
    @Transactional
    public List<GrantedFeed> reachingPartner(String cirt, UUID partner) {
        return feeds(grants.activeFeedsNaming(cirt, partner, MAX_FEEDS));
    }

    @Override
    @Transactional
    public List<String> cirtsReached(GrantedFeed feed) {
        return grants.cirtsReachedByFeed(feed.owner(), feed.feed());
    }

    private static List<GrantedFeed> feeds(List<SharingGrant> found) {
        var feeds = new LinkedHashSet<GrantedFeed>();
        for (var grant : found) {
            if (grant.audience != Audience.COMMUNITY && grant.feed != null) {
                feeds.add(new GrantedFeed(grant.tenant, grant.feed));
            }
        }
        return List.copyOf(feeds);
    }
}
