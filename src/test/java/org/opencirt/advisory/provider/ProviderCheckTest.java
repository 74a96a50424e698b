package org.opencirt.advisory.provider;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.opencirt.advisory.csaf.CsafValidator;
import org.opencirt.advisory.provider.ProviderCheck.Report;
import org.opencirt.advisory.provider.ProviderCheck.Status;
import org.opencirt.advisory.signing.OpenPgp;
import org.opencirt.advisory.signing.SigningConfig;

/**
 * The provider check against a vendor's provider on a local port: complete, it meets every
 * requirement a trusted provider must; with one fault planted, exactly the requirement that fault
 * breaks fails, and says which file.
 */
class ProviderCheckTest {

    private static CsafValidator validator;
    private ProviderMirror mirror;

    @BeforeAll
    static void validator() {
        validator = new CsafValidator();
    }

    @AfterEach
    void close() {
        if (mirror != null) {
            mirror.close();
        }
    }

    private Report check(boolean withToken) throws Exception {
        return new ProviderCheck(mirror.site(withToken), validator, 100).check(mirror.origin());
    }

    private Report checkWithToken() throws Exception {
        return check(true);
    }

    /** Asserts that exactly these requirements fail (10, the DNS path, cannot exist on 127.0.0.1), and gives the messages of the first. */
    private static List<String> failsExactly(Report report, Integer... numbers) {
        var expected = new java.util.TreeSet<>(List.of(numbers));
        expected.add(10);
        var failed = report.results().stream()
                .filter(r -> r.status() == Status.FAIL)
                .map(ProviderCheck.Result::number)
                .toList();
        assertThat(failed).as(describe(report)).containsExactlyElementsOf(expected);
        return report.result(numbers.length == 0 ? 10 : numbers[0]).messages();
    }

    private static String describe(Report report) {
        var out = new ByteArrayOutputStream();
        ProviderCheckCli.print(report, new PrintStream(out, true, StandardCharsets.UTF_8));
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void aCompleteProviderOverTlsMeetsEveryRequirementOfATrustedProvider() throws Exception {
        mirror = ProviderMirror.complete(true);
        var report = checkWithToken();
        failsExactly(report);
        assertThat(report.metadata()).hasToString(mirror.metadataUrl());
        assertThat(IntStream.rangeClosed(1, 20).filter(n -> n != 10).mapToObj(report::result))
                .allMatch(r -> r.status() == Status.PASS, describe(report));
        assertThat(report.roleMet()).isEqualTo("csaf_trusted_provider");
        assertThat(ProviderCheckCli.met(report)).isTrue();
        assertThat(describe(report)).contains(" 7  PASS     provider-metadata.json", "role met: csaf_trusted_provider");
    }

    @Test
    void withoutTheTokenTheAmberFolderIsCheckedToBeClosedAndItsFilesAreNotRead() throws Exception {
        mirror = ProviderMirror.complete(true);
        var report = check(false);
        failsExactly(report);
        assertThat(report.result(15).messages()).anyMatch(m -> m.contains("amber") && m.contains("not checked"));
    }

    @Test
    void requirement1AnInvalidDocumentIsNamedWithItsFirstError() throws Exception {
        mirror = ProviderMirror.complete(true);
        var doc = ProviderMirror.document("VENDOR-2026-009", "WHITE", "2026-05-01T08:00:00Z", "2026-05-01T08:00:00Z");
        doc.withObject("document").remove("title");
        mirror.publish("white", doc);
        mirror.finish();
        var messages = failsExactly(checkWithToken(), 1);
        assertThat(messages).anyMatch(m -> m.startsWith("vendor-2026-009.json: ") && m.contains("title"));
    }

    @Test
    void requirement2AFileNotNamedAfterItsTrackingIdFails() throws Exception {
        mirror = ProviderMirror.complete(true);
        var doc = ProviderMirror.document("VENDOR-2026-010", "WHITE", "2026-05-01T08:00:00Z", "2026-05-01T08:00:00Z");
        mirror.publishAs("white", "2026", "VENDOR-2026-010.json", doc);
        mirror.finish();
        var messages = failsExactly(checkWithToken(), 2);
        assertThat(messages).singleElement().asString().contains("should be named vendor-2026-010.json");
    }

    @Test
    void requirement3AProviderOverPlainHttpFailsTls() throws Exception {
        mirror = ProviderMirror.complete(false);
        var report = new ProviderCheck(mirror.site(true), validator, 100).check(mirror.metadataUrl());
        // security.txt's CSAF field is http:// too, which requirement 8 refuses
        var messages = failsExactly(report, 3, 8);
        assertThat(messages).singleElement().asString().contains("read without TLS");
        assertThat(report.roleMet()).isNull();
    }

    @Test
    void requirement4AWhiteDocumentOnlyInTheProtectedFolderFails() throws Exception {
        mirror = ProviderMirror.complete(true);
        mirror.publish(
                "amber",
                ProviderMirror.document("VENDOR-2026-011", "WHITE", "2026-05-01T08:00:00Z", "2026-05-01T08:00:00Z"));
        mirror.finish();
        var messages = failsExactly(checkWithToken(), 4);
        assertThat(messages).singleElement().asString().contains("vendor-2026-011.json is TLP:WHITE");
    }

    @Test
    void requirement5AnAmberFolderReadableWithoutATokenFails() throws Exception {
        mirror = ProviderMirror.complete(true);
        mirror.amberOpen = true;
        var messages = failsExactly(check(false), 5);
        assertThat(messages)
                .anyMatch(m -> m.contains("vendor-2026-003.json (TLP:AMBER) can be downloaded without authentication"));
    }

    @Test
    void requirement6ARedirectFailsAndNamesTheHop() throws Exception {
        mirror = ProviderMirror.complete(true);
        var path = "/.well-known/csaf/white/2026/vendor-2026-002.json";
        mirror.files.put("/moved.json", mirror.files.get(path));
        mirror.redirects.put(path, mirror.origin() + "/moved.json");
        var messages = failsExactly(checkWithToken(), 6);
        assertThat(messages).singleElement().asString().contains(path + " redirects (302) to");
    }

    @Test
    void requirement7MetadataAgainstItsSchemaAndWhereItSaysItIs() throws Exception {
        mirror = ProviderMirror.complete(true);
        var metadata = mirror.text("/.well-known/csaf/provider-metadata.json")
                .replace("\"metadata_version\" : \"2.0\"", "\"metadata_version\" : \"1.0\"")
                .replace(
                        "\"canonical_url\" : \"" + mirror.metadataUrl(),
                        "\"canonical_url\" : \"https://elsewhere.test/provider-metadata.json");
        mirror.put("/.well-known/csaf/provider-metadata.json", metadata);
        var messages = failsExactly(checkWithToken(), 7);
        assertThat(messages).anyMatch(m -> m.contains("metadata_version")).anyMatch(m -> m.contains("canonical_url"));
    }

    @Test
    void requirements8And9OneOfThemIsEnoughToFindTheMetadata() throws Exception {
        mirror = ProviderMirror.complete(true);
        mirror.put("/.well-known/security.txt", "Contact: mailto:psirt@vendor.test\n");
        var report = checkWithToken();
        assertThat(failsExactly(report, 8)).singleElement().asString().contains("no CSAF field");
        assertThat(report.roleMet()).isEqualTo("csaf_trusted_provider");
        mirror.files.remove("/.well-known/csaf/provider-metadata.json");
        mirror.put("/.well-known/security.txt", "CSAF: " + mirror.origin() + "/elsewhere/provider-metadata.json\n");
        mirror.put("/elsewhere/provider-metadata.json", "{}");
        var moved = checkWithToken();
        assertThat(moved.result(9).status()).isEqualTo(Status.FAIL);
        assertThat(moved.result(8).status()).isEqualTo(Status.PASS);
        assertThat(moved.metadata()).hasToString(mirror.origin() + "/elsewhere/provider-metadata.json");
    }

    @Test
    void requirement11ADocumentOutsideTheFolderOfItsFirstReleaseYearFails() throws Exception {
        mirror = ProviderMirror.complete(true);
        var doc = ProviderMirror.document("VENDOR-2025-012", "WHITE", "2025-12-30T08:00:00Z", "2026-01-02T08:00:00Z");
        mirror.publishAs("white", "2026", "vendor-2025-012.json", doc);
        mirror.finish();
        var messages = failsExactly(checkWithToken(), 11);
        assertThat(messages).singleElement().asString().contains("in folder '2026', its initial release is in 2025");
    }

    @Test
    void requirement12AnIndexEntryWithoutItsFileFails() throws Exception {
        mirror = ProviderMirror.complete(true);
        mirror.put(
                "/.well-known/csaf/white/index.txt",
                mirror.text("/.well-known/csaf/white/index.txt") + "2026/gone.json\n");
        var messages = failsExactly(checkWithToken(), 12);
        assertThat(messages).singleElement().asString().endsWith("2026/gone.json answers HTTP 404");
    }

    @Test
    void requirement13ChangesNotNewestFirstOrWithAnotherDateFail() throws Exception {
        mirror = ProviderMirror.complete(true);
        var lines = mirror.text("/.well-known/csaf/white/changes.csv").strip().split("\n");
        mirror.put(
                "/.well-known/csaf/white/changes.csv",
                lines[1] + "\n" + lines[0].replace("2026-03-01T08:00:00Z", "2026-03-01T09:00:00Z") + "\n");
        var messages = failsExactly(checkWithToken(), 13);
        assertThat(messages)
                .anyMatch(m -> m.contains("not newest first"))
                .anyMatch(m -> m.contains("its current_release_date is"));
    }

    @Test
    void requirement14AFolderWithoutAListingFails() throws Exception {
        mirror = ProviderMirror.complete(true);
        mirror.put("/.well-known/csaf/white/", "<html><body>nothing here</body></html>");
        var messages = failsExactly(checkWithToken(), 14);
        assertThat(messages).contains("the listing of " + mirror.base() + "white/ has no link to 2025/");
    }

    @Test
    void requirement15AFeedEntryWithoutItsSelfLinkFails() throws Exception {
        mirror = ProviderMirror.complete(true);
        var path = "/.well-known/csaf/white/feed-tlp-white.json";
        mirror.put(path, mirror.text(path).replaceFirst("\"rel\":\"self\"", "\"rel\":\"alternate\""));
        var messages = failsExactly(checkWithToken(), 15);
        assertThat(messages).singleElement().asString().contains("has no self link");
    }

    @Test
    void requirement16AServiceDocumentMissingAFeedFails() throws Exception {
        mirror = ProviderMirror.complete(true);
        var path = "/.well-known/csaf/service.json";
        mirror.put(path, mirror.text(path).replace("feed-tlp-amber.json", "other.json"));
        var messages = failsExactly(checkWithToken(), 16);
        assertThat(messages).anyMatch(m -> m.contains("does not list the feed") && m.contains("feed-tlp-amber.json"));
    }

    @Test
    void requirement17ACategoryWithoutATermFails() throws Exception {
        mirror = ProviderMirror.complete(true);
        mirror.put("/.well-known/csaf/white/categories.json", "{\"categories\": {\"category\": [{\"label\": \"x\"}]}}");
        var messages = failsExactly(checkWithToken(), 17);
        assertThat(messages).singleElement().asString().contains("a category has no term");
    }

    @Test
    void requirement18AHashThatDoesNotMatchFails() throws Exception {
        mirror = ProviderMirror.complete(true);
        var path = "/.well-known/csaf/white/2025/vendor-2025-001.json.sha512";
        mirror.put(path, "0".repeat(128) + "  vendor-2025-001.json\n");
        var messages = failsExactly(checkWithToken(), 18);
        assertThat(messages).singleElement().asString().contains(path + " does not match vendor-2025-001.json");
    }

    @Test
    void requirement19ASignatureByAnotherKeyFails() throws Exception {
        mirror = ProviderMirror.complete(true);
        var stranger = OpenPgp.generate(
                "Stranger <x@stranger.test>",
                SigningConfig.KeyAlgorithm.ED25519,
                Duration.ofDays(30),
                Instant.now().minusSeconds(60));
        var path = "/.well-known/csaf/white/2026/vendor-2026-002.json";
        mirror.put(path + ".asc", ProviderMirror.sign(mirror.files.get(path), stranger));
        var messages = failsExactly(checkWithToken(), 19);
        assertThat(messages)
                .singleElement()
                .asString()
                .startsWith("vendor-2026-002.json: signed by a key the platform does not know");
    }

    @Test
    void requirement20AKeyWithAnotherFingerprintThanStatedFails() throws Exception {
        mirror = ProviderMirror.complete(true);
        var path = "/.well-known/csaf/provider-metadata.json";
        var stated = "\"fingerprint\" : \"" + mirror.key.fingerprint() + "\"";
        assertThat(mirror.text(path)).contains(stated);
        mirror.put(path, mirror.text(path).replace(stated, "\"fingerprint\" : \"" + "AB".repeat(20) + "\""));
        var report = checkWithToken();
        assertThat(failsExactly(report, 20))
                .singleElement()
                .asString()
                .contains("holds key " + mirror.key.fingerprint() + ", not " + "AB".repeat(20));
        assertThat(report.roleMet()).isEqualTo("csaf_provider");
    }

    @Test
    void fileUrlsAProviderListsAreFindingsAndAreNeverRead() throws Exception {
        mirror = ProviderMirror.complete(true);
        var path = "/.well-known/csaf/white/feed-tlp-white.json";
        mirror.put(
                path,
                mirror.text(path)
                        .replaceFirst("\"href\":\"https://[^\"]*\\.json\"", "\"href\":\"file:///etc/passwd\"")
                        .replaceFirst(
                                "\"href\":\"https://[^\"]*\\.json\\.sha256\"",
                                "\"href\":\"file://localhost/etc/hostname\""));
        var asked = new java.util.concurrent.CopyOnWriteArrayList<java.net.URI>();
        var site = mirror.site(true);
        Site recording = (url, credentials) -> {
            asked.add(url);
            return site.get(url, credentials);
        };
        var report = new ProviderCheck(recording, validator, 100).check(mirror.origin());
        assertThat(report.result(15).messages())
                .anyMatch(m -> m.contains("'file:///etc/passwd' is not an absolute http(s) URL"));
        assertThat(report.result(15).messages())
                .anyMatch(m -> m.contains("'file://localhost/etc/hostname' is not an absolute http(s) URL"));
        assertThat(asked).isNotEmpty().allMatch(url -> url.getScheme().equals("https"));
    }

    @Test
    void aTargetThatIsNoHostIsAFindingNotAnException() throws Exception {
        mirror = ProviderMirror.complete(true);
        var report = new ProviderCheck(mirror.site(false), validator, 100).check("https://");
        assertThat(report.result(7).messages()).singleElement().asString().contains("neither a domain nor a URL");
        assertThat(report.roleMet()).isNull();
    }
}
