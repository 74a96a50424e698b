package org.opencirt.feed.parse;

import java.util.ArrayList;
import java.util.List;

/** Keeps everything a parser gives, for assertions. */
final class CollectingSink implements ItemSink {

    record Invalid(long position, String reason, String excerpt) {}

    final List<RawItem> items = new ArrayList<>();
    final List<Invalid> invalid = new ArrayList<>();
    final List<String> checkpoints = new ArrayList<>();

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
}
