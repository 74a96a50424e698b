package org.opencirt.feed.parse;

import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/** The parser of each format: one shared, stateless instance per format. */
public final class FeedParsers {

    private static final Map<FeedFormat, FeedParser> PARSERS = new EnumMap<>(FeedFormat.class);

    static {
        for (FeedParser parser : new FeedParser[] {
            new PlainListParser(), new CsvParser(), new JsonRecordsParser(), new SpamhausDropParser(),
            new UrlhausCsvParser(), new FeodoJsonParser(), new OpenPhishParser(), new MispFeedParser(),
            new StixBundleParser(), new TaxiiCollectionParser()}) {
            PARSERS.put(parser.format(), parser);
        }
    }

    private FeedParsers() {
    }

    /** The parser of this format (always the same instance). */
    public static FeedParser of(FeedFormat format) {
        return Objects.requireNonNull(PARSERS.get(Objects.requireNonNull(format, "format")), format::name);
    }
}
