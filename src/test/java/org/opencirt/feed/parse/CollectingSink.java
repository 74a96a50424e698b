package org.opencirt.feed.parse;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Keeps everything a parser gives, for assertions. */
final class CollectingSink implements ItemSink {

    record Invalid(long position, String reason, String excerpt) {}

    record Skipped(long position, String reason) {}

    final List<RawItem> items = new ArrayList<>();
    final List<Invalid> invalid = new ArrayList<>();
    final List<String> checkpoints = new ArrayList<>();
    final List<Skipped> skipped = new ArrayList<>();

    @Override
    public void item(RawItem item) {
        items.add(item);
    }

    @Override
    public void invalid(long position, String reason, String excerpt) {
        if (excerpt == null || excerpt.length() > 200) {
            throw new AssertionError(
                    "excerpt null or longer than 200 characters: " + (excerpt == null ? null : excerpt.length()));
        }
        invalid.add(new Invalid(position, reason, excerpt));
    }

    @Override
    public void skipped(long position, String reason) {
        if (reason == null || reason.isBlank()) {
            throw new AssertionError("a skipped line needs a reason");
        }
        skipped.add(new Skipped(position, reason));
    }

    @Override
    public void checkpoint(String state) {
        checkpoints.add(state);
    }

    List<String> values() {
        return items.stream().map(RawItem::value).toList();
    }

    RawItem item(String value) {
        return items.stream()
                .filter(i -> i.value().equals(value))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no item " + value + " in " + values()));
    }

    List<String> reasons() {
        return invalid.stream().map(Invalid::reason).toList();
    }

    /** How many lines/records/objects were skipped for each reason, in the order the reasons first came. */
    Map<String, Long> skippedCounts() {
        Map<String, Long> counts = new LinkedHashMap<>();
        skipped.forEach(s -> counts.merge(s.reason(), 1L, Long::sum));
        return counts;
    }

    /** The positions skipped for a reason, in order. */
    List<Long> skippedAt(String reason) {
        return skipped.stream()
                .filter(s -> s.reason().equals(reason))
                .map(Skipped::position)
                .toList();
    }
}
