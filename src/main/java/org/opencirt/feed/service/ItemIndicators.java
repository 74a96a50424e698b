package org.opencirt.feed.service;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.opencirt.common.Texts;
import org.opencirt.common.Tlp;
import org.opencirt.common.WireEnum;
import org.opencirt.feed.FeedConfig;
import org.opencirt.feed.definition.FeedDefinition;
import org.opencirt.feed.parse.RawItem;
import org.opencirt.incident.model.Rsit;
import org.opencirt.indicator.model.Indicator;
import org.opencirt.indicator.model.IndicatorIds;
import org.opencirt.indicator.model.SourceTlp;
import org.opencirt.observable.InvalidObservableException;
import org.opencirt.observable.Normaliser;
import org.opencirt.observable.Observable;
import org.opencirt.observable.ObservableType;

/** What a feed's item states as an indicator: its observable, with the feed's defaults, TLP and time to live. */
@ApplicationScoped
class ItemIndicators {

    private static final int MAX_TAGS = 20;

    private final FeedConfig config;

    ItemIndicators(FeedConfig config) {
        this.config = config;
    }

    /** The normalised observable an item states, with the feed's forced or default type if it gives none. */
    static Observable observableOf(FeedDefinition feed, RawItem item) {
        var options = feed.optionsOrDefaults();
        String typeName = options.type() != null
                ? options.type()
                : item.type() != null
                        ? item.type().wireName()
                        : feed.defaultsOrNone().type();
        if (item.value() == null || item.value().isBlank()) {
            throw new InvalidObservableException(null, "empty value");
        }
        if (typeName == null) {
            return Normaliser.detect(item.value())
                    .orElseThrow(() -> new InvalidObservableException(
                            null, "the type of '%s' cannot be told".formatted(Texts.abbreviate(item.value(), 80))));
        }
        return Normaliser.normalise(ObservableType.fromWire(typeName), item.value());
    }

    /** The indicator of an item as the feed states it in a run at {@code now}. */
    Indicator indicatorOf(FeedDefinition feed, RawItem item, Observable observable, Instant now) {
        var defaults = feed.defaultsOrNone();
        var scope = feed.isGlobal() ? FeedDefinition.GLOBAL : feed.tenant();
        var tlp = tlpOf(item.tlp(), feedTlp(feed));
        var visibleTo = SourceTlp.visibility(feed.tenant(), tlp);
        var classification = item.classification() != null ? item.classification() : defaults.classification();
        var category =
                classification == null ? null : Rsit.categoryOf(classification).orElse(null);
        var lastSeen = item.lastSeen() != null ? item.lastSeen() : now;
        // listed in the feed now: alive for the feed's time to live from this run
        var ttl = defaults.ttl() != null ? defaults.ttl() : config.defaultTtl();
        var tags = tagsOf(defaults.tags(), item.tags());
        var type = observable.type();
        return new Indicator(
                IndicatorIds.idOf(type.wireName(), observable.value()),
                scope,
                visibleTo,
                tlp.wire(),
                type.wireName(),
                observable.value(),
                type == ObservableType.IPV4 || type == ObservableType.IPV6 ? observable.value() : null,
                type == ObservableType.CIDR ? observable.value() : null,
                category,
                classification,
                item.confidence() != null
                        ? item.confidence()
                        : Objects.requireNonNullElse(defaults.confidence(), config.defaultConfidence()),
                Objects.requireNonNullElse(defaults.decayPerDay(), 0),
                feed.id(),
                item.sourceId(),
                tags,
                item.description(),
                item.firstSeen() != null ? item.firstSeen() : now,
                lastSeen,
                now.plus(ttl));
    }

    /** The feed's default tags and the item's own, without repeats, at most {@value #MAX_TAGS}. */
    private static List<String> tagsOf(List<String> defaults, List<String> own) {
        if ((defaults == null || defaults.isEmpty()) && (own == null || own.isEmpty())) {
            return List.of();
        }
        var tags = new LinkedHashSet<String>();
        for (var list : Arrays.asList(defaults, own)) {
            if (list != null) {
                for (var tag : list) {
                    if (tags.size() < MAX_TAGS) {
                        tags.add(tag);
                    }
                }
            }
        }
        return List.copyOf(tags);
    }

    /**
     * The feed's own label: its default, else GREEN for a platform feed and AMBER for a CIRT's
     * (whose indicators leave the CIRT only when it says so, ADR 10).
     */
    /** The feed's label: what its indicators are when an entry states no stricter one. */
    static Tlp feedTlp(FeedDefinition feed) {
        var stated = feed.defaultsOrNone().tlp();
        return stated != null ? stated : feed.isGlobal() ? Tlp.GREEN : Tlp.AMBER;
    }

    /**
     * The stricter of the item's own TLP label (if it is one) and the feed's: an item may restrict
     * itself further, never share more than its feed allows.
     */
    private static Tlp tlpOf(String label, Tlp feed) {
        if (label == null) {
            return feed;
        }
        try {
            var own = WireEnum.fromWire(Tlp.class, label.toUpperCase(Locale.ROOT));
            return own.isAtLeast(feed) ? own : feed;
        } catch (IllegalArgumentException e) {
            return feed;
        }
    }
}
