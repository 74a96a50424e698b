package org.opencirt.feed.shadowserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.opencirt.common.yaml.DefinitionProblem;
import org.opencirt.incident.model.Rsit;

class ShadowserverMappingsTest {

    static final Path SHIPPED = Path.of("threat-feeds/shadowserver");

    static ReportMappings shipped() {
        return ReportMappings.load(SHIPPED);
    }

    @Test
    void everyShippedMappingFileLoadsAndTogetherTheyMapAtLeastThirtyReportTypes() {
        assertThat(shipped().all()).hasSizeGreaterThanOrEqualTo(30);
    }

    @Test
    void everyShippedClassificationIsATypeOfTheReferenceSecurityIncidentTaxonomy() {
        var classifications = new ArrayList<String>();
        for (var mapping : shipped().all()) {
            classifications.add(mapping.classification());
            if (mapping.overrides() != null) {
                mapping.overrides().values().forEach(v -> classifications.add(v.classification()));
            }
        }
        assertThat(classifications)
                .isNotEmpty()
                .allSatisfy(c -> assertThat(Rsit.categoryOf(c)).as(c).isPresent());
    }

    @Test
    void theReportTypesNationalCirtsReceiveMostAreAllMapped() {
        var mappings = shipped();
        List<String> wanted = List.of(
                "scan_rdp",
                "scan_smb",
                "scan_dns",
                "scan_ntp",
                "scan_ntpmonitor",
                "scan_snmp",
                "scan_ssdp",
                "scan_chargen",
                "scan_qotd",
                "scan_memcached",
                "scan_mdns",
                "scan_portmapper",
                "scan_netbios",
                "scan_elasticsearch",
                "scan_mongodb",
                "scan_redis",
                "scan_telnet",
                "scan_vnc",
                "scan_ftp",
                "scan_cwmp",
                "scan_ldap_udp",
                "scan_mssql",
                "scan_http_vulnerable",
                "scan_ssl_poodle",
                "scan_ssl_freak",
                "scan_http_proxy",
                "scan_ipp",
                "scan_ubiquiti",
                "event4_sinkhole",
                "event4_sinkhole_http",
                "event4_honeypot_brute_force",
                "event4_honeypot_darknet",
                "event4_ip_spoofer",
                "event4_honeypot_ddos_amp",
                "compromised_website",
                "device_id",
                "blocklist");
        assertThat(wanted)
                .allSatisfy(type -> assertThat(mappings.named(type)).as(type).isPresent());
    }

    @Test
    void everyMappedColumnIsNamedAndEveryMappingHasAFileName() {
        assertThat(shipped().all()).allSatisfy(m -> {
            assertThat(m.columns().ip()).as(m.type()).isIn("ip", "src_ip");
            assertThat(m.fileNames()).as(m.type()).contains(m.type());
        });
    }

    @ParameterizedTest
    @CsvSource({
        "2024-05-01-scan_rdp-country-geo.csv, scan_rdp",
        "2024-05-01-event4_sinkhole-country-geo.csv, event4_sinkhole",
        "2024-05-01-event4_sinkhole_http-country-geo.csv, event4_sinkhole_http",
        "2024-05-01-scan_ssl_poodle-country-geo.csv, scan_ssl_poodle",
        "2024-05-01-scan_ssl-country-geo.csv, scan_ssl",
        "2024-05-01-scan_ntpmonitor-country-geo.csv, scan_ntpmonitor",
        "2024-05-01-scan6_telnet-country-geo.csv, scan_telnet",
        "2024-05-01-scan_ntp_example_org-asn.csv, scan_ntp",
        "/var/reports/2024/05/01/2024-05-01-device_id-country-geo.csv, device_id",
        "scan_redis-country.csv, scan_redis",
    })
    void aShadowserverFileNameIdentifiesItsReportType(String fileName, String type) {
        assertThat(shipped().typeOf(fileName)).contains(type);
        assertThat(shipped().forFile(fileName).type()).isEqualTo(type);
    }

    @ParameterizedTest
    @CsvSource({"2024-05-01-scan_quantum-country-geo.csv", "2024-05-01-scan_http-country-geo.csv", "report.txt", "''"})
    void aFileNameNoMappingClaimsHasNoType(String fileName) {
        assertThat(shipped().typeOf(fileName)).isEmpty();
    }

    @Test
    void anUnknownReportTypeGetsTheGenericMappingNamedAfterItsFile() {
        var mapping = shipped().forFile("2024-05-01-scan_quantum-country-geo.csv");

        assertThat(mapping.isGeneric()).isTrue();
        assertThat(mapping.type()).isEqualTo("scan_quantum");
        assertThat(mapping.classification()).isEqualTo("undetermined");
        assertThat(Rsit.categoryOf(mapping.classification())).contains("other");
        assertThat(shipped().namedOrGeneric("event9_new_thing").isGeneric()).isTrue();
        assertThat(shipped().namedOrGeneric("scan_rdp").isGeneric()).isFalse();
    }

    @Test
    void anIpv6ScanTypeIsNamedThroughItsIpv4Mapping() {
        assertThat(shipped().named("scan6_rdp")).map(ReportMapping::type).contains("scan_rdp");
        assertThat(shipped().named("SCAN_RDP ")).map(ReportMapping::type).contains("scan_rdp");
    }

    @Test
    void aBadMappingFileIsRefusedWithEveryProblemAndItsLine() {
        String yaml = """
                family: broken
                reports:
                  - type: scan_example
                    name: Example
                    file-names: [scan_example]
                    classification: vulnerable-sytem
                    columns: {ip: ip}
                    colour: red
                """;

        assertThatThrownBy(() -> ReportMappings.read(Map.of("broken.yaml", yaml)))
                .isInstanceOf(ReportMappings.InvalidMappings.class)
                .satisfies(e -> {
                    var problems = ((ReportMappings.InvalidMappings) e).problems();
                    assertThat(problems).extracting(DefinitionProblem::line).contains(3, 6, 8);
                    assertThat(problems)
                            .extracting(DefinitionProblem::message)
                            .anySatisfy(m -> assertThat(m).contains("'vulnerable-sytem' is not a type"))
                            .anySatisfy(m -> assertThat(m).contains("identifier"))
                            .anySatisfy(m -> assertThat(m).contains("colour"));
                    assertThat(e.getMessage()).contains("broken.yaml:6");
                });
    }

    @Test
    void aReportTypeOrFileNameClaimedTwiceIsRefused() {
        String one = """
                family: one
                reports:
                  - {type: scan_a, name: A, file-names: [scan_a], classification: scanner, identifier: a, columns: {ip: ip}}
                """;
        String two = """
                family: two
                reports:
                  - {type: scan_a, name: A again, file-names: [scan_a2], classification: scanner, identifier: a, columns: {ip: ip}}
                  - {type: scan_b, name: B, file-names: [scan_a], classification: scanner, identifier: b, columns: {ip: ip}}
                """;

        var files = new LinkedHashMap<String, String>();
        files.put("one.yaml", one);
        files.put("two.yaml", two);

        assertThatThrownBy(() -> ReportMappings.read(files))
                .isInstanceOf(ReportMappings.InvalidMappings.class)
                .hasMessageContaining("report type 'scan_a' is already mapped")
                .hasMessageContaining("file name 'scan_a' already identifies report type 'scan_a'");
    }
}
