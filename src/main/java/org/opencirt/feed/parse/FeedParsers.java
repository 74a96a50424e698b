package org.opencirt.feed.parse;

import java.time.Clock;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * The parser of each format: one shared, stateless instance per format, except for the STIX
 * formats, which read the time (which indicators have expired) from the clock they are given.
 */
public final class FeedParsers {

    private static final Map<FeedFormat, FeedParser> PARSERS = new EnumMap<>(FeedFormat.class);

    static {
        for (FeedParser parser : new FeedParser[] {
            new PlainListParser(), new CsvParser(), new JsonRecordsParser(), new SpamhausDropParser(),
            new UrlhausCsvParser(), new FeodoJsonParser(), new OpenPhishParser(), new MispFeedParser()
        }) {
            PARSERS.put(parser.format(), parser);
        }
    }

    private FeedParsers() {}

    /**
     * The parser of this format, telling the time by {@code clock} (the same instance for a format that does not).
     *
     * @throws IllegalArgumentException for a format no parser reads ({@link FeedFormat#readByParser()})
     */
    public static FeedParser of(FeedFormat format, Clock clock) {
        Objects.requireNonNull(format, "format");
        if (!format.readByParser()) {
            throw new IllegalArgumentException(format.wire() + " is read by "
                    + (format == FeedFormat.SHADOWSERVER ? "its report reader" : "the CSAF downloader")
                    + ", not by a parser");
        }
        return switch (format) {
            case STIX_BUNDLE -> new StixBundleParser(clock);
            case TAXII_COLLECTION -> new TaxiiCollectionParser(clock, TaxiiCollectionParser.MAX_PAGES);
            default -> Objects.requireNonNull(PARSERS.get(format), format::name);
        };
    }
}
