package org.opencirt.feed.service;

import jakarta.inject.Singleton;
import java.util.Map;
import org.opencirt.common.archive.TableArchivePart;

/** A CIRT's own feeds (their definitions) and their run history; the platform's feeds stay with the platform. */
@Singleton
class FeedArchivePart extends TableArchivePart {

    FeedArchivePart() {
        super(
                "feeds",
                "feed",
                "select * from feed where tenant = ? order by id",
                "feed_run",
                "select * from feed_run where tenant = ? order by started_at, id");
    }

    @Override
    public Map<String, String> leftOut() {
        return Map.of(
                "feed_state",
                "what this installation last fetched (ETag, Last-Modified): the first run after an import fetches everything");
    }
}
