package org.opencirt.feed.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.transaction.Transactional;
import org.jboss.logging.Logger;
import org.opencirt.feed.repository.FeedRepositories;
import org.opencirt.search.IndexBootstrap.IndexReplaced;
import org.opencirt.search.Projection;

/**
 * When the indicator index was replaced by an empty one of a new version (an upgrade that changed
 * its mappings), forgets every feed's conditional-GET validators and TAXII checkpoint: otherwise
 * the next runs would be answered "not modified" or resume after the last object, and the
 * indicators they wrote before would never come back.
 */
@ApplicationScoped
class IndicatorsRefill {

    private static final Logger LOG = Logger.getLogger(IndicatorsRefill.class);

    private final FeedRepositories.States states;

    IndicatorsRefill(FeedRepositories.States states) {
        this.states = states;
    }

    @Transactional
    void onReplaced(@Observes IndexReplaced event) {
        if (event.projection() != Projection.INDICATORS) {
            return;
        }
        var reset = states.update("etag = null, lastModified = null, checkpoint = null");
        LOG.infof("the indicator index is new: %d feed(s) will fetch everything on their next run", reset);
    }
}
