package org.opencirt.feed.parse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.opencirt.observable.ObservableType;

class MispFeedParserTest {

    static final String FEED = "https://misp.example.org/feeds/osint/";
    static final String PHISHING = "5f2c1e2a-8b7d-4c1e-9a3b-2d4e6f8a0b1c";
    static final String EMOTET = "0a9e7c4d-3b21-4f6e-8d5a-1c2b3a4d5e6f";
    static final Map<String, String> ACCEPT_JSON = Map.of("Accept", "application/json");

    private static MapFetcher sampleFetcher() {
        return new MapFetcher()
                .serve(FEED + PHISHING + ".json", Inputs.sample("misp/" + PHISHING + ".json"))
                .serve(FEED + EMOTET + ".json", Inputs.sample("misp/" + EMOTET + ".json"));
    }

    private static CollectingSink parse(byte[] manifest, String url, ResourceFetcher fetcher) throws IOException {
        return Inputs.parse(
                FeedFormat.MISP_FEED,
                new FeedInput(new ByteArrayInputStream(manifest), url, fetcher, null),
                ParserOptions.defaults());
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void readsTheSampleFeedFetchingEachEventNextToTheManifest() throws IOException {
        var fetcher = sampleFetcher();

        var sink = parse(Inputs.sample("misp/manifest.json"), FEED + "manifest.json", fetcher);

        assertThat(fetcher.fetched)
                .containsExactly(
                        new MapFetcher.Fetch(FEED + EMOTET + ".json", ACCEPT_JSON),
                        new MapFetcher.Fetch(FEED + PHISHING + ".json", ACCEPT_JSON));
        assertThat(fetcher.closed).isEqualTo(2);
        assertThat(sink.items).hasSize(20);
        assertThat(sink.invalid).hasSize(4);
        assertThat(sink.items.get(0))
                .isEqualTo(new RawItem(
                        "198.51.100.10",
                        ObservableType.IPV4,
                        "c2-server",
                        List.of("tlp:amber", "ecsirt:malicious-code=\"c2server\"", "misp-galaxy:malpedia=\"Emotet\""),
                        Instant.parse("2024-06-10T09:00:00Z"),
                        null,
                        null,
                        "AMBER",
                        "Emotet C2 infrastructure, June 2024",
                        EMOTET,
                        0));
        assertThat(sink.items)
                .extracting(RawItem::value, RawItem::type, RawItem::position)
                .containsExactly(
                        tuple("198.51.100.10", ObservableType.IPV4, 0L),
                        tuple("c2.example.net", ObservableType.DOMAIN, 1L),
                        tuple("203.0.113.21", ObservableType.IPV4, 2L),
                        tuple(
                                "2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae",
                                ObservableType.SHA256,
                                3L),
                        tuple("0beec7b5ea3f0fdbc95d0dd47f3c5bc275da8a33", ObservableType.SHA1, 4L),
                        tuple("AS64497", ObservableType.ASN, 5L),
                        tuple("CVE-2017-11882", ObservableType.CVE, 6L),
                        tuple("203.0.113.22", ObservableType.IPV4, 7L),
                        tuple("example.com", ObservableType.DOMAIN, 9L),
                        tuple("198.51.100.12", ObservableType.IPV4, 13L),
                        tuple("login-example-org.example.net", ObservableType.DOMAIN, 15L),
                        tuple("https://login-example-org.example.net/signin?lang=en", ObservableType.URL, 16L),
                        tuple("192.0.2.55", ObservableType.IPV4, 17L),
                        tuple("billing@example.net", ObservableType.EMAIL, 18L),
                        tuple("secure.example.net", ObservableType.DOMAIN, 19L),
                        tuple("198.51.100.55", ObservableType.IPV4, 19L),
                        tuple("9e107d9d372bb6826bd81d3542a419d6", ObservableType.MD5, 20L),
                        tuple("2001:db8::55", ObservableType.IPV6, 24L),
                        tuple("phish-kit.example.org", ObservableType.DOMAIN, 25L),
                        tuple("203.0.113.56", ObservableType.IPV4, 26L));
        assertThat(sink.item("c2.example.net").tags()).endsWith("port:8080");
        assertThat(sink.item("203.0.113.22")).satisfies(item -> {
            assertThat(item.tlp()).as("the attribute's own tlp:red is stricter").isEqualTo("RED");
            assertThat(item.tags()).contains("tlp:red");
            assertThat(item.description())
                    .isEqualTo("Emotet C2 infrastructure, June 2024 - Shared by a partner under RED");
        });
        assertThat(sink.item("billing@example.net")).satisfies(item -> {
            assertThat(item.classification()).isEqualTo("phishing");
            assertThat(item.tlp()).isEqualTo("GREEN");
            assertThat(item.sourceId()).isEqualTo(PHISHING);
            assertThat(item.firstSeen()).isEqualTo(Instant.ofEpochSecond(1717921000));
        });
        assertThat(sink.item("2001:db8::55")).satisfies(item -> {
            assertThat(item.firstSeen()).isEqualTo(Instant.parse("2024-06-09T10:00:00Z"));
            assertThat(item.lastSeen()).isEqualTo(Instant.parse("2024-06-09T18:30:00Z"));
        });
        assertThat(sink.item("203.0.113.56").description())
                .isEqualTo("Phishing campaign against example.org customers");
        assertThat(sink.invalid)
                .extracting(CollectingSink.Invalid::position, CollectingSink.Invalid::reason)
                .containsExactly(
                        tuple(2L, "manifest key 'not-a-uuid' is not an event uuid"),
                        tuple(11L, "unsupported MISP attribute type 'regkey'"),
                        tuple(22L, "unsupported MISP attribute type 'btc'"),
                        tuple(23L, "event " + PHISHING + ": domain|ip value does not have 2 parts"));
    }

    @Test
    void eventsAreFetchedRelativeToTheManifestWhenTheFeedUrlIsUnknown() throws IOException {
        var fetcher = new MapFetcher().serve(EMOTET + ".json", bytes("{\"Event\": {\"Attribute\": []}}"));

        var sink = parse(bytes("{\"" + EMOTET + "\": {\"info\": \"x\"}}"), null, fetcher);

        assertThat(fetcher.urls()).containsExactly(EMOTET + ".json");
        assertThat(sink.invalid).isEmpty();
    }

    @Test
    void aMissingEventIsOneInvalidEntryAndTheOthersAreStillRead() throws IOException {
        var fetcher = new MapFetcher().serve(FEED + PHISHING + ".json", Inputs.sample("misp/" + PHISHING + ".json"));

        var sink = parse(Inputs.sample("misp/manifest.json"), FEED + "manifest.json", fetcher);

        assertThat(sink.items).hasSize(10);
        assertThat(sink.invalid.get(1))
                .isEqualTo(new CollectingSink.Invalid(
                        0,
                        "event " + EMOTET + " cannot be fetched: 404 Not Found: " + FEED + EMOTET + ".json",
                        FEED + EMOTET + ".json"));
    }

    @Test
    void aBrokenEventKeepsWhatWasReadBeforeTheBreak() throws IOException {
        String broken =
                "{\"Event\": {\"Attribute\": [{\"type\": \"ip-dst\", \"value\": \"192.0.2.1\", \"to_ids\": true},"
                        + " {\"type\": \"ip-dst\", \"val";
        var fetcher = new MapFetcher()
                .serve(FEED + EMOTET + ".json", bytes(broken))
                .serve(FEED + PHISHING + ".json", bytes("[]"));

        var sink = parse(bytes("{\"" + PHISHING + "\": {}, \"" + EMOTET + "\": {}}"), FEED + "manifest.json", fetcher);

        assertThat(sink.values()).containsExactly("192.0.2.1");
        assertThat(sink.reasons()).hasSize(2);
        assertThat(sink.reasons().get(0)).startsWith("event " + EMOTET + " is broken, the rest of it is not read: ");
        assertThat(sink.reasons().get(1)).isEqualTo("event " + PHISHING + " is not a MISP event (no JSON object)");
    }

    @Test
    void anEventWhoseDownloadBreaksIsOneInvalidEntry() throws IOException {
        byte[] start = bytes("{\"Event\": {\"Attribute\": [{\"type\": \"ip-dst\", \"value\": \"192.0.2.1\"},");
        ResourceFetcher fetcher = (url, headers) -> url.endsWith(EMOTET + ".json")
                ? new java.io.SequenceInputStream(new ByteArrayInputStream(start), new java.io.InputStream() {
                    @Override
                    public int read() throws IOException {
                        throw new java.net.SocketException("Connection reset");
                    }
                })
                : new ByteArrayInputStream(bytes("{\"Event\": {\"Attribute\": [{\"type\": \"url\", "
                        + "\"value\": \"http://x.example.com/\"}]}}"));

        var sink = parse(bytes("{\"" + PHISHING + "\": {}, \"" + EMOTET + "\": {}}"), FEED, fetcher);

        assertThat(sink.values()).containsExactly("192.0.2.1", "http://x.example.com/");
        assertThat(sink.invalid)
                .containsExactly(new CollectingSink.Invalid(
                        1, "event " + EMOTET + " cannot be read: Connection reset", FEED + EMOTET + ".json"));
    }

    @Test
    void whenNoEventCanBeFetchedTheRunFails() {
        var sink = new CollectingSink();

        assertThatThrownBy(() -> FeedParsers.of(FeedFormat.MISP_FEED, Clock.systemUTC())
                        .parse(
                                new FeedInput(
                                        new ByteArrayInputStream(Inputs.sample("misp/manifest.json")),
                                        FEED + "manifest.json",
                                        new MapFetcher(),
                                        null),
                                ParserOptions.defaults(),
                                sink))
                .isInstanceOf(IOException.class)
                .hasMessage("none of the 2 MISP events could be fetched")
                .hasCauseInstanceOf(java.io.FileNotFoundException.class);
        assertThat(sink.invalid).hasSize(3);
    }

    @Test
    void toIdsFalseAttributesAreContextAndSkippedSilentlyWhateverTheirType() throws IOException {
        String event = """
                {"Event": {"Attribute": [
                  {"type": "ip-dst", "value": "192.0.2.1", "to_ids": false},
                  {"type": "regkey", "value": "HKCU\\\\x", "to_ids": false},
                  {"type": "ip-dst", "value": "192.0.2.2", "to_ids": "0"},
                  {"type": "ip-dst", "value": "192.0.2.3", "to_ids": "1"},
                  {"type": "ip-dst", "value": "192.0.2.4"},
                  {"type": "ip-src", "value": "198.51.100.0/24", "to_ids": true},
                  {"type": "regkey", "value": "HKCU\\\\y", "to_ids": true}]}}
                """;
        var fetcher = new MapFetcher().serve(FEED + EMOTET + ".json", bytes(event));

        var sink =
                parse(bytes("{\"" + EMOTET + "\": {\"timestamp\": \"1718010000\"}}"), FEED + "manifest.json", fetcher);

        assertThat(sink.items)
                .extracting(RawItem::value, RawItem::type)
                .containsExactly(
                        tuple("192.0.2.3", ObservableType.IPV4),
                        tuple("192.0.2.4", ObservableType.IPV4),
                        tuple("198.51.100.0/24", ObservableType.CIDR));
        assertThat(sink.items.get(0).firstSeen())
                .as("the event's timestamp")
                .isEqualTo(Instant.ofEpochSecond(1718010000));
        assertThat(sink.reasons()).containsExactly("unsupported MISP attribute type 'regkey'");
    }

    @Test
    void tlpWhiteIsClearAndTheClassificationsMayMapTagNames() throws IOException {
        var fetcher = new MapFetcher()
                .serve(
                        FEED + EMOTET + ".json",
                        bytes(
                                "{\"Event\": {\"Attribute\": [{\"type\": \"domain\", \"value\": \"x.example.com\", \"to_ids\": true}]}}"));
        var input = new FeedInput(
                new ByteArrayInputStream(bytes("{\"" + EMOTET
                        + "\": {\"Tag\": [{\"name\": \"tlp:white\"}, {\"name\": \"kill-chain:Delivery\"}]}}")),
                FEED,
                fetcher,
                null);
        var sink = new CollectingSink();

        FeedParsers.of(FeedFormat.MISP_FEED, Clock.systemUTC())
                .parse(
                        input,
                        ParserOptions.defaults()
                                .withClassifications(Map.of("kill-chain:delivery", "malware-distribution")),
                        sink);

        assertThat(sink.items.get(0).tlp()).isEqualTo("CLEAR");
        assertThat(sink.items.get(0).classification()).isEqualTo("malware-distribution");
    }

    @Test
    void anEmptyManifestFetchesNothing() throws IOException {
        var fetcher = new MapFetcher();

        var sink = parse(bytes("{}"), FEED, fetcher);

        assertThat(fetcher.fetched).isEmpty();
        assertThat(sink.items).isEmpty();
    }

    @Test
    void aManifestThatIsNoJsonObjectIsUnusable() {
        assertThatThrownBy(() -> parse(bytes(""), FEED, new MapFetcher()))
                .isInstanceOf(FeedFormatException.class)
                .hasMessage("empty input: no MISP manifest");
        assertThatThrownBy(() -> parse(bytes("[]"), FEED, new MapFetcher()))
                .isInstanceOf(FeedFormatException.class)
                .hasMessage("not a MISP manifest: the JSON is an array, not an object of events");
        assertThatThrownBy(() -> parse(bytes("{\"" + EMOTET + "\": {"), FEED, new MapFetcher()))
                .isInstanceOf(FeedFormatException.class)
                .hasMessageStartingWith("not a MISP manifest: Unexpected end-of-input");
    }

    @Test
    void eventUrlsResolveAgainstTheManifestsFolder() {
        assertThat(MispFeedParser.eventUrl("https://x.example.org/feed/manifest.json", EMOTET))
                .isEqualTo("https://x.example.org/feed/" + EMOTET + ".json");
        assertThat(MispFeedParser.eventUrl("https://x.example.org/feed/", EMOTET))
                .isEqualTo("https://x.example.org/feed/" + EMOTET + ".json");
        assertThat(MispFeedParser.eventUrl("https://x.example.org/feed/manifest.json?key=1", EMOTET))
                .isEqualTo("https://x.example.org/feed/" + EMOTET + ".json");
        assertThat(MispFeedParser.eventUrl("file:///srv/feeds/misp/manifest.json", EMOTET))
                .isEqualTo("file:/srv/feeds/misp/" + EMOTET + ".json");
        assertThat(MispFeedParser.eventUrl("file:misp/manifest.json", EMOTET))
                .isEqualTo("file:misp/" + EMOTET + ".json");
        assertThat(MispFeedParser.eventUrl("file:manifest.json", EMOTET)).isEqualTo("file:" + EMOTET + ".json");
    }

    private static org.assertj.core.groups.Tuple tuple(Object... values) {
        return org.assertj.core.groups.Tuple.tuple(values);
    }

    @Test
    void toIdsFalseAndDeletedAttributesAreCountedAsSkipped() throws IOException {
        String event = """
                {"Event": {"Attribute": [
                  {"type": "ip-dst", "value": "192.0.2.1", "to_ids": false},
                  {"type": "comment", "value": "seen in a phishing wave", "to_ids": false},
                  {"type": "ip-dst", "value": "192.0.2.2", "to_ids": true, "deleted": true},
                  {"type": "ip-dst", "value": "192.0.2.3", "to_ids": true}]}}
                """;
        var fetcher = new MapFetcher().serve(FEED + EMOTET + ".json", bytes(event));

        var sink = parse(bytes("{\"" + EMOTET + "\": {}}"), FEED + "manifest.json", fetcher);

        assertThat(sink.values()).containsExactly("192.0.2.3");
        assertThat(sink.invalid).isEmpty();
        assertThat(sink.skipped)
                .containsExactly(
                        new CollectingSink.Skipped(0, "to_ids false"),
                        new CollectingSink.Skipped(1, "to_ids false"),
                        new CollectingSink.Skipped(2, "deleted"));
    }

    @Test
    void attributesInsideMispObjectsAreRead() throws IOException {
        String sha256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
        String event = """
                {"Event": {"Attribute": [
                  {"type": "url", "value": "http://192.0.2.7/load", "to_ids": true}],
                 "Object": [
                  {"name": "file", "meta-category": "file", "Attribute": [
                    {"object_relation": "md5", "type": "md5", "value": "d41d8cd98f00b204e9800998ecf8427e", "to_ids": true},
                    {"object_relation": "sha256", "type": "sha256", "value": "%s", "to_ids": true},
                    {"object_relation": "filename", "type": "filename", "value": "invoice 2024.exe", "to_ids": true},
                    {"object_relation": "size-in-bytes", "type": "size-in-bytes", "value": "1024", "to_ids": false}]},
                  {"name": "domain-ip", "meta-category": "network", "Attribute": [
                    {"object_relation": "domain", "type": "domain", "value": "c2.example.net", "to_ids": true},
                    {"object_relation": "ip", "type": "ip-dst", "value": "198.51.100.9", "to_ids": true},
                    {"object_relation": "text", "type": "text", "value": "seen in June", "to_ids": false}]},
                  {"name": "domain-ip", "deleted": true, "Attribute": [
                    {"object_relation": "ip", "type": "ip-dst", "value": "198.51.100.10", "to_ids": true}]}]}}
                """.formatted(sha256);
        var fetcher = new MapFetcher().serve(FEED + EMOTET + ".json", bytes(event));

        var sink =
                parse(bytes("{\"" + EMOTET + "\": {\"info\": \"Loader campaign\"}}"), FEED + "manifest.json", fetcher);

        assertThat(sink.items)
                .extracting(RawItem::value, RawItem::type, RawItem::position)
                .containsExactly(
                        tuple("http://192.0.2.7/load", ObservableType.URL, 0L),
                        tuple("d41d8cd98f00b204e9800998ecf8427e", ObservableType.MD5, 1L),
                        tuple(sha256, ObservableType.SHA256, 2L),
                        tuple("invoice 2024.exe", ObservableType.FILENAME, 3L),
                        tuple("c2.example.net", ObservableType.DOMAIN, 5L),
                        tuple("198.51.100.9", ObservableType.IPV4, 6L));
        assertThat(sink.items).allSatisfy(item -> {
            assertThat(item.description()).isEqualTo("Loader campaign");
            assertThat(item.sourceId()).isEqualTo(EMOTET);
        });
        assertThat(sink.invalid).isEmpty();
        assertThat(sink.skipped)
                .containsExactly(
                        new CollectingSink.Skipped(4, "to_ids false"),
                        new CollectingSink.Skipped(7, "to_ids false"),
                        new CollectingSink.Skipped(8, "deleted"));
    }

    @Test
    void theLatestSightingIsTheLastSeen() throws IOException {
        String event = """
                {"Event": {
                 "Sighting": [
                   {"attribute_uuid": "aaaaaaaa-0000-4000-8000-000000000002", "date_sighting": "1718100000", "type": "0"},
                   {"attribute_uuid": "AAAAAAAA-0000-4000-8000-000000000002", "date_sighting": "1718200000", "type": "0"},
                   {"attribute_uuid": "aaaaaaaa-0000-4000-8000-000000000002", "date_sighting": "1718900000", "type": "1"}],
                 "Attribute": [
                  {"uuid": "aaaaaaaa-0000-4000-8000-000000000001", "type": "ip-dst", "value": "192.0.2.1", "to_ids": true,
                   "last_seen": "2024-06-01T00:00:00+00:00",
                   "Sighting": [{"date_sighting": "1718010000", "type": "0"},
                                {"date_sighting": "1718020000"},
                                {"date_sighting": "1718990000", "type": "2"}]},
                  {"uuid": "aaaaaaaa-0000-4000-8000-000000000002", "type": "ip-dst", "value": "192.0.2.2", "to_ids": true},
                  {"uuid": "aaaaaaaa-0000-4000-8000-000000000003", "type": "ip-dst", "value": "192.0.2.3", "to_ids": true,
                   "last_seen": "2024-06-30T00:00:00+00:00", "Sighting": [{"date_sighting": "1718010000", "type": "0"}]},
                  {"uuid": "aaaaaaaa-0000-4000-8000-000000000004", "type": "ip-dst", "value": "192.0.2.4", "to_ids": true}]}}
                """;
        var fetcher = new MapFetcher().serve(FEED + EMOTET + ".json", bytes(event));

        var sink = parse(bytes("{\"" + EMOTET + "\": {}}"), FEED + "manifest.json", fetcher);

        assertThat(sink.items)
                .extracting(RawItem::value, RawItem::lastSeen)
                .containsExactly(
                        tuple("192.0.2.1", Instant.ofEpochSecond(1718020000)),
                        tuple("192.0.2.2", Instant.ofEpochSecond(1718200000)),
                        tuple("192.0.2.3", Instant.parse("2024-06-30T00:00:00Z")),
                        tuple("192.0.2.4", null));
    }
}
