package org.opencirt.feed.parse;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;

/**
 * Fuzz tests of every feed format: a feed body is outside input, so a parser either reads it
 * (bad lines and records go to {@link ItemSink#invalid} with a short excerpt) or refuses the whole
 * input with {@link FeedFormatException}; any other exception, a hang or unbounded memory is a
 * finding. Run over the committed inputs (src/test/resources/.../FeedParsersFuzzTestInputs) in
 * every build; {@code bin/opencirt fuzz} fuzzes them for real.
 */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class FeedParsersFuzzTest {

    private static final String FEED_URL = "https://feeds.example.org/feed/";

    /** The dataplane definition's options: delimited fields, the value in field 2. */
    private static final ParserOptions DELIMITED = ParserOptions.defaults()
            .withDelimiter("|")
            .withValueField(2)
            .withFields(Map.of("last_seen", "3", "classification", "4"));

    @FuzzTest
    void plainList(byte[] body) throws IOException {
        parse(FeedFormat.PLAIN_LIST, body, ParserOptions.defaults());
        parse(FeedFormat.PLAIN_LIST, body, DELIMITED);
    }

    @FuzzTest
    void csv(byte[] body) throws IOException {
        parse(FeedFormat.CSV, body, CsvParserTest.GENERIC);
    }

    @FuzzTest
    void urlhausCsv(byte[] body) throws IOException {
        parse(FeedFormat.URLHAUS_CSV, body, ParserOptions.defaults());
    }

    @FuzzTest
    void feodoJson(byte[] body) throws IOException {
        parse(FeedFormat.FEODO_JSON, body, ParserOptions.defaults());
    }

    @FuzzTest
    void jsonRecords(byte[] body) throws IOException {
        parse(FeedFormat.JSON_RECORDS, body, JsonRecordsParserTest.GENERIC);
    }

    @FuzzTest
    void openPhish(byte[] body) throws IOException {
        parse(FeedFormat.OPENPHISH, body, ParserOptions.defaults());
    }

    @FuzzTest
    void spamhausDrop(byte[] body) throws IOException {
        parse(FeedFormat.SPAMHAUS_DROP, body, ParserOptions.defaults());
    }

    /** The body is the manifest, and every event the manifest names is served the same bytes. */
    @FuzzTest
    void mispFeed(byte[] body) throws IOException {
        parse(FeedFormat.MISP_FEED, body, ParserOptions.defaults());
    }

    @FuzzTest
    void stixBundle(byte[] body) throws IOException {
        parse(FeedFormat.STIX_BUNDLE, body, ParserOptions.defaults());
    }

    /** The body is the first page, and the further pages it asks for are served the same bytes. */
    @FuzzTest
    void taxiiCollection(byte[] body) throws IOException {
        parse(FeedFormat.TAXII_COLLECTION, body, ParserOptions.defaults());
    }

    /** A pattern is read or refused with the reason ({@link StixPattern.Unsupported}). */
    @FuzzTest
    void stixPattern(byte[] pattern) {
        try {
            StixPattern.parse(new String(pattern, StandardCharsets.UTF_8));
        } catch (StixPattern.Unsupported expected) {
            // the documented refusal
        }
    }

    private static void parse(FeedFormat format, byte[] body, ParserOptions options) throws IOException {
        var input = new FeedInput(new ByteArrayInputStream(body), FEED_URL + "index.json", new Echo(body), null);
        try {
            FeedParsers.of(format, Clock.systemUTC()).parse(input, options, new CollectingSink());
        } catch (FeedFormatException | Echo.Unavailable expected) {
            // the documented refusal of the whole input, or a further resource that could not be fetched
        }
    }

    /** Serves the fuzzed bytes for the first few further resources, then answers as a server that is gone. */
    private static final class Echo implements ResourceFetcher {

        static final class Unavailable extends IOException {
            private static final long serialVersionUID = 1L;

            Unavailable() {
                super("503 Service Unavailable");
            }
        }

        private final byte[] body;
        private int served;

        Echo(byte[] body) {
            this.body = body;
        }

        @Override
        public InputStream fetch(String url, Map<String, String> headers) throws IOException {
            if (served++ >= 3) {
                throw new Unavailable();
            }
            return new ByteArrayInputStream(body);
        }
    }
}
