package org.opencirt.feed.parse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.opencirt.observable.ObservableType;

class TaxiiCollectionParserTest {

    static final String COLLECTION =
            "https://taxii.example.org/api1/collections/91a7b528-80eb-42ed-a74d-c6fbd5a26116/objects/";
    static final String FEED_URL = COLLECTION + "?match[type]=indicator,ipv4-addr";
    static final String PAGE_2 = FEED_URL + "&next=c2FtcGxlLXBhZ2UtMg%3D%3D";

    private static CollectingSink parse(FeedInput input, int maxPages) throws IOException {
        var sink = new CollectingSink();
        new TaxiiCollectionParser(StixBundleParserTest.JUNE_2024, maxPages)
                .parse(input, ParserOptions.defaults(), sink);
        return sink;
    }

    private static CollectingSink parse(FeedInput input) throws IOException {
        return parse(input, TaxiiCollectionParser.MAX_PAGES);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String page(boolean more, String next, String ip, String modified) {
        return """
                {"more": %s, %s "objects": [{"type": "indicator", "spec_version": "2.1",
                 "id": "indicator--%s", "created": "%s", "modified": "%s",
                 "pattern": "[ipv4-addr:value = '%s']", "pattern_type": "stix", "valid_from": "%s"}]}
                """.formatted(
                        more,
                        next == null ? "" : "\"next\": \"" + next + "\",",
                        java.util.UUID.nameUUIDFromBytes(ip.getBytes()),
                        modified,
                        modified,
                        ip,
                        modified);
    }

    @Test
    void readsBothSamplePagesFollowingNextWithTheTaxiiAcceptHeader() throws IOException {
        var fetcher = new MapFetcher().serve(PAGE_2, Inputs.sample("taxii/page2.json"));
        var input = new FeedInput(new ByteArrayInputStream(Inputs.sample("taxii/page1.json")), FEED_URL, fetcher, null);

        var sink = parse(input);

        assertThat(fetcher.fetched)
                .containsExactly(new MapFetcher.Fetch(PAGE_2, Map.of("Accept", "application/taxii+json;version=2.1")));
        assertThat(fetcher.closed).isEqualTo(1);
        assertThat(sink.items).hasSize(7);
        assertThat(sink.invalid).hasSize(3);
        assertThat(sink.items)
                .extracting(RawItem::value, RawItem::type, RawItem::tlp, RawItem::position)
                .containsExactly(
                        tuple("192.0.2.101", ObservableType.IPV4, "GREEN", 0L),
                        tuple("bad.example.net", ObservableType.DOMAIN, "AMBER", 1L),
                        tuple("http://203.0.113.103/x.sh", ObservableType.URL, "CLEAR", 2L),
                        tuple("http://203.0.113.103/y.sh", ObservableType.URL, "CLEAR", 2L),
                        tuple("198.51.100.105", ObservableType.IPV4, null, 4L),
                        tuple("0beec7b5ea3f0fdbc95d0dd47f3c5bc275da8a33", ObservableType.SHA1, "GREEN", 5L),
                        tuple("ceo@example.com", ObservableType.EMAIL, "RED", 7L));
        assertThat(sink.item("192.0.2.101").classification()).isEqualTo("c2-server");
        assertThat(sink.invalid)
                .extracting(CollectingSink.Invalid::position, CollectingSink.Invalid::reason)
                .containsExactly(
                        tuple(3L, "unsupported pattern_type 'sigma'"),
                        tuple(6L, "unsupported pattern (FOLLOWEDBY)"),
                        tuple(8L, "unsupported STIX object type 'x-vendor-telemetry'"));
        assertThat(sink.checkpoints)
                .as("the latest modified of the objects read")
                .containsExactly("2024-06-08T10:00:00.000Z");
    }

    @Test
    void theCheckpointGoesWithEveryFurtherPageInsteadOfTheUrlsOwnAddedAfter() throws IOException {
        String feedUrl = COLLECTION + "?added_after=2020-01-01T00:00:00Z&limit=1";
        String page2 = COLLECTION + "?limit=1&added_after=2024-05-31T00%3A00%3A00.000Z&next=n%2B2";
        var fetcher = new MapFetcher().serve(page2, bytes(page(false, null, "192.0.2.2", "2024-06-02T00:00:00.000Z")));
        var input = new FeedInput(
                new ByteArrayInputStream(bytes(page(true, "n+2", "192.0.2.1", "2024-06-01T00:00:00.000Z"))),
                feedUrl,
                fetcher,
                "2024-05-31T00:00:00.000Z");

        var sink = parse(input);

        assertThat(fetcher.urls()).containsExactly(page2);
        assertThat(sink.values()).containsExactly("192.0.2.1", "192.0.2.2");
        assertThat(sink.checkpoints).containsExactly("2024-06-02T00:00:00.000Z");
    }

    @Test
    void withVisibleHeadersTheCheckpointIsTheDateAddedLastOfTheLastPage() throws IOException {
        var fetcher = new MapFetcher()
                .serve(
                        COLLECTION + "?next=p2",
                        bytes(page(false, null, "192.0.2.2", "2020-01-01T00:00:00.000Z")),
                        Map.of("x-taxii-date-added-last", "2024-06-11T09:30:00.123456Z"));
        var first = ResponseHeaders.withHeaders(
                new ByteArrayInputStream(bytes(page(true, "p2", "192.0.2.1", "2020-01-01T00:00:00.000Z"))),
                Map.of("X-TAXII-Date-Added-Last", "2024-06-11T09:00:00.000Z"));

        var sink = parse(new FeedInput(first, COLLECTION, fetcher, null));

        assertThat(sink.checkpoints).containsExactly("2024-06-11T09:30:00.123456Z");
    }

    @Test
    void aServerThatSaysMoreWithoutNextIsFollowedByItsDateAddedLast() throws IOException {
        String second = COLLECTION + "?added_after=2024-06-11T09%3A00%3A00.000Z";
        var fetcher = new MapFetcher().serve(second, bytes(page(false, null, "192.0.2.2", "2024-06-02T00:00:00.000Z")));
        var first = ResponseHeaders.withHeaders(
                new ByteArrayInputStream(bytes(page(true, null, "192.0.2.1", "2024-06-01T00:00:00.000Z"))),
                Map.of("X-TAXII-Date-Added-Last", "2024-06-11T09:00:00.000Z"));

        var sink = parse(new FeedInput(first, COLLECTION, fetcher, null));

        assertThat(fetcher.urls()).containsExactly(second);
        assertThat(sink.values()).containsExactly("192.0.2.1", "192.0.2.2");
        assertThat(sink.checkpoints).as("page 2 had no header: page 1's").containsExactly("2024-06-11T09:00:00.000Z");
    }

    @Test
    void moreWithoutNextAndWithoutHeadersStopsWithAnInvalidEntry() throws IOException {
        var fetcher = new MapFetcher();
        var input = new FeedInput(
                new ByteArrayInputStream(bytes(page(true, null, "192.0.2.1", "2024-06-01T00:00:00.000Z"))),
                COLLECTION,
                fetcher,
                null);

        var sink = parse(input);

        assertThat(fetcher.fetched).isEmpty();
        assertThat(sink.reasons())
                .containsExactly("the server says more but gives no next; the rest is read on the next run");
        assertThat(sink.checkpoints).containsExactly("2024-06-01T00:00:00.000Z");
    }

    @Test
    void atMostTheLimitOfPagesIsReadInOneRun() throws IOException {
        var fetcher = new MapFetcher() {
            @Override
            public java.io.InputStream fetch(String url, Map<String, String> headers) throws IOException {
                int n = fetched.size() + 2;
                serve(url, bytes(page(true, "p" + (n + 1), "192.0.2." + n, "2024-06-0" + n + "T00:00:00.000Z")));
                return super.fetch(url, headers);
            }
        };
        var input = new FeedInput(
                new ByteArrayInputStream(bytes(page(true, "p2", "192.0.2.1", "2024-06-01T00:00:00.000Z"))),
                COLLECTION,
                fetcher,
                null);

        var sink = parse(input, 3);

        assertThat(fetcher.urls()).containsExactly(COLLECTION + "?next=p2", COLLECTION + "?next=p3");
        assertThat(sink.values()).containsExactly("192.0.2.1", "192.0.2.2", "192.0.2.3");
        assertThat(sink.invalid)
                .containsExactly(new CollectingSink.Invalid(
                        3, "page limit reached (3 pages); the rest is read on the next run", ""));
        assertThat(sink.checkpoints).containsExactly("2024-06-03T00:00:00.000Z");
    }

    @Test
    void theSameNextTwiceStopsTheReading() throws IOException {
        var fetcher = new MapFetcher()
                .serve(COLLECTION + "?next=again", bytes(page(true, "again", "192.0.2.2", "2024-06-02T00:00:00.000Z")));
        var input = new FeedInput(
                new ByteArrayInputStream(bytes(page(true, "again", "192.0.2.1", "2024-06-01T00:00:00.000Z"))),
                COLLECTION,
                fetcher,
                null);

        var sink = parse(input);

        assertThat(fetcher.fetched).hasSize(1);
        assertThat(sink.reasons()).containsExactly("the server gave the same next 'again' twice; stopped");
    }

    @Test
    void aTaxiiErrorAsFirstPageIsUnusable() {
        var input = new FeedInput(new ByteArrayInputStream(bytes("""
                {"title": "Unauthorized", "description": "no such collection", "http_status": "401"}""")), COLLECTION, new MapFetcher(), null);

        assertThatThrownBy(() -> parse(input))
                .isInstanceOf(FeedFormatException.class)
                .hasMessage("TAXII error: Unauthorized: no such collection");
    }

    @Test
    void aBrokenLaterPageIsInvalidAndLeavesTheCheckpointAsItWas() throws IOException {
        var fetcher = new MapFetcher().serve(COLLECTION + "?next=p2", bytes("<html>proxy error</html>"));
        var input = new FeedInput(
                new ByteArrayInputStream(bytes(page(true, "p2", "192.0.2.1", "2024-06-01T00:00:00.000Z"))),
                COLLECTION,
                fetcher,
                null);

        var sink = parse(input);

        assertThat(sink.values()).containsExactly("192.0.2.1");
        assertThat(sink.reasons()).hasSize(1);
        assertThat(sink.reasons().get(0)).startsWith("page 2: not a TAXII envelope: Unexpected character ('<'");
        assertThat(sink.checkpoints).isEmpty();
        assertThat(fetcher.closed).isEqualTo(1);
    }

    @Test
    void aPageThatCannotBeFetchedFailsTheRun() {
        var input = new FeedInput(
                new ByteArrayInputStream(bytes(page(true, "p2", "192.0.2.1", "2024-06-01T00:00:00.000Z"))),
                COLLECTION,
                new MapFetcher(),
                null);
        var sink = new CollectingSink();

        assertThatThrownBy(() -> new TaxiiCollectionParser(Clock.systemUTC(), TaxiiCollectionParser.MAX_PAGES)
                        .parse(input, ParserOptions.defaults(), sink))
                .isInstanceOf(FileNotFoundException.class);
        assertThat(sink.values()).containsExactly("192.0.2.1");
        assertThat(sink.checkpoints).isEmpty();
    }

    @Test
    void theCheckpointNeverGoesBack() throws IOException {
        var input = new FeedInput(
                new ByteArrayInputStream(bytes(page(false, null, "192.0.2.1", "2024-06-01T00:00:00.000Z"))),
                COLLECTION,
                null,
                "2024-06-05T00:00:00Z");

        assertThat(parse(input).checkpoints).containsExactly("2024-06-05T00:00:00Z");
    }

    @Test
    void anEmptyPageGivesNothingAndNoCheckpoint() throws IOException {
        for (String empty : new String[] {"{}", "{\"more\": false, \"objects\": []}", "{\"more\": false}"}) {
            var sink = parse(
                    new FeedInput(new ByteArrayInputStream(bytes(empty)), COLLECTION, null, "2024-06-05T00:00:00Z"));
            assertThat(sink.items).isEmpty();
            assertThat(sink.invalid).isEmpty();
            assertThat(sink.checkpoints).isEmpty();
        }
    }

    @Test
    void anEmptyBodyIsUnusable() {
        assertThatThrownBy(() -> parse(Inputs.text("")))
                .isInstanceOf(FeedFormatException.class)
                .hasMessage("empty input: no TAXII envelope");
    }

    @Test
    void nextUrlsKeepTheOtherFiltersAndEncodeTheirValues() {
        assertThat(TaxiiCollectionParser.nextUrl(COLLECTION, null, "a b&c")).isEqualTo(COLLECTION + "?next=a+b%26c");
        assertThat(TaxiiCollectionParser.nextUrl(COLLECTION + "?next=old&limit=10", "2024-06-01T00:00:00Z", "new"))
                .isEqualTo(COLLECTION + "?limit=10&added_after=2024-06-01T00%3A00%3A00Z&next=new");
        assertThat(TaxiiCollectionParser.nextUrl(null, null, "x")).isEqualTo("?next=x");
    }

    private static org.assertj.core.groups.Tuple tuple(Object... values) {
        return org.assertj.core.groups.Tuple.tuple(values);
    }
}
