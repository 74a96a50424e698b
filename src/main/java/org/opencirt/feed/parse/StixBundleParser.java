package org.opencirt.feed.parse;

import java.io.IOException;
import java.time.Clock;
import java.util.Objects;

/**
 * {@code stix-bundle}: a STIX 2.1 bundle ({@code {"type":"bundle","objects":[...]}}), its
 * {@code objects} streamed one at a time; what each object gives is described in
 * {@link StixObjects}: simple indicator patterns and standalone cyber observables are items;
 * complex patterns, expired or revoked indicators and object types STIX does not define are
 * invalid (counted, reported, skipped); other STIX objects are skipped (counted as {@code not an indicator: <type>}).
 *
 * <ul>
 *   <li>Position: the 0-based index of the object in {@code objects}; all items of one indicator
 *       share it.</li>
 *   <li>{@link FeedFormatException}: empty input, not JSON, a top-level value that is no object,
 *       a {@code type} other than {@code bundle}, or neither a {@code type} nor {@code objects}.
 *       A syntax error inside {@code objects} (a truncated download) keeps the objects before
 *       it and adds one invalid entry.</li>
 *   <li>A {@code spec_version} 2.0 bundle reads too (its indicators have no
 *       {@code pattern_type}).</li>
 * </ul>
 */
public final class StixBundleParser implements FeedParser {

    private final Clock clock;

    /** With the clock that says which indicators have expired. */
    public StixBundleParser(Clock clock) {
        this.clock = Objects.requireNonNull(clock);
    }

    @Override
    public FeedFormat format() {
        return FeedFormat.STIX_BUNDLE;
    }

    @Override
    public void parse(FeedInput input, ParserOptions options, ItemSink sink) throws IOException {
        options.check(FeedFormat.STIX_BUNDLE);
        var objects = new StixObjects(options, clock, sink);
        var result = StixEnvelope.read(input.body(), "STIX bundle", 0, objects, sink, (name, value) -> {
            if (name.equals("type") && !"bundle".equals(Json.text(value))) {
                throw new FeedFormatException("not a STIX bundle: its type is '" + Excerpts.of(value.asText()) + "'");
            }
        });
        if (!result.sawObjects() && !result.members().containsKey("type")) {
            throw new FeedFormatException("not a STIX bundle: no type and no objects");
        }
    }
}
