package org.opencirt.feed.shadowserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.opencirt.feed.shadowserver.ReportReader.Limits;
import org.opencirt.feed.shadowserver.ReportReader.SkipReason;
import org.opencirt.feed.shadowserver.ReportReader.Summary;
import org.opencirt.observable.Observable;
import org.opencirt.observable.ObservableType;

class ShadowserverReportReaderTest {

    private static final ReportMappings MAPPINGS = ShadowserverMappingsTest.shipped();

    /** The events of a sample and what the reading said. */
    record Read(List<ReportEvent> events, Summary summary) {}

    private static Read sample(String fileName) throws IOException {
        try (InputStream in = ShadowserverReportReaderTest.class.getResourceAsStream("/shadowserver/" + fileName)) {
            assertThat(in).as(fileName).isNotNull();
            return read(in, fileName, new ReportReader());
        }
    }

    private static Read read(InputStream in, String fileName, ReportReader reader) throws IOException {
        var events = new ArrayList<ReportEvent>();
        Summary summary = reader.read(in, fileName, MAPPINGS, events::add);
        return new Read(events, summary);
    }

    private static Read text(String csv, String fileName, Limits limits) throws IOException {
        return read(new ByteArrayInputStream(csv.getBytes(StandardCharsets.UTF_8)), fileName, new ReportReader(limits));
    }

    @Test
    void aScanReportRowBecomesAnEventAboutTheExposedHost() throws IOException {
        var read = sample("2024-05-01-scan_dns-country-geo.csv");

        ReportEvent first = read.events().get(0);
        assertThat(first.reportType()).isEqualTo("scan_dns");
        assertThat(first.classification()).isEqualTo("ddos-amplifier");
        assertThat(first.identifier()).isEqualTo("dns-open-resolver");
        assertThat(first.timestamp()).isEqualTo(Instant.parse("2024-05-01T03:12:44Z"));
        assertThat(first.ip()).isEqualTo("198.51.100.7");
        assertThat(first.port()).isEqualTo(53);
        assertThat(first.protocol()).isEqualTo("udp");
        assertThat(first.asn()).isEqualTo("AS64496");
        assertThat(first.hostname()).isEqualTo("resolver-7.example.net");
        assertThat(first.line()).isEqualTo(2);
        assertThat(read.summary().generic()).isFalse();
    }

    @Test
    void anIpv6AddressIsNormalisedAndRowsWithoutAUsableAddressAreSkippedAndCounted() throws IOException {
        var read = sample("2024-05-01-scan_dns-country-geo.csv");

        assertThat(read.events())
                .extracting(ReportEvent::ip)
                .containsExactly("198.51.100.7", "2001:db8::53", "198.51.100.9");
        assertThat(read.summary().rows()).isEqualTo(5);
        assertThat(read.summary().events()).isEqualTo(3);
        assertThat(read.summary().skipped())
                .containsEntry(SkipReason.INVALID_IP, new ReportReader.Skipped(1, 4))
                .containsEntry(SkipReason.MISSING_IP, new ReportReader.Skipped(1, 5));
    }

    @Test
    void skipReasonsNeverRepeatWhatTheCellsSaid() throws IOException {
        var read = sample("2024-05-01-scan_dns-country-geo.csv");

        assertThat(read.summary().toString()).doesNotContain("not-an-ip");
        for (SkipReason reason : SkipReason.values()) {
            assertThat(reason.description()).doesNotContain("not-an-ip");
        }
    }

    @Test
    void unmappedColumnsAreKeptAsExtraFieldsInTheReportsOrder() throws IOException {
        ReportEvent first =
                sample("2024-05-01-scan_dns-country-geo.csv").events().get(0);

        assertThat(first.extra().sequencedKeySet())
                .containsExactly(
                        "tag", "dns_version", "geo", "region", "city", "min_amplification", "naics", "sic", "sector");
        assertThat(first.extra())
                .containsEntry("dns_version", "dnsmasq-2.80")
                .containsEntry("sector", "Communications, Service Provider, and Hosting Service");
    }

    @Test
    void aMappedValueThatDoesNotReadStaysAsAnExtraFieldInsteadOfBeingLost() throws IOException {
        ReportEvent third =
                sample("2024-05-01-scan_dns-country-geo.csv").events().get(2);

        assertThat(third.port()).isNull();
        assertThat(third.asn()).isNull();
        assertThat(third.extra()).containsEntry("port", "n/a").containsEntry("asn", "0");
        assertThat(List.copyOf(third.extra().sequencedKeySet()).indexOf("port"))
                .isLessThan(List.copyOf(third.extra().sequencedKeySet()).indexOf("tag"));
    }

    @Test
    void aSinkholeEventTakesItsIdentifierFromTheInfectionAndItsDomainAsAnObservable() throws IOException {
        var read = sample("2024-05-01-event4_sinkhole_http-country-geo.csv");

        assertThat(read.events()).hasSize(2);
        ReportEvent first = read.events().get(0);
        assertThat(first.classification()).isEqualTo("infected-system");
        assertThat(first.identifier()).isEqualTo("andromeda");
        assertThat(first.ip()).isEqualTo("192.0.2.10");
        assertThat(first.port()).isEqualTo(51234);
        assertThat(first.asn()).isEqualTo("AS64500");
        assertThat(first.observables()).containsExactly(Observable.of(ObservableType.DOMAIN, "c2.example.net"));
        assertThat(first.extra())
                .containsEntry("dst_ip", "203.0.113.80")
                .containsEntry("family", "avalanche-andromeda");
        ReportEvent second = read.events().get(1);
        assertThat(second.identifier()).isEqualTo("avalanche-andromeda");
        assertThat(second.hostname()).isEqualTo("host-11.example.org");
        assertThat(second.observables())
                .extracting(Observable::type)
                .containsExactly(ObservableType.DOMAIN, ObservableType.URL);
    }

    @Test
    void aHoneypotDarknetRowTakesItsClassificationFromTheInfectionWhenTheMappingTableSaysSo() throws IOException {
        var read = sample("2024-05-01-event4_honeypot_darknet-country-geo.csv");

        assertThat(read.events()).extracting(ReportEvent::classification).containsExactly("infected-system", "scanner");
        assertThat(read.events()).extracting(ReportEvent::identifier).containsExactly("mirai", "darknet");
    }

    @Test
    void aBruteForceEventCarriesItsPayloadUrlAndHashAsObservables() throws IOException {
        ReportEvent event = sample("2024-05-01-event4_honeypot_brute_force-country-geo.csv")
                .events()
                .get(0);

        assertThat(event.classification()).isEqualTo("brute-force");
        assertThat(event.identifier()).isEqualTo("ssh-brute-force");
        assertThat(event.observables())
                .containsExactly(
                        Observable.of(ObservableType.URL, "http://dl.example.com/bins/x86"),
                        Observable.of(ObservableType.MD5, "d41d8cd98f00b204e9800998ecf8427e"));
        assertThat(event.extra()).containsEntry("username", "root").doesNotContainKey("payload_md5");
    }

    @Test
    void aCompromisedWebsitesCategoryPicksItsClassification() throws IOException {
        var read = sample("2024-05-01-compromised_website-country-geo.csv");

        assertThat(read.events())
                .extracting(ReportEvent::classification)
                .containsExactly("phishing", "application-compromise");
        assertThat(read.events())
                .extracting(ReportEvent::identifier)
                .containsExactly("compromised-website-phishing", "compromised-website");
        assertThat(read.events().get(0).observables())
                .contains(Observable.of(ObservableType.DOMAIN, "www.shop.example.com"));
        assertThat(read.events().get(0).protocol())
                .as("the mapping's default protocol")
                .isEqualTo("tcp");
    }

    @Test
    void aDeviceIdentificationRowKeepsTheDeviceAsExtraFields() throws IOException {
        ReportEvent event =
                sample("2024-05-01-device_id-country-geo.csv").events().get(0);

        assertThat(event.classification()).isEqualTo("other");
        assertThat(event.port()).isEqualTo(10443);
        assertThat(event.extra())
                .containsEntry("device_vendor", "ExampleVendor")
                .containsEntry("tag", "ssl,vpn");
    }

    @Test
    void aBlocklistedNetworkIsSkippedBecauseAnEventIsAboutOneHost() throws IOException {
        var read = sample("2024-05-01-blocklist-country-geo.csv");

        assertThat(read.events()).extracting(ReportEvent::ip).containsExactly("198.51.100.134");
        assertThat(read.events().get(0).port()).isNull();
        assertThat(read.events().get(0).extra()).containsEntry("source", "Example List");
        assertThat(read.summary().skipped())
                .containsEntry(SkipReason.NETWORK_NOT_ADDRESS, new ReportReader.Skipped(1, 3));
    }

    @Test
    void anUnknownReportIsReadGenericallyTakingTheSourceColumns() throws IOException {
        var read = sample("2024-05-01-scan_quantum_widget-country-geo.csv");

        assertThat(read.summary().generic()).isTrue();
        assertThat(read.summary().reportType()).isEqualTo("scan_quantum_widget");
        ReportEvent event = read.events().get(0);
        assertThat(event.classification()).isEqualTo("undetermined");
        assertThat(event.identifier()).isEqualTo(ReportMapping.GENERIC_IDENTIFIER);
        assertThat(event.ip()).isEqualTo("192.0.2.99");
        assertThat(event.port()).isEqualTo(8443);
        assertThat(event.asn()).isEqualTo("AS64506");
        assertThat(event.hostname()).isEqualTo("widget.example.org");
        assertThat(event.timestamp()).isEqualTo(Instant.parse("2024-05-01T08:00:00Z"));
        assertThat(event.extra()).containsExactlyEntriesOf(java.util.Map.of("widget_version", "1.2.3"));
    }

    @Test
    void theSameRowReadTwiceHasTheSameDigestAndDifferentRowsDifferentOnes() throws IOException {
        var once = sample("2024-05-01-scan_dns-country-geo.csv").events();
        var again = sample("2024-05-01-scan_dns-country-geo.csv").events();

        assertThat(once)
                .extracting(ReportEvent::digest)
                .containsExactlyElementsOf(
                        again.stream().map(ReportEvent::digest).toList());
        assertThat(once)
                .extracting(ReportEvent::digest)
                .doesNotHaveDuplicates()
                .allMatch(d -> d.matches("[0-9a-f]{64}"));
    }

    @Test
    void theDigestIgnoresSpacesAroundCellsButNotTheReportType() throws IOException {
        String header = "\"timestamp\",\"ip\",\"port\"\n";
        var plain = text(
                header + "\"2024-05-01 00:00:00\",\"198.51.100.1\",22\n", "2024-05-01-scan_rdp-x.csv", Limits.DEFAULT);
        var padded = text(
                header + "\"2024-05-01 00:00:00\", 198.51.100.1 ,22\r\n", "2024-05-01-scan_rdp-x.csv", Limits.DEFAULT);
        var otherType = text(
                header + "\"2024-05-01 00:00:00\",\"198.51.100.1\",22\n", "2024-05-01-scan_vnc-x.csv", Limits.DEFAULT);

        assertThat(padded.events().get(0).digest())
                .isEqualTo(plain.events().get(0).digest());
        assertThat(otherType.events().get(0).digest())
                .isNotEqualTo(plain.events().get(0).digest());
    }

    @Test
    void aByteOrderMarkBeforeTheHeaderIsTolerated() throws IOException {
        byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
        byte[] csv = "\"timestamp\",\"ip\",\"port\"\n\"2024-05-01 01:02:03\",\"198.51.100.2\",3389\n"
                .getBytes(StandardCharsets.UTF_8);
        byte[] all = new byte[bom.length + csv.length];
        System.arraycopy(bom, 0, all, 0, bom.length);
        System.arraycopy(csv, 0, all, bom.length, csv.length);

        var read = read(new ByteArrayInputStream(all), "2024-05-01-scan_rdp-country-geo.csv", new ReportReader());

        assertThat(read.events().get(0).timestamp()).isEqualTo(Instant.parse("2024-05-01T01:02:03Z"));
        assertThat(read.events().get(0).extra()).isEmpty();
    }

    @Test
    void moreRowsThanTheLimitStopTheReadingWithAClearError() {
        String csv = "ip,port\n198.51.100.1,1\n198.51.100.2,2\n198.51.100.3,3\n";

        assertThatThrownBy(() -> text(csv, "2024-05-01-scan_rdp-x.csv", new Limits(2, 10, 100, 1000)))
                .isInstanceOf(ReportFormatException.class)
                .hasMessageContaining("more than 2 rows")
                .hasMessageContaining("line 4");
    }

    @Test
    void rowsOverTheColumnFieldAndLineLimitsAreSkippedAndTheReadingGoesOn() throws IOException {
        String csv = "ip,port,tag\n"
                + "198.51.100.1,1,a,b,c,d\n" // too many columns (limit 5)
                + "198.51.100.2,2," + "x".repeat(30) + "\n" // field too long (limit 20)
                + "198.51.100.3,3," + "y,".repeat(40) + "\n" // line too long (limit 60)
                + "198.51.100.4,4,ok\n"
                + "198.51.100.5,5\n"; // column count

        var read = text(csv, "2024-05-01-scan_rdp-x.csv", new Limits(100, 5, 20, 60));

        assertThat(read.events()).extracting(ReportEvent::ip).containsExactly("198.51.100.4");
        assertThat(read.summary().skipped())
                .containsEntry(SkipReason.TOO_MANY_COLUMNS, new ReportReader.Skipped(1, 2))
                .containsEntry(SkipReason.FIELD_TOO_LONG, new ReportReader.Skipped(1, 3))
                .containsEntry(SkipReason.LINE_TOO_LONG, new ReportReader.Skipped(1, 4))
                .containsEntry(SkipReason.COLUMN_COUNT, new ReportReader.Skipped(1, 6));
        assertThat(read.events().get(0).line()).isEqualTo(5);
    }

    @Test
    void aQuotedCellMayHoldCommasAndLineBreaksAndLineNumbersFollowThePhysicalLines() throws IOException {
        String csv = "ip,port,banner\n"
                + "198.51.100.1,23,\"Welcome, user\nlogin:\"\n"
                + "198.51.100.2,23,\"said \"\"hi\"\"\"\n"
                + "198.51.100.3,23,\"never closed\n";

        var read = text(csv, "2024-05-01-scan_telnet-x.csv", Limits.DEFAULT);

        assertThat(read.events()).extracting(ReportEvent::line).containsExactly(2L, 4L);
        assertThat(read.events().get(0).extra()).containsEntry("banner", "Welcome, user\nlogin:");
        assertThat(read.events().get(1).extra()).containsEntry("banner", "said \"hi\"");
        assertThat(read.summary().skipped()).containsEntry(SkipReason.MALFORMED, new ReportReader.Skipped(1, 5));
    }

    @Test
    void aHeaderWithoutTheIpColumnIsAClearErrorNamingTheColumns() {
        String csv = "timestamp,address,port\n2024-05-01 00:00:00,198.51.100.1,22\n";

        assertThatThrownBy(() -> text(csv, "2024-05-01-event4_sinkhole-x.csv", Limits.DEFAULT))
                .isInstanceOf(ReportFormatException.class)
                .hasMessageContaining("no IP column 'src_ip' (nor 'ip')")
                .hasMessageContaining("timestamp, address, port");
    }

    @Test
    void timestampsReadInShadowserversFormatAndInIso8601AndAnUnreadableOneSkipsTheRow() throws IOException {
        String csv = "timestamp,ip\n"
                + "2024-05-01 03:12:44,198.51.100.1\n"
                + "2024-05-01T03:12:44Z,198.51.100.2\n"
                + "2024-05-01T05:12:44+02:00,198.51.100.3\n"
                + "2024-05-01T03:12:44.5,198.51.100.4\n"
                + "yesterday,198.51.100.5\n";

        var read = text(csv, "2024-05-01-scan_rdp-x.csv", Limits.DEFAULT);

        assertThat(read.events())
                .extracting(ReportEvent::timestamp)
                .containsExactly(
                        Instant.parse("2024-05-01T03:12:44Z"),
                        Instant.parse("2024-05-01T03:12:44Z"),
                        Instant.parse("2024-05-01T03:12:44Z"),
                        Instant.parse("2024-05-01T03:12:44.500Z"));
        assertThat(read.summary().skippedFor(SkipReason.INVALID_TIMESTAMP)).isEqualTo(1);
    }

    @Test
    void blankLinesAndARepeatedHeaderAreSkippedNotRead() throws IOException {
        String csv = "ip,port\n\n198.51.100.1,1\nip,port\n198.51.100.2,2\n   \n";

        var read = text(csv, "2024-05-01-scan_rdp-x.csv", Limits.DEFAULT);

        assertThat(read.events()).hasSize(2);
        assertThat(read.summary().skippedFor(SkipReason.BLANK_LINE)).isEqualTo(2);
        assertThat(read.summary().skipped()).containsEntry(SkipReason.REPEATED_HEADER, new ReportReader.Skipped(1, 4));
    }
}
