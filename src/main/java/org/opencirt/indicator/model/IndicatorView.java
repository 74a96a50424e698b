package org.opencirt.indicator.model;

import java.util.List;

/**
 * An indicator as a CIRT may see it: only the sources it may see (not expired, TLP allowing),
 * their feeds, the highest (decayed) confidence and its source's classification, and the strictest
 * TLP among them.
 */
public record IndicatorView(
        String id,
        String type,
        String value,
        List<String> feeds,
        String classification,
        String category,
        int confidence,
        String tlp,
        List<Match.Source> sources) {}
