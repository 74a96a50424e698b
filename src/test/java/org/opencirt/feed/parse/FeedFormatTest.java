package org.opencirt.feed.parse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import java.time.Clock;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class FeedFormatTest {

    private final ObjectMapper mapper = new ObjectMapper();

    @Test
    void wireNamesAreLowerCaseWithDashes() {
        assertThat(FeedFormat.wireNames())
                .containsExactly(
                        "plain-list",
                        "csv",
                        "json-records",
                        "spamhaus-drop",
                        "urlhaus-csv",
                        "feodo-json",
                        "openphish",
                        "misp-feed",
                        "stix-bundle",
                        "taxii-collection",
                        "csaf-provider",
                        "shadowserver");
    }

    @Test
    void jsonUsesTheWireNamesBothWays() throws Exception {
        assertThat(mapper.writeValueAsString(FeedFormat.TAXII_COLLECTION)).isEqualTo("\"taxii-collection\"");
        assertThat(mapper.readValue("\" Spamhaus-DROP \"", FeedFormat.class)).isEqualTo(FeedFormat.SPAMHAUS_DROP);
    }

    @Test
    void anUnknownNameListsTheAllowedOnes() {
        assertThatThrownBy(() -> FeedFormat.fromWire("rss"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "unknown feed format 'rss'; allowed: plain-list, csv, json-records, spamhaus-drop, urlhaus-csv, "
                                + "feodo-json, openphish, misp-feed, stix-bundle, taxii-collection, csaf-provider, shadowserver");
        assertThatThrownBy(() -> mapper.readValue("\"rss\"", FeedFormat.class))
                .isInstanceOf(ValueInstantiationException.class)
                .hasMessageContaining("allowed: plain-list");
        assertThatThrownBy(() -> FeedFormat.fromWire(null)).hasMessageStartingWith("unknown feed format null;");
    }

    @Test
    void everyFormatHasItsOwnParserSharedUnlessItTellsTheTime() {
        var clock = Clock.systemUTC();
        var parsed = Arrays.stream(FeedFormat.values())
                .filter(FeedFormat::readByParser)
                .toList();
        // the CSAF downloader reads csaf-provider feeds, the report reader shadowserver feeds
        assertThat(parsed)
                .doesNotContain(FeedFormat.CSAF_PROVIDER, FeedFormat.SHADOWSERVER)
                .hasSize(FeedFormat.values().length - 2);
        assertThatThrownBy(() -> FeedParsers.of(FeedFormat.CSAF_PROVIDER, clock))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("csaf-provider is read by the CSAF downloader, not by a parser");
        assertThatThrownBy(() -> FeedParsers.of(FeedFormat.SHADOWSERVER, clock))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("shadowserver is read by its report reader, not by a parser");
        for (FeedFormat format : parsed) {
            assertThat(FeedParsers.of(format, clock).format()).isEqualTo(format);
            if (format != FeedFormat.STIX_BUNDLE && format != FeedFormat.TAXII_COLLECTION) {
                assertThat(FeedParsers.of(format, clock)).isSameAs(FeedParsers.of(format, clock));
            }
        }
        assertThat(parsed.stream()
                        .map(format -> FeedParsers.of(format, clock))
                        .map(Object::getClass)
                        .map(Class::getSimpleName))
                .containsExactly(
                        "PlainListParser",
                        "CsvParser",
                        "JsonRecordsParser",
                        "SpamhausDropParser",
                        "UrlhausCsvParser",
                        "FeodoJsonParser",
                        "OpenPhishParser",
                        "MispFeedParser",
                        "StixBundleParser",
                        "TaxiiCollectionParser");
    }
}
