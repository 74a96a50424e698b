package org.opencirt.incident.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.opencirt.testing.Api;
import org.opencirt.testing.Cirts;
import org.opencirt.testing.KeycloakUsers;
import org.opencirt.testing.Tokens;

/**
 * Rows stored before sealing (V33) read as they are, and {@link LegacySealing} seals them under their
 * CIRT's data key without changing what they say, their versions or anyone else's rows.
 */
@QuarkusTest
class LegacySealingTest {

    @Inject
    LegacySealing sealing;

    @Inject
    KeycloakUsers users;

    @Inject
    DataSource database;

    @Test
    void rowsStoredBeforeSealingReadAsTheyAreAndAreSealedWithoutChangingWhatTheySay() throws Exception {
        var cirt = Cirts.onboard("legacy");
        var analyst = Tokens.user(users.create(List.of("analyst"), List.of(cirt)));
        var incident = Api.as(analyst)
                .body("{\"title\": \"New\", \"description\": \"New\", \"tlp\": \"AMBER\"}")
                .post("/api/v1/incidents")
                .then()
                .statusCode(201)
                .extract()
                .path("id")
                .toString();
        // as an installation before V33 stored it: every text in the clear
        var marker = "Legacy" + UUID.randomUUID().toString().substring(0, 8);
        sql(
                "update incident set title = ?, description = ?, reporter_email = ? where id = ?::uuid",
                "Title " + marker,
                "Description " + marker,
                marker + "@reporter.example.org",
                incident);
        sql(
                "insert into incident_comment (id, incident_id, tenant, body, visibility, author, created_at)"
                        + " values (gen_random_uuid(), ?::uuid, ?, ?, 'INTERNAL', 'someone', now())",
                incident,
                cirt,
                "Comment " + marker);
        sql(
                "insert into incident_task (id, incident_id, tenant, title, state, created_by, created_at, updated_at, version)"
                        + " values (gen_random_uuid(), ?::uuid, ?, ?, 'OPEN', 'someone', now(), now(), 0)",
                incident,
                cirt,
                "Task " + marker);
        sql(
                "insert into timeline_entry (incident_id, tenant, at, actor, action, field, before, after)"
                        + " values (?::uuid, ?, now(), 'someone', 'updated', 'title', to_jsonb(?::text), to_jsonb(?::text))",
                incident,
                cirt,
                "Old " + marker,
                "Title " + marker);
        var attachment = UUID.randomUUID().toString();
        sql(
                "insert into attachment (id, incident_id, tenant, filename, content_type, size, sha256, content, created_by, created_at)"
                        + " values (?::uuid, ?::uuid, ?, ?, 'text/plain', 10, 'x', ?, 'someone', now())",
                attachment,
                incident,
                cirt,
                marker + ".txt",
                ("File " + marker).getBytes(StandardCharsets.UTF_8));
        var etag = Api.as(analyst)
                .get("/api/v1/incidents/" + incident)
                .then()
                .statusCode(200)
                .extract()
                .header("ETag");
        assertReadsAsWritten(analyst, incident, attachment, marker);
        assertThat(count("select count(*) from incident where tenant = ? and title not like 'ocs1:%'", cirt))
                .as("reading a row does not rewrite it")
                .isEqualTo(1);

        var sealed = sealing.run(cirt);

        assertThat(sealed)
                .containsEntry("incident", 1L)
                .containsEntry("incident_comment", 1L)
                .containsEntry("incident_task", 1L)
                .containsEntry("attachment", 1L);
        assertThat(sealed.get("timeline_entry")).isGreaterThanOrEqualTo(1L);
        assertThat(count(
                        "select count(*) from incident where tenant = ? and title like 'ocs1:%'"
                                + " and description like 'ocs1:%' and reporter_email like 'ocs1:%'",
                        cirt))
                .isEqualTo(1);
        assertThat(count("select count(*) from incident_comment where tenant = ? and body not like 'ocs1:%'", cirt))
                .isZero();
        assertThat(count("select count(*) from incident_task where tenant = ? and title not like 'ocs1:%'", cirt))
                .isZero();
        assertThat(count(
                        "select count(*) from timeline_entry where tenant = ? and field = 'title'"
                                + " and before #>> '{}' like 'ocs1:%' and after #>> '{}' like 'ocs1:%'",
                        cirt))
                .isEqualTo(1);
        assertThat(count(
                        "select count(*) from attachment where tenant = ? and sealed and filename like 'ocs1:%'"
                                + " and position(convert_to(?, 'UTF8') in content) = 0",
                        cirt, marker))
                .isEqualTo(1);
        assertThat(count(
                        "select count(*) from timeline_entry where tenant = ? and strpos(cast(before as text) || cast(after as text), ?) > 0",
                        cirt,
                        marker))
                .isZero();
        assertReadsAsWritten(analyst, incident, attachment, marker);
        Api.as(analyst).get("/api/v1/incidents/" + incident).then().header("ETag", equalTo(etag));
        assertThat(sealing.run(cirt).values()).as("nothing left to seal").containsOnly(0L);
    }

    private static void assertReadsAsWritten(String analyst, String incident, String attachment, String marker) {
        Api.as(analyst)
                .get("/api/v1/incidents/" + incident)
                .then()
                .statusCode(200)
                .body("title", equalTo("Title " + marker))
                .body("description", equalTo("Description " + marker));
        Api.as(analyst)
                .get("/api/v1/incidents/%s/comments".formatted(incident))
                .then()
                .statusCode(200)
                .body("body", hasItem("Comment " + marker));
        Api.as(analyst)
                .get("/api/v1/incidents/%s/tasks".formatted(incident))
                .then()
                .statusCode(200)
                .body("title", hasItem("Task " + marker));
        Api.as(analyst)
                .get("/api/v1/incidents/%s/timeline".formatted(incident))
                .then()
                .statusCode(200)
                .body("before", hasItem("Old " + marker));
        var bytes = Api.as(analyst)
                .get("/api/v1/incidents/%s/attachments/%s".formatted(incident, attachment))
                .then()
                .statusCode(200)
                .extract()
                .asByteArray();
        assertThat(new String(bytes, StandardCharsets.UTF_8)).isEqualTo("File " + marker);
    }

    private void sql(String statement, Object... parameters) throws SQLException {
        try (var connection = database.getConnection();
                var update = connection.prepareStatement(statement)) {
            for (int i = 0; i < parameters.length; i++) {
                update.setObject(i + 1, parameters[i]);
            }
            update.executeUpdate();
        }
    }

    private long count(String sql, Object... parameters) throws SQLException {
        try (var connection = database.getConnection();
                var select = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                select.setObject(i + 1, parameters[i]);
            }
            try (var rows = select.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }
}
