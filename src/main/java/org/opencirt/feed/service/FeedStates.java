package org.opencirt.feed.service;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.UUID;
import org.opencirt.feed.definition.OwnedFeed;
import org.opencirt.feed.repository.FeedRepositories;
import org.opencirt.feed.repository.FeedStateEntity;

/** What a feed's last good run leaves for the next: the conditional-GET validators and the TAXII checkpoint. */
@ApplicationScoped
class FeedStates {

    private final FeedRepositories.States states;
    private final Clock clock;

    FeedStates(FeedRepositories.States states, Clock clock) {
        this.states = states;
        this.clock = clock;
    }

    /** The feed's state, or null before its first good run. */
    FeedStateEntity find(OwnedFeed feed) {
        return QuarkusTransaction.requiringNew()
                .call(() -> states.find(feed.owner(), feed.id()).orElse(null));
    }

    void save(OwnedFeed feed, String etag, String lastModified, String checkpoint) {
        QuarkusTransaction.requiringNew().run(() -> {
            var state = states.find(feed.owner(), feed.id()).orElseGet(() -> {
                var fresh = new FeedStateEntity();
                fresh.id = UUID.randomUUID();
                fresh.tenant = feed.owner();
                fresh.feedId = feed.id();
                return fresh;
            });
            state.etag = etag;
            state.lastModified = lastModified;
            state.checkpoint = checkpoint;
            state.updatedAt = clock.instant();
            if (!states.isPersistent(state)) {
                states.persist(state);
            }
        });
    }
}
