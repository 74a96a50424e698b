package org.opencirt.feed.parse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
 *   <li>Also read: one STIX object that is not in a bundle (a top-level object whose
 *       {@code type} is not {@code bundle}, such as one indicator: position 0), and a JSON array
 *       of STIX objects (streamed like a bundle's {@code objects}).</li>
 *   <li>Position: the 0-based index of the object in {@code objects} (or in the array); all items
 *       of one indicator share it.</li>
 *   <li>{@link FeedFormatException}: empty input, not JSON, a top-level value that is neither an
 *       object nor an array, an object with neither a {@code type} nor {@code objects}, or one
 *       with {@code objects} whose {@code type} is not {@code bundle}. A syntax error inside
 *       {@code objects} (a truncated download) keeps the objects before it and adds one invalid
 *       entry.</li>
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
        var result = StixEnvelope.read(input.body(), "STIX bundle", 0, objects, sink, (name, value) -> {}, true);
        JsonNode type = result.members().get("type");
        if (type == null) {
            if (!result.sawObjects()) {
                throw new FeedFormatException("not a STIX bundle: no type and no objects; expected a bundle "
                        + "{\"type\": \"bundle\", \"objects\": [...]}, one STIX object or an array of them");
            }
            return;
        }
        if ("bundle".equals(Json.text(type))) {
            return;
        }
        if (result.sawObjects() || !type.isTextual()) {
            throw new FeedFormatException("not a STIX bundle: its type is '" + Excerpts.of(type.asText()) + "'");
        }
        // one STIX object alone (an indicator pasted as it is): the whole input is that object
        ObjectNode object = Json.MAPPER.createObjectNode();
        result.members().forEach(object::set);
        objects.object(object, 0);
    }
}
