package org.opencirt.portability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.agroal.api.AgroalDataSource;
import io.quarkus.agroal.DataSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opencirt.common.backup.DatabaseBackup;
import org.opencirt.common.crypto.DataKeys;
import org.opencirt.testing.Api;
import org.opencirt.testing.Cirts;
import org.opencirt.testing.KeycloakUsers;
import org.opencirt.testing.Tokens;

/**
 * Crypto-shredding (ADR 40): a CIRT's incident text, reporter, comments, task titles, timeline values
 * and attachments are sealed under its own data key, which lives in the key store and not in the
 * database; offboarding destroys the key, so a dump of the database taken before the offboarding no
 * longer yields that text.
 */
@QuarkusTest
class CryptoShreddingTest {

    @Inject
    KeycloakUsers users;

    @Inject
    DataKeys keys;

    @Inject
    javax.sql.DataSource database;

    @Inject
    @DataSource("keys")
    AgroalDataSource keyStore;

    @ConfigProperty(name = "quarkus.datasource.jdbc.url")
    String url;

    @ConfigProperty(name = "quarkus.datasource.username")
    String user;

    @ConfigProperty(name = "quarkus.datasource.password")
    String password;

    @Test
    void aDumpTakenBeforeTheOffboardingNoLongerYieldsTheCirtsIncidentText(@TempDir Path dump) throws Exception {
        var cirt = Cirts.onboard("shred");
        var marker = "Shredded" + UUID.randomUUID().toString().substring(0, 8);
        var analyst = Tokens.user(users.create(List.of("analyst"), List.of(cirt)));
        var incident = Api.as(analyst)
                .body("""
                {"title": "Title %1$s", "description": "Description %1$s", "tlp": "AMBER",
                 "reporter": {"name": "Name %1$s", "email": "%1$s@reporter.example.org", "organisation": "Org %1$s"}}
                """.formatted(marker))
                .post("/api/v1/incidents")
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
        Api.as(analyst)
                .body("{\"title\": \"Task %s\"}".formatted(marker))
                .post("/api/v1/incidents/%s/tasks".formatted(incident))
                .then()
                .statusCode(201);
        Api.as(analyst)
                .contentType("application/octet-stream")
                .body(("File " + marker).getBytes(StandardCharsets.UTF_8))
                .post("/api/v1/incidents/%s/attachments?filename=%s.txt".formatted(incident, marker))
                .then()
                .statusCode(201);
        // the analyst reads it all as written
        Api.as(analyst)
                .get("/api/v1/incidents/" + incident)
                .then()
                .statusCode(200)
                .body("title", org.hamcrest.Matchers.equalTo("Title " + marker))
                .body("description", org.hamcrest.Matchers.equalTo("Description " + marker));

        DatabaseBackup.dump(url, user, password, dump);
        assertThat(dumped(dump, marker))
                .as("the marker in plain text in the dump")
                .isEmpty();
        var sealedTitle = text("select title from incident where id = ?::uuid", incident);
        assertThat(sealedTitle).startsWith(DataKeys.PREFIX);
        assertThat(dumped(dump, sealedTitle)).as("the sealed title in the dump").isNotEmpty();
        assertThat(keys.open(cirt, "incident.title", sealedTitle)).isEqualTo("Title " + marker);
        assertThat(keyRows(cirt)).isEqualTo(1);

        Api.asUser("platform-admin")
                .body(Map.of("cirt", cirt))
                .post("/api/v1/archive/offboarding")
                .then()
                .statusCode(200)
                .body("dataKeyDestroyed", org.hamcrest.Matchers.equalTo(true));

        assertThat(keyRows(cirt)).as("the CIRT's data key in the key store").isZero();
        assertThatThrownBy(() -> keys.open(cirt, "incident.title", sealedTitle))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("gone")
                .hasMessageNotContaining(marker);
        // the dump still holds the sealed title, and nothing else of the text
        assertThat(dumped(dump, sealedTitle)).isNotEmpty();
        assertThat(dumped(dump, marker)).isEmpty();
    }

    @Test
    void theLongestTitleTaskAndFileNameTheApiTakesStillFitOnceSealed() {
        var analyst = Tokens.user(users.create(List.of("analyst"), List.of("cert-ab")));
        var title = "\u00e9".repeat(300);
        var incident = Api.as(analyst)
                .body(Map.of("title", title, "description", "long", "tlp", "GREEN"))
                .post("/api/v1/incidents")
                .then()
                .statusCode(201)
                .extract()
                .path("id")
                .toString();
        Api.as(analyst)
                .body(Map.of("title", title))
                .post("/api/v1/incidents/%s/tasks".formatted(incident))
                .then()
                .statusCode(201);
        var filename = "\u00e9".repeat(251) + ".txt";
        Api.as(analyst)
                .contentType("application/octet-stream")
                .body(new byte[] {1, 2, 3})
                .urlEncodingEnabled(true)
                .queryParam("filename", filename)
                .post("/api/v1/incidents/%s/attachments".formatted(incident))
                .then()
                .statusCode(201)
                .body("filename", org.hamcrest.Matchers.equalTo(filename));
        Api.as(analyst)
                .get("/api/v1/incidents/" + incident)
                .then()
                .statusCode(200)
                .body("title", org.hamcrest.Matchers.equalTo(title));
    }

    @Test
    void aValueSealedForOneCirtOrColumnOpensForNoOtherAndATextStoredBeforeSealingReadsAsItIs() {
        var sealed = keys.seal("cert-ab", "incident.title", "Title of cert-ab");
        assertThat(sealed).startsWith(DataKeys.PREFIX).doesNotContain("Title of cert-ab");
        assertThat(keys.seal("cert-ab", "incident.title", "Title of cert-ab"))
                .as("a fresh nonce each time")
                .isNotEqualTo(sealed);
        assertThat(keys.open("cert-ab", "incident.title", sealed)).isEqualTo("Title of cert-ab");
        assertThat(keys.reseal("cert-ab", "incident.title", "Title of cert-ab", sealed))
                .as("an unchanged text keeps its ciphertext")
                .isSameAs(sealed);
        assertThat(keys.reseal("cert-ab", "incident.title", "Another title", sealed))
                .isNotEqualTo(sealed);
        assertThatThrownBy(() -> keys.open("cert-cd", "incident.title", sealed))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> keys.open("cert-ab", "incident.description", sealed))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageNotContaining("Title of cert-ab");
        assertThat(keys.open("cert-ab", "incident.title", "Written before V33")).isEqualTo("Written before V33");
        assertThat(keys.reseal("cert-ab", "incident.title", "Written before V33", "Written before V33"))
                .as("reading a row stored before sealing does not rewrite it")
                .isEqualTo("Written before V33");
        assertThat(keys.reseal("cert-ab", "incident.title", "Changed since", "Written before V33"))
                .as("a change seals it")
                .startsWith(DataKeys.PREFIX);
    }

    /** The files of the dump that hold the text (UTF-8). */
    private static List<Path> dumped(Path dump, String text) throws IOException {
        var needle = text.getBytes(StandardCharsets.UTF_8);
        try (var files = Files.walk(dump)) {
            return files.filter(Files::isRegularFile)
                    .filter(file -> contains(file, needle))
                    .toList();
        }
    }

    private static boolean contains(Path file, byte[] needle) {
        try {
            var bytes = Files.readAllBytes(file);
            outer:
            for (int i = 0; i + needle.length <= bytes.length; i++) {
                for (int j = 0; j < needle.length; j++) {
                    if (bytes[i + j] != needle[j]) {
                        continue outer;
                    }
                }
                return true;
            }
            return false;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String text(String sql, String parameter) throws SQLException {
        try (var connection = database.getConnection();
                var select = connection.prepareStatement(sql)) {
            select.setString(1, parameter);
            try (var rows = select.executeQuery()) {
                rows.next();
                return rows.getString(1);
            }
        }
    }

    private long keyRows(String cirt) throws SQLException {
        try (var connection = keyStore.getConnection();
                var select = connection.prepareStatement("select count(*) from data_key where tenant = ?")) {
            select.setString(1, cirt);
            try (var rows = select.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }
}
