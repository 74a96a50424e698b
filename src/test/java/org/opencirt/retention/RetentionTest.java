package org.opencirt.retention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.opencirt.incident.IncidentApiTest;
import org.opencirt.incident.service.IncidentRetention;
import org.opencirt.testing.Api;
import org.opencirt.testing.MovableClock;

/**
 * Retention on the real stack: the job deletes what is past its period and pseudonymises reporters, a run that
 * died is completed by the next, a lead exports and erases a reporter's data, rules are validated, and another
 * CIRT's lead reaches none of it.
 */
@QuarkusTest
class RetentionTest {

    private static final Duration INDEXED = Duration.ofSeconds(90);

    @Inject
    RetentionJob job;

    @Inject
    IncidentRetention incidentRetention;

    @Inject
    Pseudonyms pseudonyms;

    @Inject
    MovableClock clock;

    @Inject
    DataSource database;

    @AfterEach
    void clockBack() {
        clock.reset();
    }

    @Test
    void theJobDeletesIncidentsClosedLongerAgoThanTheRuleAndPseudonymisesOlderReporters() throws Exception {
        defaultRules("ab-lead");
        var marker = marker();
        var email = marker + "@reporter.example.org";
        clock.advance(Duration.ofDays(-40 * 31));
        var old = closed(marker + " old closed", null);
        var open = IncidentApiTest.create("ab-analyst", "{\"title\": \"%s old open\"}".formatted(marker))
                .getString("id");
        clock.reset();
        clock.advance(Duration.ofDays(-18 * 31));
        var reported = closed(marker + " reported", email);
        clock.reset();
        var young = closed(marker + " young closed", marker + "-young@reporter.example.org");
        awaitSearch(email, 1);
        awaitSearch(marker, 4);

        var run = job.run("cert-ab").orElseThrow();

        assertThat(run.outcome()).isEqualTo("succeeded");
        assertThat(run.errors()).isEmpty();
        assertThat(run.incidentsDeleted()).isGreaterThanOrEqualTo(1);
        assertThat(run.reportersPseudonymised()).isGreaterThanOrEqualTo(1);
        Api.asUser("ab-analyst").get("/api/v1/incidents/" + old).then().statusCode(404);
        assertThat(rows("select count(*) from timeline_entry where incident_id = '%s'".formatted(old)))
                .isZero();
        assertThat(rows("select count(*) from incident_comment where incident_id = '%s'".formatted(old)))
                .isZero();
        Api.asUser("ab-analyst").get("/api/v1/incidents/" + open).then().statusCode(200);
        Api.asUser("ab-analyst")
                .get("/api/v1/incidents/" + young)
                .then()
                .statusCode(200)
                .body("reporter.email", equalTo(marker + "-young@reporter.example.org"));
        var pseudonym = pseudonyms.of("cert-ab", email, null);
        var view = Api.asUser("ab-analyst")
                .get("/api/v1/incidents/" + reported)
                .then()
                .statusCode(200)
                .body("reporter.name", equalTo(pseudonym))
                .body("reporter.email", nullValue())
                .extract()
                .asString();
        assertThat(view).doesNotContainIgnoringCase(email).contains(pseudonym);
        assertThat(comments(reported)).noneMatch(c -> c.contains(email)).anyMatch(c -> c.contains(pseudonym));
        // the search follows: the address is found nowhere, the deleted incident is gone, the others stay
        awaitSearch(email, 0);
        awaitSearch(marker, 3);
        Api.asUser("ab-lead")
                .get("/api/v1/retention/runs")
                .then()
                .statusCode(200)
                .body("id", hasItem(run.id().toString()))
                .body("[0].incidentsDeleted", equalTo(run.incidentsDeleted()))
                .body("[0].reportersPseudonymised", equalTo(run.reportersPseudonymised()))
                .body("[0].outcome", equalTo("succeeded"));
        // a second run finds nothing more of these to do
        var again = job.run("cert-ab").orElseThrow();
        assertThat(again.errors()).isEmpty();
        assertThat(rows(
                        "select count(*) from timeline_entry where incident_id = '%s' and action = 'personal-data-pseudonymised'"
                                .formatted(reported)))
                .isEqualTo(1);
    }

    @Test
    void copiesSharedWithAnotherCirtFollowTheDeletionAndThePseudonymisation() throws Exception {
        defaultRules("ab-lead");
        var marker = marker();
        var email = marker + "@reporter.example.org";
        clock.advance(Duration.ofDays(-40 * 31));
        var old = closed(marker + " old shared", email);
        share(old);
        clock.reset();
        clock.advance(Duration.ofDays(-18 * 31));
        var reported = closed(marker + " reported shared", email);
        share(reported);
        clock.reset();
        awaitSharedSearch(marker, 2);
        awaitSharedSearch(email, 2);

        var run = job.run("cert-ab").orElseThrow();

        assertThat(run.errors()).isEmpty();
        // the deleted incident's copy is gone from the recipient's search, the other no longer holds the address
        awaitSharedSearch(marker, 1);
        awaitSharedSearch(email, 0);
        awaitSharedSearch(pseudonyms.of("cert-ab", email, null), 1);
        assertThat(rows("select count(*) from shared_incident_copy where incident_id = '%s'".formatted(old)))
                .isZero();
    }

    @Test
    void theTimersPassRunsEveryCirtOnceAndRecordsEachRun() throws Exception {
        var before = rows("select count(*) from retention_run where tenant in ('cert-ab', 'cert-cd')");

        job.scheduled();

        assertThat(rows("select count(*) from retention_run where tenant in ('cert-ab', 'cert-cd')"))
                .isEqualTo(before + 2);
        assertThat(rows("select count(*) from retention_run where finished_at is null"))
                .isZero();
        Api.asUser("cd-lead")
                .get("/api/v1/retention/runs?limit=1")
                .then()
                .statusCode(200)
                .body("[0].outcome", equalTo("succeeded"))
                .body("[0].holder", equalTo(RetentionJob.HOLDER));
    }

    @Test
    void aRunThatDiedMidwayIsClosedAsAbandonedAndTheNextRunCompletesIt() throws Exception {
        defaultRules("ab-lead");
        var marker = marker();
        var email = marker + "@reporter.example.org";
        clock.advance(Duration.ofDays(-15 * 31));
        var first = closed(marker + " first", email);
        var second = closed(marker + " second", email);
        clock.reset();
        // the dead run got as far as the first incident
        var pseudonym = pseudonyms.of("cert-ab", email, null);
        incidentRetention.pseudonymise("cert-ab", UUID.fromString(first), email, pseudonym, RetentionJob.ACTOR);
        var dead = UUID.randomUUID();
        execute(
                "insert into retention_run (id, tenant, holder, started_at, heartbeat_at) values ('%s', 'cert-ab', 'dead/1', now(), now())"
                        .formatted(dead));
        try {
            // while its heartbeat is fresh, the run holds the CIRT: no second run starts
            assertThat(job.run("cert-ab")).isEmpty();
            execute("update retention_run set heartbeat_at = now() - interval '1 hour' where id = '%s'"
                    .formatted(dead));

            var run = job.run("cert-ab").orElseThrow();

            assertThat(run.errors()).isEmpty();
            assertThat(run.reportersPseudonymised()).isGreaterThanOrEqualTo(1);
        } finally {
            execute(
                    "update retention_run set finished_at = now(), outcome = coalesce(outcome, 'abandoned') where id = '%s'"
                            .formatted(dead));
        }
        Api.asUser("ab-lead")
                .get("/api/v1/retention/runs?limit=200")
                .then()
                .statusCode(200)
                .body("find { it.id == '%s' }.outcome".formatted(dead), equalTo("abandoned"))
                .body("find { it.id == '%s' }.errors[0]".formatted(dead), startsWith("abandoned: no heartbeat since"));
        for (var id : List.of(first, second)) {
            Api.asUser("ab-analyst")
                    .get("/api/v1/incidents/" + id)
                    .then()
                    .statusCode(200)
                    .body("reporter.name", equalTo(pseudonym))
                    .body("reporter.email", nullValue());
            // each step once: the first incident was not pseudonymised a second time
            assertThat(rows(
                            "select count(*) from timeline_entry where incident_id = '%s' and action = 'personal-data-pseudonymised'"
                                    .formatted(id)))
                    .isEqualTo(1);
        }
    }

    @Test
    void aLeadExportsAndErasesAReportersDataAndTheAuditChainStillHolds() {
        var marker = marker();
        var email = marker + "@reporter.example.org";
        var id = IncidentApiTest.create("ab-analyst", """
                        {"title": "%1$s phishing", "description": "Forwarded by %2$s, who asked to be called back.",
                         "reporter": {"name": "Reporter %1$s", "email": "%2$s"}}""".formatted(marker, email))
                .getString("id");
        comment(id, "Called %s back, no answer.".formatted(email.toUpperCase()));
        var otherCirt = IncidentApiTest.create("cd-analyst", """
                        {"title": "%1$s at cd", "reporter": {"email": "%2$s"}}""".formatted(marker, email))
                .getString("id");
        awaitSearch(email, 1);

        Api.asUser("ab-lead")
                .body("{\"email\": \"%s\"}".formatted(email))
                .post("/api/v1/personal-data/export")
                .then()
                .statusCode(200)
                .body("email", equalTo(email))
                .body("records.incidents.id", equalTo(List.of(id)))
                .body("records.incidents[0].reporter.email", equalTo(email))
                .body("records.comments.incident", equalTo(List.of(id)))
                .body("records.truncated", equalTo(false));

        var erased = Api.asUser("ab-lead")
                .body("{\"email\": \"%s\"}".formatted(email.toUpperCase()))
                .post("/api/v1/personal-data/erasure")
                .then()
                .statusCode(200)
                .body("reporterReplaced", equalTo(1))
                .body("commentsChanged", equalTo(1))
                .body("incidents", equalTo(List.of(incidentReference(id))))
                .extract()
                .jsonPath();

        var pseudonym = erased.getString("pseudonym");
        assertThat(pseudonym).isEqualTo(pseudonyms.of("cert-ab", email, null)).startsWith("pseudonym-");
        assertThat(pseudonyms.of("cert-cd", email, null)).isNotEqualTo(pseudonym);
        var view = Api.asUser("ab-analyst")
                .get("/api/v1/incidents/" + id)
                .then()
                .statusCode(200)
                .extract()
                .asString();
        assertThat(view).doesNotContainIgnoringCase(email).contains("Forwarded by " + pseudonym);
        assertThat(comments(id)).contains("Called %s back, no answer.".formatted(pseudonym));
        awaitSearch(email, 0);
        Api.asUser("ab-lead")
                .body("{\"email\": \"%s\"}".formatted(email))
                .post("/api/v1/personal-data/export")
                .then()
                .statusCode(200)
                .body("records.incidents", equalTo(List.of()))
                .body("records.comments", equalTo(List.of()));
        // the trail holds digests, not the data: it still verifies, and holds the address nowhere
        Api.asUser("ab-lead")
                .get("/api/v1/audit/verification")
                .then()
                .statusCode(200)
                .body("ok", equalTo(true));
        assertThat(Api.asUser("ab-lead")
                        .get("/api/v1/audit?limit=500")
                        .then()
                        .statusCode(200)
                        .extract()
                        .asString())
                .doesNotContainIgnoringCase(email);
        // the other CIRT's incident of the same reporter is its own business
        Api.asUser("cd-analyst")
                .get("/api/v1/incidents/" + otherCirt)
                .then()
                .statusCode(200)
                .body("reporter.email", equalTo(email));
    }

    @Test
    void badRulesAndBadRequestsAreRefusedNamingWhatIsWrong() {
        Api.asUser("ab-admin")
                .body("{\"closedIncidentMonths\": 36, \"reporterDataMonths\": 12, \"auditMonths\": 24}")
                .put("/api/v1/retention")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors[0].pointer", equalTo("/auditMonths"))
                .body("errors[0].message", startsWith("must be at least 36"));
        Api.asUser("ab-lead")
                .body("{\"closedIncidentMonths\": 0, \"reporterDataMonths\": 500, \"auditMonths\": 72}")
                .put("/api/v1/retention")
                .then()
                .statusCode(400)
                .body("errors.pointer", equalTo(List.of("/closedIncidentMonths", "/reporterDataMonths")));
        Api.asUser("ab-lead")
                .body("{\"closedIncidentMonths\": 12, \"reporterDataMonths\": 24, \"auditMonths\": 72}")
                .put("/api/v1/retention")
                .then()
                .statusCode(400)
                .body("errors[0].pointer", equalTo("/reporterDataMonths"));
        Api.asUser("ab-lead")
                .body("{\"closedIncidentMonths\": 12}")
                .put("/api/v1/retention")
                .then()
                .statusCode(400)
                .body("errors.pointer", equalTo(List.of("/reporterDataMonths", "/auditMonths")));
        Api.asUser("ab-lead").get("/api/v1/retention/runs?limit=0").then().statusCode(400);
        for (var body : List.of("{}", "{\"email\": \"not an address\"}", "{\"email\": \"a@b@c\"}")) {
            Api.asUser("ab-lead")
                    .body(body)
                    .post("/api/v1/personal-data/erasure")
                    .then()
                    .statusCode(400)
                    .contentType("application/problem+json")
                    .body("errors[0].pointer", equalTo("/email"));
        }
        // roles: the rules are the lead's and the admin's, a reporter's data the lead's alone
        Api.asUser("ab-analyst").get("/api/v1/retention").then().statusCode(403);
        Api.asUser("ab-admin")
                .body("{\"email\": \"x@example.org\"}")
                .post("/api/v1/personal-data/export")
                .then()
                .statusCode(403);
        // the rules are unchanged by any of these
        defaultRules("ab-admin");
        Api.asUser("ab-lead")
                .body("{\"closedIncidentMonths\": 48, \"reporterDataMonths\": 6, \"auditMonths\": 48}")
                .put("/api/v1/retention")
                .then()
                .statusCode(200)
                .body("closedIncidentMonths", equalTo(48))
                .body("custom", equalTo(true))
                .body("updatedBy", not(nullValue()));
        Api.asUser("ab-lead").get("/api/v1/retention").then().body("reporterDataMonths", equalTo(6));
        defaultRules("ab-lead");
    }

    @Test
    void anotherCirtsLeadReachesNeitherTheRulesNorTheRunsNorTheReportersOfThisOne() {
        var marker = marker();
        var email = marker + "@reporter.example.org";
        Api.asUser("ab-lead")
                .body("{\"closedIncidentMonths\": 35, \"reporterDataMonths\": 11, \"auditMonths\": 70}")
                .put("/api/v1/retention")
                .then()
                .statusCode(200);
        var run = job.run("cert-ab").orElseThrow();
        var id = IncidentApiTest.create("ab-analyst", """
                        {"title": "%1$s", "reporter": {"email": "%2$s"}}""".formatted(marker, email))
                .getString("id");
        try {
            Api.asUser("cd-lead")
                    .get("/api/v1/retention")
                    .then()
                    .statusCode(200)
                    .body("closedIncidentMonths", not(equalTo(35)));
            var theirs = Api.asUser("cd-lead")
                    .get("/api/v1/retention/runs?limit=200")
                    .then()
                    .statusCode(200)
                    .extract()
                    .asString();
            assertThat(theirs).doesNotContain(run.id().toString());
            Api.asUser("cd-lead")
                    .body("{\"email\": \"%s\"}".formatted(email))
                    .post("/api/v1/personal-data/export")
                    .then()
                    .statusCode(200)
                    .body("records.incidents", equalTo(List.of()));
            Api.asUser("cd-lead")
                    .body("{\"email\": \"%s\"}".formatted(email))
                    .post("/api/v1/personal-data/erasure")
                    .then()
                    .statusCode(200)
                    .body("incidents", equalTo(List.of()))
                    .body("reporterReplaced", equalTo(0));
            Api.asUser("ab-analyst")
                    .get("/api/v1/incidents/" + id)
                    .then()
                    .statusCode(200)
                    .body("reporter.email", equalTo(email));
            Api.asUser("ab-lead").get("/api/v1/retention").then().body("closedIncidentMonths", equalTo(35));
        } finally {
            defaultRules("ab-lead");
        }
    }

    private static void defaultRules(String user) {
        Api.asUser(user)
                .body("{\"closedIncidentMonths\": 36, \"reporterDataMonths\": 12, \"auditMonths\": 72}")
                .put("/api/v1/retention")
                .then()
                .statusCode(200);
    }

    /** An incident of cert-ab, reported by {@code email} (if any) who is named in a comment, then closed. */
    private static String closed(String title, String email) {
        var reporter =
                email == null ? "" : ", \"reporter\": {\"name\": \"Someone\", \"email\": \"%s\"}".formatted(email);
        var who = email == null ? "phone" : email;
        var id = IncidentApiTest.create(
                        "ab-analyst",
                        "{\"title\": \"%s\", \"description\": \"Reported by %s\"%s}".formatted(title, who, reporter))
                .getString("id");
        comment(id, "E-mail from %s: thanks".formatted(who));
        IncidentApiTest.move("ab-analyst", id, "triaged");
        IncidentApiTest.move("ab-analyst", id, "resolved");
        IncidentApiTest.move("ab-analyst", id, "closed");
        return id;
    }

    /** Shares one of cert-ab's incidents with every CIRT of the platform (its label made CLEAR). */
    private static void share(String id) {
        var etag = Api.asUser("ab-analyst")
                .get("/api/v1/incidents/" + id)
                .then()
                .extract()
                .header("ETag");
        Api.asUser("ab-analyst")
                .header("If-Match", etag)
                .body("{\"tlp\": \"CLEAR\"}")
                .patch("/api/v1/incidents/" + id)
                .then()
                .statusCode(200);
        Api.asUser("ab-lead")
                .body("{\"objectType\": \"incident\", \"objectId\": \"%s\", \"audience\": \"community\"}".formatted(id))
                .post("/api/v1/grants")
                .then()
                .statusCode(201);
    }

    private static void awaitSharedSearch(String text, int total) {
        await().atMost(INDEXED)
                .untilAsserted(() -> Api.asUser("cd-analyst")
                        .queryParam("q", "\"" + text + "\"")
                        .get("/api/v1/incidents")
                        .then()
                        .statusCode(200)
                        .body("total", equalTo(total)));
    }

    private static void comment(String id, String body) {
        Api.asUser("ab-analyst")
                .body("{\"body\": \"%s\"}".formatted(body))
                .post("/api/v1/incidents/%s/comments".formatted(id))
                .then()
                .statusCode(201);
    }

    private static List<String> comments(String id) {
        return Api.asUser("ab-analyst")
                .get("/api/v1/incidents/%s/comments".formatted(id))
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("body", String.class);
    }

    private static String incidentReference(String id) {
        return Api.asUser("ab-analyst")
                .get("/api/v1/incidents/" + id)
                .then()
                .extract()
                .path("reference");
    }

    private static void awaitSearch(String text, int total) {
        await().atMost(INDEXED)
                .untilAsserted(() -> Api.asUser("ab-analyst")
                        .queryParam("q", "\"" + text + "\"")
                        .get("/api/v1/incidents")
                        .then()
                        .statusCode(200)
                        .body("total", equalTo(total)));
    }

    private static String marker() {
        return "ret" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    }

    private long rows(String sql) throws SQLException {
        try (var c = database.getConnection();
                var s = c.createStatement();
                var r = s.executeQuery(sql)) {
            r.next();
            return r.getLong(1);
        }
    }

    private void execute(String sql) throws SQLException {
        try (var c = database.getConnection();
                var s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
