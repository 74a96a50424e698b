package org.opencirt.indicator.service;

import java.util.List;
import java.util.UUID;

/**
 * The feeds whose indicators a grant shares beyond their TLP's default reach: the exchange feature
 * implements it from its active grants, asked at each read so that a revoked grant takes effect at
 * once (ADR 29). The indicator feature applies what it answers through the tenant guard.
 */
public interface GrantedFeeds {

    /** One CIRT's own feed, by its id there. */
    record GrantedFeed(String owner, String feed) {}

    /** The feeds of other CIRTs on the platform that an active grant shares with this CIRT. */
    List<GrantedFeed> reaching(String cirt);

    /** The CIRT's own feeds that an active grant shares with one of its remote partners. */
    List<GrantedFeed> reachingPartner(String cirt, UUID partner);

    /** The other CIRTs of the platform that an active grant of one of a CIRT's feeds reaches. */
    List<String> cirtsReached(GrantedFeed feed);
}
