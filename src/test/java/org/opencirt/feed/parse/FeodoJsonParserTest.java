package org.opencirt.feed.parse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.opencirt.feed.parse.Inputs.parse;

import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.opencirt.observable.ObservableType;

class FeodoJsonParserTest {

    @Test
    void readsTheSampleAsC2Servers() throws IOException {
        var sink = Inputs.parseSample(FeedFormat.FEODO_JSON, "feodo-ipblocklist.json", ParserOptions.defaults());

        assertThat(sink.items).hasSize(12);
        assertThat(sink.invalid).hasSize(3);
        assertThat(sink.items.get(0))
                .isEqualTo(new RawItem(
                        "198.51.100.10",
                        ObservableType.IPV4,
                        "c2-server",
                        List.of("QakBot", "port:443"),
                        Instant.parse("2024-05-02T08:14:31Z"),
                        Instant.parse("2024-06-11T00:00:00Z"),
                        null,
                        null,
                        "Feodo Tracker: QakBot C2 on port 443, status online, AS64496 EXAMPLE-BULLETPROOF-NL, NL",
                        null,
                        0));
        assertThat(sink.item("203.0.113.20").description()).contains("status offline");
        assertThat(sink.item("2001:db8::c2").type()).isEqualTo(ObservableType.IPV6);
        assertThat(sink.item("198.51.100.11").description()).contains("hostname c2.example.net");
        assertThat(sink.item("8.8.8.8").position()).isEqualTo(8);
        assertThat(sink.item("198.51.100.201").position()).isEqualTo(13);
        assertThat(sink.invalid)
                .extracting(CollectingSink.Invalid::position, CollectingSink.Invalid::reason)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(10L, "record has no ip_address"),
                        org.assertj.core.groups.Tuple.tuple(11L, "record is not a JSON object"),
                        org.assertj.core.groups.Tuple.tuple(
                                14L, "more than one value: white space inside '198.51.100.202 198.51.100.203'"));
    }

    @Test
    void aMalwareNameMayBeClassifiedOtherwise() throws IOException {
        var sink = parse(
                FeedFormat.FEODO_JSON,
                Inputs.text("""
                [{"ip_address": "192.0.2.1", "port": 80, "malware": "Dridex"},
                 {"ip_address": "192.0.2.2", "port": 80, "malware": "Emotet"}]"""),
                ParserOptions.defaults().withClassifications(Map.of("dridex", "malware-distribution")));

        assertThat(sink.items).extracting(RawItem::classification).containsExactly("malware-distribution", "c2-server");
    }

    @Test
    void anEmptyListGivesNothingButAnEmptyInputIsUnusable() throws IOException {
        assertThat(parse(FeedFormat.FEODO_JSON, "[]").items).isEmpty();
        assertThatThrownBy(() -> parse(FeedFormat.FEODO_JSON, ""))
                .isInstanceOf(FeedFormatException.class)
                .hasMessage("empty input: no JSON block list");
    }

    @Test
    void anErrorObjectInsteadOfTheListIsUnusable() {
        assertThatThrownBy(() -> parse(FeedFormat.FEODO_JSON, "{\"query_status\": \"rate_limited\"}"))
                .isInstanceOf(FeedFormatException.class)
                .hasMessage("expected the block list as a JSON array at '', found an object");
    }

    @Test
    void aTruncatedListKeepsWhatCameBefore() throws IOException {
        var sink = parse(FeedFormat.FEODO_JSON, "[{\"ip_address\": \"192.0.2.1\"}, {\"ip_address\": ");

        assertThat(sink.values()).containsExactly("192.0.2.1");
        assertThat(sink.invalid).hasSize(1);
        assertThat(sink.invalid.get(0).position()).isEqualTo(1);
    }

    @Test
    void variantsOfTheRecordsReadTheSame() throws IOException {
        // wrapped in an object, ISO timestamps, the port as text, fields missing or added
        var sink = parse(
                FeedFormat.FEODO_JSON,
                Inputs.text("""
                {"generated": "2024-06-11", "data": [
                  {"ip_address": "198.51.100.10", "port": "443", "first_seen": "2024-05-02T08:14:31Z",
                   "malware": "QakBot", "confidence_level": 100, "Country": "NL"},
                  {"ip_address": " 198.51.100.11 ", "last_online": null, "malware": null}
                ]}
                """),
                ParserOptions.defaults().withRecords("/data"));

        assertThat(sink.items)
                .extracting(RawItem::value, RawItem::tags, RawItem::firstSeen, RawItem::description)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(
                                "198.51.100.10",
                                List.of("QakBot", "port:443"),
                                Instant.parse("2024-05-02T08:14:31Z"),
                                "Feodo Tracker: QakBot C2 on port 443"),
                        org.assertj.core.groups.Tuple.tuple(
                                "198.51.100.11", List.of(), null, "Feodo Tracker: botnet C2"));
        assertThat(sink.items)
                .allSatisfy(item -> assertThat(item.classification()).isEqualTo("c2-server"));
        assertThat(sink.invalid).isEmpty();
    }
}
