package org.opencirt.feed.parse;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Reads STIX 2.1 objects one at a time, for callers outside the feed runs (the exchange's STIX import): the same
 * reading as a {@code stix-bundle} feed ({@link StixObjects}: simple patterns and standalone cyber observables give
 * items, TLP 2.0 and 1.0 markings, marking definitions met earlier), with each object's outcome told apart. One
 * reader per bundle: it learns the marking definitions in order.
 */
public final class StixObjectReader {

    /** What an object is to an importer. */
    public enum Kind {
        /** An indicator with a simple pattern, or a cyber observable: its items (maybe none, with problems). */
        ITEMS,
        /** An indicator whose pattern cannot be matched (complex, of another pattern type, other object paths). */
        NOT_MATCHABLE,
        /** A TLP marking definition (learnt for the objects after it) or another marking definition. */
        MARKING,
        /** A STIX 2.1 object that gives no indicator (report, malware, relationship...). */
        NOT_IMPORTED,
        /** A type STIX 2.1 does not define, or no type at all. */
        UNKNOWN_TYPE
    }

    /**
     * @param kind     what the object is
     * @param items    the indicators it states (for {@link Kind#ITEMS})
     * @param problems why some or all of it could not be read, in plain words
     */
    public record Outcome(Kind kind, List<RawItem> items, List<String> problems) {}

    private final Collecting sink = new Collecting();
    private final StixObjects objects;

    /** With the clock that says which indicators have expired. */
    public StixObjectReader(Clock clock) {
        this.objects = new StixObjects(ParserOptions.defaults(), Objects.requireNonNull(clock), sink);
    }

    /** Reads one object (the {@code position}-th of its bundle). */
    public Outcome read(JsonNode object, long position) {
        sink.clear();
        var type = object.isObject() ? Json.text(object, "type") : null;
        if (type == null) {
            return new Outcome(
                    Kind.UNKNOWN_TYPE, List.of(), List.of(object.isObject() ? "no type" : "not a JSON object"));
        }
        if (type.equals("indicator") && !matchable(object)) {
            return new Outcome(Kind.NOT_MATCHABLE, List.of(), List.of());
        }
        objects.object(object, position);
        if (type.equals("marking-definition")) {
            return new Outcome(Kind.MARKING, List.of(), List.of());
        }
        if (StixObjects.SKIPPED.contains(type)) {
            return new Outcome(Kind.NOT_IMPORTED, List.of(), List.of());
        }
        if (sink.items.isEmpty() && !sink.problems.isEmpty() && !type.equals("indicator") && !isObservable(type)) {
            return new Outcome(Kind.UNKNOWN_TYPE, List.of(), List.copyOf(sink.problems));
        }
        if (type.equals("indicator") && sink.items.isEmpty() && unsupportedPathsOnly()) {
            return new Outcome(Kind.NOT_MATCHABLE, List.of(), List.of());
        }
        return new Outcome(Kind.ITEMS, List.copyOf(sink.items), List.copyOf(sink.problems));
    }

    /** A STIX pattern that reads as simple comparisons (the feed's rule); another pattern type is not matchable. */
    private static boolean matchable(JsonNode indicator) {
        var patternType = Json.text(indicator, "pattern_type");
        if (patternType != null && !patternType.equalsIgnoreCase("stix")) {
            return false;
        }
        var pattern = Json.text(indicator, "pattern");
        if (pattern == null || pattern.isBlank()) {
            // no pattern at all is a broken indicator, which the feed's reading reports
            return true;
        }
        try {
            StixPattern.parse(pattern);
            return true;
        } catch (StixPattern.Unsupported e) {
            return false;
        }
    }

    private boolean unsupportedPathsOnly() {
        return !sink.problems.isEmpty()
                && sink.problems.stream().allMatch(p -> p.startsWith("unsupported object path"));
    }

    private static boolean isObservable(String type) {
        return switch (type) {
            case "ipv4-addr", "ipv6-addr", "domain-name", "url", "email-addr", "autonomous-system", "file" -> true;
            default -> false;
        };
    }

    private static final class Collecting implements ItemSink {
        final List<RawItem> items = new ArrayList<>();
        final List<String> problems = new ArrayList<>();

        void clear() {
            items.clear();
            problems.clear();
        }

        @Override
        public void item(RawItem item) {
            items.add(item);
        }

        @Override
        public void invalid(long position, String reason, String excerpt) {
            problems.add(reason);
        }
    }
}
