package org.opencirt.indicator.model;

import java.time.Instant;
import java.util.List;
import org.opencirt.observable.Observable;

/**
 * An indicator that matched an observable, as a CIRT may see it: from the sources it may see
 * only, their feeds, the highest (decayed) confidence and its source's classification, and the
 * strictest TLP among them.
 */
public record Match(
        Observable observable,
        String indicatorId,
        String type,
        String value,
        List<String> feeds,
        String classification,
        String category,
        int confidence,
        String tlp,
        List<Source> sources) {

    /** One source of a matched indicator that the CIRT may see. */
    public record Source(
            String feed,
            String tlp,
            String classification,
            String category,
            int confidence,
            List<String> tags,
            Instant firstSeen,
            Instant lastSeen) {}
}
