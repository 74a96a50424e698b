package org.opencirt.indicator.service;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;
import org.opencirt.indicator.model.SourceTlp;
import org.opencirt.search.TenantGuard;

/**
 * Who reads the indicators, as the tenant guard takes it: a CIRT's users or a remote partner of a
 * CIRT, each with the feeds granted to them. The labels a feed grant reaches are
 * {@link SourceTlp#GRANTABLE}: a grant never shares a source its own label keeps at home.
 */
@ApplicationScoped
class Readers {

    /** The labels of the root CIRT's own indicators that its remote partners read without a grant (TLP's community). */
    static final List<String> PARTNER_LABELS = SourceTlp.COMMUNITY;

    private final GrantedFeeds granted;

    Readers(GrantedFeeds granted) {
        this.granted = granted;
    }

    /** A CIRT's users, with the other CIRTs' feeds granted to it. */
    TenantGuard.Reader cirt(String tenant) {
        return new TenantGuard.Reader(tenant, null, grants(granted.reaching(tenant)));
    }

    /** A remote partner of a CIRT: the CIRT's CLEAR and GREEN sources, and those of its feeds granted to the partner. */
    TenantGuard.Reader partnerOf(String tenant, UUID partner) {
        return new TenantGuard.Reader(tenant, PARTNER_LABELS, grants(granted.reachingPartner(tenant, partner)));
    }

    /** The other CIRTs a grant of a CIRT's feed reaches. */
    List<String> cirtsReached(GrantedFeeds.GrantedFeed feed) {
        return granted.cirtsReached(feed);
    }

    private static List<TenantGuard.FeedGrant> grants(List<GrantedFeeds.GrantedFeed> feeds) {
        return feeds.stream()
                .map(f -> new TenantGuard.FeedGrant(f.owner(), f.feed(), SourceTlp.GRANTABLE))
                .toList();
    }
}
