package org.opencirt.feed.definition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opencirt.feed.parse.FeedFormat;

/** The definition files: the shipped ones load; a bad one stops start-up naming file and line. */
class FeedCatalogTest {

    @Test
    void theShippedDefinitionsAndTheDemoSamplesLoad() {
        var feeds = FeedCatalog.load(
                List.of(Path.of("threat-feeds"), Path.of("threat-feeds/demo")), Path.of("threat-feeds/samples"));
        assertThat(feeds.keySet())
                .contains(
                        "urlhaus",
                        "feodo",
                        "spamhaus-drop",
                        "openphish",
                        "misp-circl-osint",
                        "taxii-partner",
                        "sample-urlhaus",
                        "sample-misp",
                        "sample-stix",
                        "sample-cert-ab-csv");
        assertThat(feeds.values().stream().filter(f -> !f.id().startsWith("sample-")))
                .allMatch(f -> !f.isEnabled());
        assertThat(feeds.get("urlhaus").format()).isEqualTo(FeedFormat.URLHAUS_CSV);
        assertThat(feeds.get("sample-cert-ab-csv").tenant()).isEqualTo("cert-ab");
        assertThat(feeds.get("urlhaus").defaultsOrNone().ttl()).hasDays(14);
    }

    @Test
    void everyProblemOfEveryFileIsReportedWithItsLine(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("a-bad.yaml"), """
                id: bad-one
                name: Bad one
                url: file:../../etc/passwd
                format: plain-list
                schedule: "0 0 25 * * ?"
                defaults:
                  confidence: 140
                """);
        Files.writeString(dir.resolve("b-worse.yaml"), """
                id: worse
                name: Worse
                url: https://feeds.example.org/x
                format: csv
                colour: blue
                """);
        Files.writeString(dir.resolve("c-broken.yaml"), "id: [unclosed\n");
        assertThatThrownBy(() -> FeedCatalog.load(List.of(dir), Path.of("threat-feeds/samples")))
                .isInstanceOf(FeedCatalog.InvalidDefinitions.class)
                .satisfies(e -> {
                    var problems = ((FeedCatalog.InvalidDefinitions) e).problems();
                    assertThat(problems)
                            .extracting(p -> p.file().endsWith("a-bad.yaml") ? p.line() + " " + p.pointer() : null)
                            .contains("5 /schedule", "7 /defaults/confidence");
                    assertThat(problems)
                            .anyMatch(p -> p.file().endsWith("b-worse.yaml")
                                    && p.line() == 5
                                    && p.pointer().equals("/colour"));
                    assertThat(problems)
                            .anyMatch(p -> p.file().endsWith("c-broken.yaml")
                                    && p.message().startsWith("not valid YAML"));
                    assertThat(e.getMessage()).contains("a-bad.yaml:5: /schedule:");
                });
    }

    @Test
    void theOptionsForRealWorldFilesPassTheSchemaAndReachTheParser(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("dataplane.yaml"), """
                id: dataplane
                name: Dataplane
                url: file:dataplane.txt
                format: plain-list
                options:
                  delimiter: "|"
                  columns: [asn, asname, ipaddr, lastseen, category]
                  free-text-field: asname
                  add-scheme: https
                  fields: {value: ipaddr}
                """);
        var options = FeedCatalog.load(List.of(dir), Path.of("threat-feeds/samples"))
                .get("dataplane")
                .options();
        assertThat(options.columns()).containsExactly("asn", "asname", "ipaddr", "lastseen", "category");
        assertThat(options.freeTextField()).isEqualTo("asname");
        assertThat(options.addScheme()).isEqualTo("https");
        Files.writeString(dir.resolve("dataplane.yaml"), """
                id: dataplane
                name: Dataplane
                url: file:dataplane.txt
                format: plain-list
                options: {add-scheme: ftp}
                """);
        assertThatThrownBy(() -> FeedCatalog.load(List.of(dir), Path.of("threat-feeds/samples")))
                .hasMessageContaining("dataplane.yaml:5")
                .hasMessageContaining("add-scheme");
    }

    @Test
    void aCsafProviderFeedIsReadOverHttpAndBelongsToOneCirt(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("vendor.yaml"), """
                id: vendor
                name: Vendor
                url: file:vendor/provider-metadata.json
                format: csaf-provider
                """);
        assertThatThrownBy(() -> FeedCatalog.load(List.of(dir), Path.of("threat-feeds/samples")))
                .hasMessageContaining("vendor.yaml:3: /url: a CSAF provider is read over http(s)")
                .hasMessageContaining("/scope: a csaf-provider feed keeps vendor advisories for one CIRT");
    }

    @Test
    void aShadowserverFeedBelongsToOneCirtAndSignsWithAKeyAndASecretNeverAHeaderToo(@TempDir Path dir)
            throws Exception {
        Files.writeString(dir.resolve("reports.yaml"), """
                id: reports
                name: Reports
                url: file:reports/2026-12-07-scan_rdp-country-geo.csv
                format: shadowserver
                shadowserver: {download-url: https://dl.example.org/}
                """);
        Files.writeString(dir.resolve("api.yaml"), """
                id: api
                name: API
                url: https://transform.example.org/api2/
                format: shadowserver
                scope: cert-cd
                auth: {api-key-from: env:SS_KEY, hmac-secret-from: env:SS_SECRET, header: X-Key}
                """);
        assertThatThrownBy(() -> FeedCatalog.load(List.of(dir), Path.of("threat-feeds/samples")))
                .hasMessageContaining("reports.yaml")
                .hasMessageContaining("/scope: a shadowserver feed's events are about one CIRT's constituents")
                .hasMessageContaining("/shadowserver/download-url: a download URL is for the Reports API")
                .hasMessageContaining("api.yaml:6: /auth");
        Files.writeString(dir.resolve("reports.yaml"), """
                id: reports
                name: Reports
                url: https://reports.example.org/2026-12-07-scan_rdp-country-geo.csv
                format: shadowserver
                scope: cert-cd
                """);
        Files.writeString(dir.resolve("api.yaml"), """
                id: api
                name: API
                url: https://transform.example.org/api2/
                format: shadowserver
                scope: cert-cd
                auth: {api-key-from: env:SS_KEY, hmac-secret-from: "secret:ss-secret"}
                shadowserver: {download-url: https://dl.example.org/}
                """);
        var catalog = FeedCatalog.load(List.of(dir), Path.of("threat-feeds/samples"));
        assertThat(catalog.get("api").auth().references())
                .containsEntry("/auth/api-key-from", "env:SS_KEY")
                .containsEntry("/auth/hmac-secret-from", "secret:ss-secret");
    }

    @Test
    void aFileUrlMayNotLeaveTheSampleFolder(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("escape.yaml"), """
                id: escape
                name: Escape
                url: file:../../etc/passwd
                format: plain-list
                """);
        assertThatThrownBy(() -> FeedCatalog.load(List.of(dir), Path.of("threat-feeds/samples")))
                .hasMessageContaining("escape.yaml:3: /url: file: URLs must stay below");
    }

    @Test
    void aPlatformFileNamesTheEnvironmentOrAFileAndOnlyACirtsOwnFeedNamesThatCirtsSecret(@TempDir Path dir)
            throws Exception {
        Files.writeString(dir.resolve("a-env.yaml"), """
                id: with-env
                name: With env
                url: https://feeds.example.org/x
                format: plain-list
                auth: {header: Authorization, value-from: env:FEED_KEY}
                """);
        Files.writeString(dir.resolve("b-cirt.yaml"), """
                id: cirt-secret
                name: A CIRT's feed with its secret
                url: https://feeds.example.org/y
                format: plain-list
                scope: cert-ab
                auth: {header: Authorization, value-from: "secret:feed-key"}
                """);
        var loaded = FeedCatalog.load(List.of(dir), Path.of("threat-feeds/samples"));
        assertThat(loaded.keySet()).containsExactlyInAnyOrder("with-env", "cirt-secret");

        Files.writeString(dir.resolve("c-global.yaml"), """
                id: global-with-secret
                name: A global feed naming a CIRT's secret
                url: https://feeds.example.org/z
                format: plain-list
                auth: {header: Authorization, value-from: "secret:feed-key"}
                """);
        assertThatThrownBy(() -> FeedCatalog.load(List.of(dir), Path.of("threat-feeds/samples")))
                .hasMessageContaining(
                        "c-global.yaml:5: /auth/value-from: a platform-wide definition cannot use a CIRT's secret");
    }
}
