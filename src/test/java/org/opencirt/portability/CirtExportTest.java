package org.opencirt.portability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.opencirt.portability.Zips.sha256;
import static org.opencirt.portability.Zips.text;
import static org.opencirt.portability.Zips.unzip;
import static org.opencirt.portability.Zips.zip;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.opencirt.advisory.Gpg;
import org.opencirt.audit.AuditArchiveVerifier;
import org.opencirt.testing.Api;
import org.opencirt.testing.Cirts;
import org.opencirt.testing.KeycloakUsers;
import org.opencirt.testing.Tokens;

/**
 * A CIRT takes its data with it (docs/portability.md): its admin asks for the archive with the
 * CIRT's own OpenPGP key, gpg decrypts it, and the zip holds the CIRT's rows and files with
 * checksums that hold, and nothing of another CIRT.
 */
@QuarkusTest
class CirtExportTest {

    private static ArchiveRecipient recipient;
    private static String recipientKey;

    @Inject
    KeycloakUsers users;

    @BeforeAll
    static void generateTheCirtsKey() {
        recipient = new ArchiveRecipient("Archive test <archive@cirt.example.org>");
        recipientKey = recipient.publicKey();
    }

    @AfterAll
    static void removeTheKey() {
        recipient.close();
    }

    @Test
    void theAdminGetsEverythingItsCirtOwnsEncryptedToItsKeyWithChecksumsAndNothingOfAnotherCirt() throws Exception {
        var cirt = newCirt();
        var marker = "arch" + UUID.randomUUID().toString().substring(0, 8);
        var analyst = Tokens.user(cirt.analyst());
        var admin = Tokens.user(cirt.admin());
        var incident = Api.as(analyst)
                .body("""
                {"title": "Archived %1$s", "description": "The text of %1$s", "tlp": "RED",
                 "observables": [{"value": "%1$s.example.org"}]}
                """.formatted(marker))
                .post("/api/v1/incidents")
                .then()
                .statusCode(201)
                .extract()
                .path("id")
                .toString();
        var attachmentBytes = new byte[3000];
        ThreadLocalRandom.current().nextBytes(attachmentBytes);
        var attachment = Api.as(analyst)
                .contentType("application/octet-stream")
                .body(attachmentBytes)
                .post("/api/v1/incidents/%s/attachments?filename=evidence.bin".formatted(incident))
                .then()
                .statusCode(201)
                .extract()
                .path("id")
                .toString();
        Api.as(analyst)
                .body("{\"body\": \"Comment %s\"}".formatted(marker))
                .post("/api/v1/incidents/%s/comments".formatted(incident))
                .then()
                .statusCode(201);
        Api.as(admin)
                .body("{\"value\": \"secret-%s\"}".formatted(marker))
                .put("/api/v1/secrets/feed-token")
                .then()
                .statusCode(201);

        var answer = Api.as(admin)
                .body(Map.of("recipientKey", recipientKey))
                .post("/api/v1/archive/export")
                .then()
                .statusCode(200)
                .header("Content-Disposition", org.hamcrest.Matchers.containsString(cirt.id()))
                .extract()
                .asByteArray();

        var files = unzip(recipient.decrypt(answer));
        assertThat(files).containsKeys("manifest.json", "SHA256SUMS", "incidents/incident.jsonl", "audit/SHA256SUMS");
        // every file but the checksums themselves is listed with its SHA-256, and each one holds
        var sums = new TreeMap<String, String>();
        for (var line : text(files, "SHA256SUMS").split("\n")) {
            sums.put(line.substring(66), line.substring(0, 64));
        }
        assertThat(sums.keySet())
                .containsExactlyInAnyOrderElementsOf(files.keySet().stream()
                        .filter(name -> !name.equals("SHA256SUMS"))
                        .toList());
        sums.forEach((name, sum) -> assertThat(sha256(files.get(name))).as(name).isEqualTo(sum));

        var manifest = text(files, "manifest.json");
        assertThat(manifest)
                .contains("\"format\" : \"opencirt-cirt-archive\"")
                .contains("\"id\" : \"%s\"".formatted(cirt.id()))
                .contains("\"encryptedTo\" : \"%s\"".formatted(recipient.fingerprint()));
        assertThat(text(files, "incidents/incident.jsonl"))
                .contains("Archived " + marker)
                .contains("The text of " + marker);
        assertThat(text(files, "incidents/observable.jsonl")).contains(marker + ".example.org");
        assertThat(text(files, "incidents/incident_comment.jsonl")).contains("Comment " + marker);
        assertThat(files.get("incidents/attachments/" + attachment)).isEqualTo(attachmentBytes);
        assertThat(text(files, "secrets/cirt_secret.jsonl")).contains("\"value\":\"secret-" + marker + "\"");
        assertThat(text(files, "cirt/tenant.jsonl")).contains("\"id\":\"%s\"".formatted(cirt.id()));

        // the CIRT's signing key (given at onboarding) leaves as an OpenPGP secret key gpg takes
        var secretKeys = files.keySet().stream()
                .filter(name -> name.startsWith("advisories/keys/"))
                .toList();
        assertThat(secretKeys).hasSize(1);
        try (var elsewhere = new Gpg()) {
            var imported = elsewhere.run(List.of("--status-fd", "1", "--import"), files.get(secretKeys.getFirst()));
            assertThat(imported.stdout()).contains("IMPORT_OK").contains("[GNUPG:] IMPORT_RES");
            assertThat(elsewhere.run(List.of("--list-secret-keys"), null).stdout())
                    .containsIgnoringCase(secretKeys.getFirst().substring("advisories/keys/".length(), 40));
        }

        // the audit folder is the audit export: zipped again, the published verifier checks it
        var audit = Files.createTempFile("audit", ".zip");
        try {
            Files.write(audit, zip(files, "audit/"));
            var verified = AuditArchiveVerifier.verify(audit);
            assertThat(verified.exitCode()).as(verified.message()).isEqualTo(AuditArchiveVerifier.OK);
            // the request itself is in the trail, committed before the archive's snapshot
            assertThat(text(files, "audit/entries.jsonl"))
                    .contains("\"objectId\":\"%s\"".formatted(incident))
                    .contains("\"action\":\"archive.export\"");
        } finally {
            Files.delete(audit);
        }

        // nothing of the demo CIRTs, which share the installation
        for (var file : files.entrySet()) {
            assertThat(new String(file.getValue(), StandardCharsets.ISO_8859_1))
                    .as(file.getKey())
                    .doesNotContain("cert-ab")
                    .doesNotContain("cert-cd");
        }
    }

    @Test
    void aKeyThatCannotTakeTheArchiveIsRefusedAndNamed() {
        var cirt = newCirt();
        var admin = Tokens.user(cirt.admin());
        try (var signer = new Gpg()) {
            signer.run(
                    List.of(
                            "--pinentry-mode",
                            "loopback",
                            "--passphrase",
                            "",
                            "--quick-gen-key",
                            "Signing only <sign@cirt.example.org>",
                            "ed25519",
                            "sign",
                            "never"),
                    null);
            var signingOnly = signer.run(List.of("--armor", "--export"), null).stdout();
            var cases = Map.of(
                    "{}",
                    "is required",
                    "{\"recipientKey\": \"not a key at all\"}",
                    "cannot be read as an OpenPGP public key",
                    "{\"recipientKey\": " + json(signingOnly) + "}",
                    "has no key that may encrypt");
            cases.forEach((body, expected) -> {
                var problem = Api.as(admin)
                        .body(body)
                        .post("/api/v1/archive/export")
                        .then()
                        .statusCode(400)
                        .contentType("application/problem+json")
                        .extract()
                        .asString();
                assertThat(problem).contains("recipientKey").contains(expected).doesNotContain("BEGIN PGP");
            });
        }
    }

    @Test
    void onlyTheCirtsAdminsMayTakeItsArchive() {
        var cirt = newCirt();
        for (var token :
                List.of(Tokens.user(cirt.analyst()), Tokens.user(cirt.lead()), Tokens.user("platform-admin"))) {
            Api.as(token)
                    .body(Map.of("recipientKey", recipientKey))
                    .post("/api/v1/archive/export")
                    .then()
                    .statusCode(403);
        }
    }

    @Test
    void anExportThatBreaksOffNeverDecryptsAsAWholeArchive() throws Exception {
        var cirt = newCirt();
        BreakingArchivePart.breaks = cirt.id();
        var received = new ByteArrayOutputStream();
        try {
            var request = java.net.http.HttpRequest.newBuilder(
                            java.net.URI.create("http://localhost:%d/api/v1/archive/export"
                                    .formatted(ConfigProvider.getConfig()
                                            .getValue("quarkus.http.test-port", Integer.class))))
                    .header("Authorization", "Bearer " + Tokens.user(cirt.admin()))
                    .header("Content-Type", "application/json")
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString(
                            "{\"recipientKey\": " + json(recipientKey) + "}"))
                    .build();
            try (var client = java.net.http.HttpClient.newHttpClient()) {
                var answer = client.send(request, java.net.http.HttpResponse.BodyHandlers.ofInputStream());
                assertThat(answer.statusCode()).isEqualTo(200); // the answer had begun when the export broke off
                try (var body = answer.body()) {
                    body.transferTo(received);
                } catch (IOException e) {
                    // the service cut the stream: what came before is all the client has
                }
            }
        } finally {
            BreakingArchivePart.breaks = null;
        }
        assertThat(received.size())
                .as("the parts before the break were streamed")
                .isPositive();
        var decrypted = recipient.tryDecrypt(received.toByteArray());
        assertThat(decrypted.exitCode()).as(decrypted.stderr()).isNotZero();
    }

    private record Cirt(String id, String admin, String analyst, String lead) {}

    private Cirt newCirt() {
        // not "cert-...": a random id could begin with another CIRT's, which the archive must not name
        var id = Cirts.onboard("arch");
        return new Cirt(
                id,
                users.create(List.of("cirt-admin"), List.of(id)),
                users.create(List.of("analyst"), List.of(id)),
                users.create(List.of("lead"), List.of(id)));
    }

    private static String json(String text) {
        return "\""
                + text.replace("\\", "\\\\")
                        .replace("\"", "\\\"")
                        .replace("\n", "\\n")
                        .replace("\r", "") + "\"";
    }
}
