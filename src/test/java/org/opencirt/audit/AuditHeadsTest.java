package org.opencirt.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.opencirt.advisory.Gpg;
import org.opencirt.advisory.service.SigningKeyService;
import org.opencirt.advisory.signing.OpenPgp;
import org.opencirt.testing.Api;

/**
 * Signed chain heads, the verifiable export and its offline verifier (docs/audit.md, ADR 35):
 * against the stack's PostgreSQL and Keycloak, with real tokens, and GnuPG as the independent checker.
 */
@QuarkusTest
class AuditHeadsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    AuditHeads heads;

    @Inject
    SigningKeyService signingKeys;

    @Inject
    DataSource database;

    @ConfigProperty(name = "quarkus.datasource.jdbc.url")
    String jdbcUrl;

    @Test
    void aHeadSignedOnDemandIsVerifiedByBouncyCastleAndByGpg() throws Exception {
        createIncident("ab-analyst");
        var headBefore = headSeq("cert-ab");
        var answer = Api.asUser("ab-lead")
                .post("/api/v1/audit/heads")
                .then()
                .statusCode(200)
                .body("signed", equalTo(true))
                .body("head.tenant", equalTo("cert-ab"))
                .extract();
        long seq = answer.<Number>path("head.seq").longValue();
        String statement = answer.path("head.statement");
        String signature = answer.path("head.signature");
        // the head signed is the chain's head before this call; the call's own entry comes right after it
        assertThat(seq).isEqualTo(headBefore);
        assertThat(headSeq("cert-ab")).isEqualTo(headBefore + 1);
        assertThat(lastAction("cert-ab")).isEqualTo("audit.sign");
        var said = JSON.readTree(statement);
        assertThat(said.get("seq").asLong()).isEqualTo(seq);
        assertThat(said.get("hash").asText()).isEqualTo(hashAt("cert-ab", seq));
        assertThat(said.get("tenant").asText()).isEqualTo("cert-ab");
        assertThat(statement)
                .isEqualTo(new String(
                        AuditArchive.statement(
                                "cert-ab",
                                seq,
                                said.get("hash").asText(),
                                java.time.Instant.parse(said.get("signedAt").asText())),
                        StandardCharsets.UTF_8));

        var bytes = statement.getBytes(StandardCharsets.UTF_8);
        var rings = signingKeys.publicKeysArmored("cert-ab").stream()
                .map(OpenPgp::readPublicRing)
                .toList();
        var verified = OpenPgp.verify(bytes, signature, rings);
        assertThat(verified.valid()).as(verified.reason()).isTrue();
        assertThat(verified.primaryFingerprint()).isEqualTo(answer.<String>path("head.keyFingerprint"));
        try (var gpg = new Gpg()) {
            for (var key : signingKeys.publicKeysArmored("cert-ab")) {
                assertThat(gpg.importKey(key).exitCode()).isZero();
            }
            var good = gpg.verify(bytes, signature);
            assertThat(good.exitCode()).as(good.stderr()).isZero();
            assertThat(good.stdout()).contains("[GNUPG:] GOODSIG", "[GNUPG:] VALIDSIG");
            var changed = gpg.verify(
                    statement.replace("\"seq\":" + seq, "\"seq\":" + (seq + 1)).getBytes(StandardCharsets.UTF_8),
                    signature);
            assertThat(changed.exitCode()).isNotZero();
            assertThat(changed.stdout()).contains("[GNUPG:] BADSIG");
        }

        // newest first, the one just signed on top
        Api.asUser("ab-lead")
                .queryParam("limit", 1)
                .get("/api/v1/audit/heads")
                .then()
                .statusCode(200)
                .body("heads[0].seq", equalTo((int) seq))
                .body("heads[0].signature", equalTo(signature));
        // the rows are insert-only for the service's role too
        try (var connection = database.getConnection();
                var update = connection.createStatement()) {
            assertThatThrownBy(() -> update.executeUpdate(
                            "update audit_head set hash = repeat('0', 64) where tenant = 'cert-ab' and seq = " + seq))
                    .hasMessageContaining("audit_head is insert-only");
        }
    }

    @Test
    void theDailyJobSignsAMovedHeadAndSkipsAnUnmovedOne() throws Exception {
        heads.signMoved();
        createIncident("cd-analyst");
        var cdHead = headSeq("cert-cd");
        var abHeads = signedCount("cert-ab");

        var first = heads.signMoved();
        assertThat(first).contains("cert-cd").doesNotContain("cert-ab");
        assertThat(latestSignedSeq("cert-cd")).isEqualTo(cdHead);
        assertThat(signedCount("cert-ab")).isEqualTo(abHeads);

        var cdHeads = signedCount("cert-cd");
        assertThat(heads.signMoved()).doesNotContain("cert-cd");
        assertThat(signedCount("cert-cd")).isEqualTo(cdHeads);
    }

    @Test
    void twoReplicasSigningOneHeadAtOnceStoreItOnce() throws Exception {
        createIncident("cd-analyst");
        var seq = headSeq("cert-cd");
        Callable<Boolean> sign = () -> QuarkusTransaction.requiringNew()
                .call(() -> heads.sign("cert-cd"))
                .signed();
        try (var pool = Executors.newFixedThreadPool(2)) {
            var results = pool.invokeAll(List.of(sign, sign));
            var signed = 0;
            for (var result : results) {
                signed += result.get() ? 1 : 0;
            }
            assertThat(signed).isEqualTo(1);
        }
        assertThat(countOf("select count(*) from audit_head where tenant = 'cert-cd' and seq = " + seq))
                .isEqualTo(1);
    }

    @Test
    void anExportVerifiesOfflineAndAnEditedRowIsNamedByItsSeq() throws Exception {
        createIncident("ab-analyst");
        createIncident("ab-analyst");
        Api.asUser("ab-lead").post("/api/v1/audit/heads").then().statusCode(200);
        var exported = export("ab-lead");
        // the export is itself recorded, before the archive is written: the archive holds its entry
        assertThat(lastAction("cert-ab")).isEqualTo("audit.export");
        var files = unzip(exported);
        assertThat(files).containsKeys(AuditArchive.ENTRIES, AuditArchive.KEYS, AuditArchive.MANIFEST);
        var entries = new String(files.get(AuditArchive.ENTRIES), StandardCharsets.UTF_8).split("\n");
        assertThat(entries).hasSize((int) headSeq("cert-ab"));
        assertThat(JSON.readTree(entries[0]).get("seq").asLong()).isEqualTo(1);
        assertThat(JSON.readTree(entries[entries.length - 1]).get("action").asText())
                .isEqualTo("audit.export");
        var headSeq = latestSignedSeq("cert-ab");
        var headFile = AuditArchive.headFile(headSeq);
        assertThat(files).containsKeys(headFile, headFile + ".asc");
        assertThat(new String(files.get(AuditArchive.MANIFEST), StandardCharsets.UTF_8))
                .contains(sha256(files.get(AuditArchive.ENTRIES)) + "  " + AuditArchive.ENTRIES);

        var result = AuditArchiveVerifier.verify(write(exported));
        assertThat(result.exitCode()).as(result.message()).isEqualTo(AuditArchiveVerifier.OK);
        assertThat(result.message())
                .startsWith("OK: cert-ab, %d entries".formatted(entries.length))
                .contains("signed heads verified, the last at seq " + headSeq);

        // what plain gpg does with the archive's files
        try (var gpg = new Gpg()) {
            assertThat(gpg.importKey(new String(files.get(AuditArchive.KEYS), StandardCharsets.US_ASCII))
                            .exitCode())
                    .isZero();
            var good = gpg.verify(
                    files.get(headFile), new String(files.get(headFile + ".asc"), StandardCharsets.US_ASCII));
            assertThat(good.exitCode()).as(good.stderr()).isZero();
        }

        // a superuser edits a row behind the trigger's back: the next export shows where
        var edited = headSeq - 1;
        var actor = actorAt("cert-ab", edited);
        try (var superuser = superuser();
                var statement = superuser.createStatement()) {
            statement.execute("set session_replication_role = replica");
            statement.executeUpdate(
                    "update audit_entry set actor = 'nobody' where tenant = 'cert-ab' and seq = " + edited);
            try {
                var broken = AuditArchiveVerifier.verify(write(export("ab-lead")));
                assertThat(broken.exitCode()).isEqualTo(AuditArchiveVerifier.BROKEN);
                assertThat(broken.brokenAt()).isEqualTo(edited);
                assertThat(broken.message())
                        .isEqualTo("BROKEN at seq %d: hash does not match the entry's fields".formatted(edited));
            } finally {
                statement.executeUpdate("update audit_entry set actor = '%s' where tenant = 'cert-ab' and seq = %d"
                        .formatted(actor, edited));
            }
        }

        // a superuser who also rewrites the hashes after the edit cannot make the signed head agree
        var rewritten = rewriteFrom(entries, edited, "nobody");
        var forged = AuditArchiveVerifier.verify(write(zip(with(files, AuditArchive.ENTRIES, rewritten), true)));
        assertThat(forged.exitCode()).isEqualTo(AuditArchiveVerifier.BROKEN);
        assertThat(forged.brokenAt()).isEqualTo(headSeq);
        assertThat(forged.message()).contains("the signed head " + headFile + " names hash");
    }

    @Test
    void aTruncatedOrAlteredArchiveGetsAClearOneLineError() throws Exception {
        createIncident("ab-analyst");
        Api.asUser("ab-lead").post("/api/v1/audit/heads").then().statusCode(200);
        var exported = export("ab-lead");
        var files = unzip(exported);
        var headFile = AuditArchive.headFile(latestSignedSeq("cert-ab"));

        var truncated = AuditArchiveVerifier.verify(write(java.util.Arrays.copyOf(exported, exported.length / 2)));
        assertUnusable(truncated, "is not a zip archive, or it is truncated or damaged");

        var notAnArchive = AuditArchiveVerifier.verify(write("just some text\n".getBytes(StandardCharsets.UTF_8)));
        assertUnusable(notAnArchive, "is not a zip archive");

        var signature = files.get(headFile + ".asc").clone();
        var flipAt = new String(signature, StandardCharsets.US_ASCII).indexOf("\n\n") + 10;
        signature[flipAt] = (byte) (signature[flipAt] == 'A' ? 'B' : 'A');
        var flipped = with(files, headFile + ".asc", signature);
        // the manifest catches the flipped byte first
        assertUnusable(
                AuditArchiveVerifier.verify(write(zip(flipped, false))),
                headFile + ".asc does not match its SHA-256 in SHA256SUMS");
        // and with the manifest rewritten to match, the signature itself does not hold
        var badSignature = AuditArchiveVerifier.verify(write(zip(flipped, true)));
        assertThat(badSignature.exitCode()).as(badSignature.message()).isEqualTo(AuditArchiveVerifier.BROKEN);
        assertThat(badSignature.message()).contains(headFile + ".asc").doesNotContain("Exception");

        // another CIRT's keys in keys.asc
        var otherKeys = new ByteArrayOutputStream();
        for (var key : signingKeys.publicKeysArmored("cert-cd")) {
            otherKeys.write(key.getBytes(StandardCharsets.US_ASCII));
        }
        var wrongKey =
                AuditArchiveVerifier.verify(write(zip(with(files, AuditArchive.KEYS, otherKeys.toByteArray()), true)));
        assertThat(wrongKey.exitCode()).isEqualTo(AuditArchiveVerifier.BROKEN);
        assertThat(wrongKey.message()).contains("was not made by a key in keys.asc");

        var notEntries = AuditArchiveVerifier.verify(write(
                zip(with(files, AuditArchive.ENTRIES, "{\"seq\": 1}\n".getBytes(StandardCharsets.UTF_8)), true)));
        assertThat(notEntries.exitCode()).isEqualTo(AuditArchiveVerifier.BROKEN);
        assertThat(notEntries.message()).isEqualTo("BROKEN at seq 1: line 1 of entries.jsonl has no field tenant");

        var withoutEntries = new LinkedHashMap<>(files);
        withoutEntries.remove(AuditArchive.ENTRIES);
        assertUnusable(
                AuditArchiveVerifier.verify(write(zip(withoutEntries, false))),
                "entries.jsonl is listed in SHA256SUMS but missing from the archive");
        var withoutManifest = new LinkedHashMap<>(files);
        withoutManifest.remove(AuditArchive.MANIFEST);
        assertUnusable(
                AuditArchiveVerifier.verify(write(zip(withoutManifest, false))), "the archive has no SHA256SUMS");
    }

    @Test
    void aLeadOfOneCirtNeitherReadsNorSignsNorExportsAnothersChain() throws Exception {
        createIncident("cd-analyst");
        Api.asUser("cd-lead").post("/api/v1/audit/heads").then().statusCode(200);
        var cdHeads = signedCount("cert-cd");
        createIncident("ab-analyst");
        Api.asUser("ab-lead")
                .post("/api/v1/audit/heads")
                .then()
                .statusCode(200)
                .body("head.tenant", equalTo("cert-ab"));
        assertThat(signedCount("cert-cd")).isEqualTo(cdHeads);
        Api.asUser("ab-lead")
                .queryParam("limit", 500)
                .get("/api/v1/audit/heads")
                .then()
                .statusCode(200)
                .body("heads.tenant", everyItem(equalTo("cert-ab")));
        var entries = new String(unzip(export("ab-lead")).get(AuditArchive.ENTRIES), StandardCharsets.UTF_8);
        for (var line : entries.split("\n")) {
            assertThat(JSON.readTree(line).get("tenant").asText()).isEqualTo("cert-ab");
        }
        for (var user : List.of("ab-analyst", "platform-admin")) {
            Api.asUser(user).get("/api/v1/audit/heads").then().statusCode(403);
            Api.asUser(user).post("/api/v1/audit/heads").then().statusCode(403);
            Api.asUser(user)
                    .accept("application/zip")
                    .get("/api/v1/audit/export")
                    .then()
                    .statusCode(403);
        }
        Api.asUser("ab-lead")
                .queryParam("limit", 501)
                .get("/api/v1/audit/heads")
                .then()
                .statusCode(400)
                .body("detail", org.hamcrest.Matchers.containsString("limit"));
    }

    // ---------------------------------------------------------------- helpers

    private static void assertUnusable(AuditArchiveVerifier.Result result, String says) {
        assertThat(result.exitCode()).as(result.message()).isEqualTo(AuditArchiveVerifier.UNUSABLE);
        assertThat(result.message()).startsWith("error: ").contains(says).doesNotContain("\n", "Exception");
    }

    private static byte[] export(String user) {
        return Api.asUser(user)
                .accept("application/zip")
                .get("/api/v1/audit/export")
                .then()
                .statusCode(200)
                .contentType("application/zip")
                .extract()
                .asByteArray();
    }

    private static Path write(byte[] archive) throws IOException {
        var file = Files.createTempFile("audit", ".zip");
        file.toFile().deleteOnExit();
        return Files.write(file, archive);
    }

    private static Map<String, byte[]> unzip(byte[] archive) throws IOException {
        var files = new LinkedHashMap<String, byte[]>();
        try (var in = new ZipInputStream(new ByteArrayInputStream(archive))) {
            for (ZipEntry entry; (entry = in.getNextEntry()) != null; ) {
                files.put(entry.getName(), in.readAllBytes());
            }
        }
        return files;
    }

    private static Map<String, byte[]> with(Map<String, byte[]> files, String name, byte[] content) {
        var changed = new LinkedHashMap<>(files);
        changed.put(name, content);
        return changed;
    }

    /** An archive of these files; with {@code manifest}, SHA256SUMS written again to match them. */
    private static byte[] zip(Map<String, byte[]> files, boolean manifest) throws IOException {
        var copy = new LinkedHashMap<>(files);
        if (manifest) {
            var sums = new StringBuilder();
            copy.forEach((name, content) -> {
                if (!name.equals(AuditArchive.MANIFEST)) {
                    sums.append(sha256(content)).append("  ").append(name).append('\n');
                }
            });
            copy.put(AuditArchive.MANIFEST, sums.toString().getBytes(StandardCharsets.UTF_8));
        }
        var out = new ByteArrayOutputStream();
        try (var zip = new ZipOutputStream(out)) {
            for (var file : copy.entrySet()) {
                zip.putNextEntry(new ZipEntry(file.getKey()));
                zip.write(file.getValue());
                zip.closeEntry();
            }
        }
        return out.toByteArray();
    }

    /** The chain's lines with the actor at {@code seq} changed and every hash from there computed again. */
    private static byte[] rewriteFrom(String[] lines, long seq, String actor) {
        var out = new StringBuilder();
        var prevHash = AuditChain.GENESIS;
        for (var line : lines) {
            var entry = AuditArchive.entry(line);
            if (entry.seq() >= seq) {
                var changed = new AuditEntry(
                        entry.tenant(),
                        entry.seq(),
                        entry.at(),
                        entry.seq() == seq ? actor : entry.actor(),
                        entry.roles(),
                        entry.action(),
                        entry.objectType(),
                        entry.objectId(),
                        entry.requestId(),
                        entry.sourceAddress(),
                        entry.changeDigest(),
                        prevHash,
                        null);
                entry = new AuditEntry(
                        changed.tenant(),
                        changed.seq(),
                        changed.at(),
                        changed.actor(),
                        changed.roles(),
                        changed.action(),
                        changed.objectType(),
                        changed.objectId(),
                        changed.requestId(),
                        changed.sourceAddress(),
                        changed.changeDigest(),
                        prevHash,
                        AuditChain.hash(prevHash, changed));
            }
            out.append(AuditArchive.line(entry)).append('\n');
            prevHash = entry.hash();
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void createIncident(String user) {
        Api.asUser(user)
                .body("{\"title\": \"Audit heads %s\"}".formatted(UUID.randomUUID()))
                .post("/api/v1/incidents")
                .then()
                .statusCode(201);
    }

    private long headSeq(String tenant) throws SQLException {
        return countOf("select coalesce(max(seq), 0) from audit_entry where tenant = '%s'".formatted(tenant));
    }

    private long latestSignedSeq(String tenant) throws SQLException {
        return countOf("select coalesce(max(seq), 0) from audit_head where tenant = '%s'".formatted(tenant));
    }

    private long signedCount(String tenant) throws SQLException {
        return countOf("select count(*) from audit_head where tenant = '%s'".formatted(tenant));
    }

    private String hashAt(String tenant, long seq) throws SQLException {
        return text("select hash from audit_entry where tenant = '%s' and seq = %d".formatted(tenant, seq));
    }

    private String actorAt(String tenant, long seq) throws SQLException {
        return text("select actor from audit_entry where tenant = '%s' and seq = %d".formatted(tenant, seq));
    }

    private String lastAction(String tenant) throws SQLException {
        return text("select action from audit_entry where tenant = '%s' order by seq desc limit 1".formatted(tenant));
    }

    private long countOf(String sql) throws SQLException {
        try (var connection = database.getConnection();
                var statement = connection.createStatement();
                var rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private String text(String sql) throws SQLException {
        try (var connection = database.getConnection();
                var statement = connection.createStatement();
                var rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getString(1);
        }
    }

    private Connection superuser() throws SQLException {
        return DriverManager.getConnection(jdbcUrl, "postgres", "");
    }
}
