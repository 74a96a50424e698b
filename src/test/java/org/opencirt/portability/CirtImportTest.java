package org.opencirt.portability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.opencirt.portability.Zips.sha256;
import static org.opencirt.portability.Zips.unzip;
import static org.opencirt.portability.Zips.zip;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.opencirt.testing.Api;
import org.opencirt.testing.Cirts;
import org.opencirt.testing.KeycloakUsers;
import org.opencirt.testing.Tokens;

/**
 * A CIRT leaves and comes back (docs/portability.md): its archive, taken before it was offboarded,
 * recreates it as it was; offboarding leaves none of its rows; a tampered, truncated or forged archive
 * is refused by name and stores nothing.
 */
@QuarkusTest
class CirtImportTest {

    private static ArchiveRecipient recipient;

    @Inject
    KeycloakUsers users;

    @Inject
    DataSource database;

    @BeforeAll
    static void generateTheCirtsKey() {
        recipient = new ArchiveRecipient("Import test <import@cirt.example.org>");
    }

    @AfterAll
    static void removeTheKey() {
        recipient.close();
    }

    @Test
    void anArchiveImportedAfterOffboardingRecreatesTheCirtAsItWas() throws Exception {
        var cirt = newCirt();
        var marker = "rt" + UUID.randomUUID().toString().substring(0, 8);
        var analyst = Tokens.user(users.create(List.of("analyst"), List.of(cirt)));
        var incident = Api.as(analyst)
                .body("""
                {"title": "Round trip %1$s", "description": "The text of %1$s", "tlp": "AMBER",
                 "observables": [{"value": "%1$s.example.org"}]}
                """.formatted(marker))
                .post("/api/v1/incidents")
                .then()
                .statusCode(201)
                .extract()
                .path("id")
                .toString();
        var attachment = new byte[5000];
        ThreadLocalRandom.current().nextBytes(attachment);
        Api.as(analyst)
                .contentType("application/octet-stream")
                .body(attachment)
                .post("/api/v1/incidents/%s/attachments?filename=evidence.bin".formatted(incident))
                .then()
                .statusCode(201);
        Api.as(analyst)
                .body("{\"body\": \"Comment %s\"}".formatted(marker))
                .post("/api/v1/incidents/%s/comments".formatted(incident))
                .then()
                .statusCode(201);
        var admin = users.create(List.of("cirt-admin"), List.of(cirt));
        Api.asUser(admin)
                .body("{\"value\": \"secret-%s\"}".formatted(marker))
                .put("/api/v1/secrets/feed-token")
                .then()
                .statusCode(201);
        var before = unzip(exportOf(admin));

        // an installation that has the CIRT refuses its archive
        importing(zip(before, "")).then().statusCode(409);

        var offboarded = offboarding(cirt).then().statusCode(200).extract().asString();
        assertThat(offboarded).contains("\"incident\":1");
        assertThat(rows("select count(*) from incident where tenant = ?", cirt)).isZero();
        assertThat(rows("select count(*) from attachment where tenant = ?", cirt))
                .isZero();
        assertThat(rows("select count(*) from cirt_secret where tenant = ?", cirt))
                .isZero();
        assertThat(rows("select count(*) from audit_entry where tenant = ?", cirt))
                .isZero();
        assertThat(rows("select count(*) from tenant where id = ? and offboarded_at is not null", cirt))
                .as("a tombstone")
                .isEqualTo(1);
        Api.asUser("platform-admin").get("/api/v1/tenants/" + cirt).then().statusCode(404);
        // its people get no token for it any more (the Keycloak group is gone), and one issued before acts no more
        Api.as(Tokens.user(admin)).get("/api/v1/incidents/" + incident).then().statusCode(403);
        Api.as(analyst)
                .body("{\"title\": \"After it left\", \"description\": \"x\", \"tlp\": \"GREEN\"}")
                .post("/api/v1/incidents")
                .then()
                .statusCode(403);
        assertThat(rows("select count(*) from incident where tenant = ?", cirt)).isZero();
        // asked again, the offboarding finds nothing left to do and says so
        offboarding(cirt).then().statusCode(200);

        var imported = importing(zip(before, ""))
                .then()
                .log()
                .ifValidationFails()
                .statusCode(201)
                .extract()
                .asString();
        assertThat(imported).contains("\"cirt\":\"%s\"".formatted(cirt)).contains("partnerClientSecret");
        // the archive holds the text in the clear; stored again, it is sealed under the CIRT's new data key
        assertThat(rows("select count(*) from incident where tenant = ? and title like 'ocs1:%'", cirt))
                .isEqualTo(1);
        assertThat(rows("select count(*) from incident_comment where tenant = ? and body like 'ocs1:%'", cirt))
                .isEqualTo(1);
        assertThat(rows("select count(*) from attachment where tenant = ? and sealed", cirt))
                .isEqualTo(1);

        var newAdmin = users.create(List.of("cirt-admin"), List.of(cirt));
        var after = unzip(exportOf(newAdmin));
        for (var file : before.entrySet()) {
            var name = file.getKey();
            if (name.equals("manifest.json") || name.equals("SHA256SUMS") || name.startsWith("audit/")) {
                continue;
            }
            if (name.equals("cirt/tenant.jsonl")) {
                assertThat(withoutGroup(after.get(name))).as(name).isEqualTo(withoutGroup(file.getValue()));
                continue;
            }
            assertThat(new String(after.get(name), StandardCharsets.UTF_8))
                    .as(name)
                    .isEqualTo(new String(file.getValue(), StandardCharsets.UTF_8));
        }
        // the trail came back whole, and goes on from where it was
        assertThat(new String(after.get("audit/entries.jsonl"), StandardCharsets.UTF_8))
                .startsWith(new String(before.get("audit/entries.jsonl"), StandardCharsets.UTF_8))
                .hasSizeGreaterThan(before.get("audit/entries.jsonl").length);
    }

    @Test
    void aTamperedTruncatedOrForgedArchiveIsRefusedByNameAndStoresNothing() throws Exception {
        var cirt = newCirt();
        var admin = users.create(List.of("cirt-admin"), List.of(cirt));
        Api.as(Tokens.user(users.create(List.of("analyst"), List.of(cirt))))
                .body("{\"title\": \"Forged\", \"description\": \"x\", \"tlp\": \"GREEN\","
                        + " \"observables\": [{\"value\": \"forged.example.org\"}]}")
                .post("/api/v1/incidents")
                .then()
                .statusCode(201);
        var files = unzip(exportOf(admin));
        offboarding(cirt).then().statusCode(200);

        var altered = new TreeMap<>(files);
        altered.put(
                "incidents/incident.jsonl",
                (new String(files.get("incidents/incident.jsonl"), StandardCharsets.UTF_8).replace("Forged", "Altered"))
                        .getBytes(StandardCharsets.UTF_8));
        assertRefused(zip(altered, ""), "incidents/incident.jsonl does not match its SHA-256 in SHA256SUMS");

        var whole = zip(files, "");
        assertRefused(java.util.Arrays.copyOf(whole, whole.length / 2), "not a zip file, or it is truncated");

        var forged = new TreeMap<>(files);
        forged.put(
                "incidents/incident.jsonl",
                (new String(files.get("incidents/incident.jsonl"), StandardCharsets.UTF_8)
                                .replace("\"tenant\":\"%s\"".formatted(cirt), "\"tenant\":\"cert-ab\""))
                        .getBytes(StandardCharsets.UTF_8));
        resum(forged);
        assertRefused(zip(forged, ""), "incidents/incident.jsonl row 1: tenant names another CIRT than the archive's");

        // an observable of the archive's CIRT hung on another CIRT's incident: every CIRT column is right,
        // the foreign key holds, only the join before the commit sees whose incident it is
        var othersIncident = Api.asUser("ab-analyst")
                .body("{\"title\": \"Not the archive's\", \"description\": \"x\", \"tlp\": \"RED\"}")
                .post("/api/v1/incidents")
                .then()
                .statusCode(201)
                .extract()
                .path("id")
                .toString();
        var pointing = new TreeMap<>(files);
        pointing.put(
                "incidents/observable.jsonl",
                new String(files.get("incidents/observable.jsonl"), StandardCharsets.UTF_8)
                        .replaceAll(
                                "\"incident_id\":\"[0-9a-f-]{36}\"", "\"incident_id\":\"%s\"".formatted(othersIncident))
                        .getBytes(StandardCharsets.UTF_8));
        resum(pointing);
        assertRefused(zip(pointing, ""), "incidents/observable.jsonl: a row refers to another CIRT's incident");
        assertThat(rows("select count(*) from observable where incident_id = ?::uuid", othersIncident))
                .isZero();

        assertThat(rows("select count(*) from incident where tenant = ?", cirt)).isZero();
        assertThat(rows("select count(*) from tenant where id = ? and offboarded_at is null", cirt))
                .isZero();
    }

    @Test
    void anOffboardingOrAnImportCutShortChangesNoRowAndCompletesWhenAskedAgain() throws Exception {
        var cirt = newCirt();
        var admin = users.create(List.of("cirt-admin"), List.of(cirt));
        Api.as(Tokens.user(users.create(List.of("analyst"), List.of(cirt))))
                .body("{\"title\": \"Cut short\", \"description\": \"x\", \"tlp\": \"GREEN\"}")
                .post("/api/v1/incidents")
                .then()
                .statusCode(201);
        var archive = exportOf(admin);

        BreakingArchivePart.breaks = cirt;
        try {
            offboarding(cirt).then().statusCode(500);
        } finally {
            BreakingArchivePart.breaks = null;
        }
        // the tombstone was committed first (tokens issued before act no more); no row was deleted
        assertThat(rows("select count(*) from incident where tenant = ?", cirt)).isEqualTo(1);
        assertThat(rows("select count(*) from audit_entry where tenant = ?", cirt))
                .isPositive();
        offboarding(cirt).then().statusCode(200);
        assertThat(rows("select count(*) from incident where tenant = ?", cirt)).isZero();

        BreakingArchivePart.breaks = cirt;
        try {
            importing(archive).then().statusCode(500);
        } finally {
            BreakingArchivePart.breaks = null;
        }
        assertThat(rows("select count(*) from incident where tenant = ?", cirt)).isZero();
        assertThat(rows("select count(*) from tenant where id = ? and offboarded_at is not null", cirt))
                .as("still the tombstone")
                .isEqualTo(1);
        importing(archive).then().statusCode(201);
        assertThat(rows("select count(*) from incident where tenant = ?", cirt)).isEqualTo(1);
    }

    @Test
    void anArchiveUploadedInPartsImportsAsOneAndAMissingOrOversizedPartIsNamed() throws Exception {
        var cirt = newCirt();
        var admin = users.create(List.of("cirt-admin"), List.of(cirt));
        Api.as(Tokens.user(users.create(List.of("analyst"), List.of(cirt))))
                .body("{\"title\": \"In parts\", \"description\": \"x\", \"tlp\": \"GREEN\"}")
                .post("/api/v1/incidents")
                .then()
                .statusCode(201);
        var archive = exportOf(admin);
        offboarding(cirt).then().statusCode(200);

        var upload = Api.asUser("platform-admin")
                .post("/api/v1/archive/uploads")
                .then()
                .statusCode(201)
                .extract();
        String id = upload.path("id");
        assertThat(upload.header("Location")).endsWith("/api/v1/archive/uploads/" + id);
        long maxPart = ((Number) upload.path("maxPartBytes")).longValue();
        assertThat(maxPart).isEqualTo(8L * 1024 * 1024);
        var third = archive.length / 3;
        var parts = List.of(
                java.util.Arrays.copyOfRange(archive, 0, third),
                java.util.Arrays.copyOfRange(archive, third, 2 * third),
                java.util.Arrays.copyOfRange(archive, 2 * third, archive.length));
        part(id, 3, parts.get(2)).then().statusCode(204);
        part(id, 1, new byte[] {9, 9, 9}).then().statusCode(204);
        part(id, 1, parts.get(0)).then().statusCode(204); // sent again: replaces
        var missing = Api.asUser("platform-admin")
                .post("/api/v1/archive/uploads/%s/import".formatted(id))
                .then()
                .statusCode(422)
                .contentType("application/problem+json")
                .extract()
                .asString();
        assertThat(missing).contains("Part 2 of the upload is missing");
        part(id, 2, new byte[(int) maxPart + 1]).then().statusCode(413).contentType("application/problem+json");
        part(id, 0, parts.get(1)).then().statusCode(400);
        part(id, 2, parts.get(1)).then().statusCode(204);
        Api.asUser("platform-admin")
                .get("/api/v1/archive/uploads/" + id)
                .then()
                .statusCode(200)
                .body("parts", org.hamcrest.Matchers.contains(1, 2, 3))
                .body("bytes", org.hamcrest.Matchers.equalTo(archive.length));

        Api.asUser("platform-admin")
                .post("/api/v1/archive/uploads/%s/import".formatted(id))
                .then()
                .log()
                .ifValidationFails()
                .statusCode(201);
        assertThat(rows("select count(*) from incident where tenant = ?", cirt)).isEqualTo(1);
        // imported, the upload is gone
        Api.asUser("platform-admin")
                .post("/api/v1/archive/uploads/%s/import".formatted(id))
                .then()
                .statusCode(404);
        part(id, 1, parts.get(0)).then().statusCode(404);
        assertThat(rows("select count(*) from archive_upload where id = ?::uuid", id))
                .isZero();
        // the platform's trail records the upload's start and its import (and each part stored)
        assertThat(rows(
                        "select count(*) from audit_entry where tenant is null and object_id = ?"
                                + " and action in ('archive.startUpload', 'archive.importUpload')",
                        id))
                .isEqualTo(2);
    }

    private static io.restassured.response.Response part(String upload, int number, byte[] bytes) {
        return Api.asUser("platform-admin")
                .contentType("application/octet-stream")
                .body(bytes)
                .put("/api/v1/archive/uploads/%s/parts/%d".formatted(upload, number));
    }

    @Test
    void onlyThePlatformAdminImportsOrOffboards() throws Exception {
        var cirt = newCirt();
        for (var user : List.of(
                users.create(List.of("cirt-admin"), List.of(cirt)),
                users.create(List.of("lead"), List.of(cirt)),
                users.create(List.of("analyst"), List.of(cirt)))) {
            Api.asUser(user)
                    .body(Map.of("cirt", cirt))
                    .post("/api/v1/archive/offboarding")
                    .then()
                    .statusCode(403);
            Api.asUser(user)
                    .contentType("application/zip")
                    .body(new byte[] {1})
                    .post("/api/v1/archive/import")
                    .then()
                    .statusCode(403);
            Api.asUser(user).post("/api/v1/archive/uploads").then().statusCode(403);
        }
        assertThat(rows("select count(*) from tenant where id = ? and offboarded_at is null", cirt))
                .isEqualTo(1);
    }

    private void assertRefused(byte[] archive, String expected) {
        var problem = importing(archive)
                .then()
                .statusCode(422)
                .contentType("application/problem+json")
                .extract()
                .asString();
        assertThat(problem).contains(expected);
    }

    private static io.restassured.response.Response offboarding(String cirt) {
        return Api.asUser("platform-admin").body(Map.of("cirt", cirt)).post("/api/v1/archive/offboarding");
    }

    private static io.restassured.response.Response importing(byte[] archive) {
        return Api.asUser("platform-admin")
                .contentType("application/zip")
                .body(archive)
                .post("/api/v1/archive/import");
    }

    private static byte[] exportOf(String admin) throws IOException {
        return recipient.decrypt(Api.asUser(admin)
                .body(Map.of("recipientKey", recipient.publicKey()))
                .post("/api/v1/archive/export")
                .then()
                .statusCode(200)
                .extract()
                .asByteArray());
    }

    private static String newCirt() {
        return Cirts.onboard("imp");
    }

    private long rows(String sql, String cirt) throws SQLException {
        try (var connection = database.getConnection();
                var select = connection.prepareStatement(sql)) {
            select.setString(1, cirt);
            try (var result = select.executeQuery()) {
                result.next();
                return result.getLong(1);
            }
        }
    }

    private static String withoutGroup(byte[] row) {
        return new String(row, StandardCharsets.UTF_8).replaceAll("\"keycloak_group_id\":\"[^\"]*\"", "");
    }

    /** Writes SHA256SUMS again for the files as they are now: what a forger who edits rows would do. */
    private static void resum(Map<String, byte[]> files) {
        var sums = new StringBuilder();
        files.forEach((name, bytes) -> {
            if (!name.equals("SHA256SUMS")) {
                sums.append(sha256(bytes)).append("  ").append(name).append('\n');
            }
        });
        files.put("SHA256SUMS", sums.toString().getBytes(StandardCharsets.UTF_8));
    }
}
