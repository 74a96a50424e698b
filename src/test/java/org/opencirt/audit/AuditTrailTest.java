package org.opencirt.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.opencirt.common.crypto.Digests;
import org.opencirt.testing.Api;

/** The audit trail: one entry per change in the change's transaction, a hash chain per CIRT, insert-only rows. */
@QuarkusTest
class AuditTrailTest {

    @Inject
    org.opencirt.incident.repository.IncidentRepository incidents;

    @Inject
    DataSource database;

    @ConfigProperty(name = "quarkus.datasource.jdbc.url")
    String jdbcUrl;

    record Row(
            String tenant,
            long seq,
            String actor,
            String roles,
            String action,
            String objectType,
            String objectId,
            String requestId,
            String sourceAddress,
            String changeDigest,
            String prevHash,
            String hash) {}

    @Test
    void anIncidentCreatedThroughTheApiLeavesOneEntryInItsCirtsChainInTheSameTransaction() throws Exception {
        var before = count("cert-ab");
        var requestId = "audit-" + UUID.randomUUID();
        var body = "{\"title\": \"Audited %s\"}".formatted(requestId);
        var id = Api.asUser("ab-analyst")
                .header("X-Request-Id", requestId)
                .body(body)
                .post("/api/v1/incidents")
                .then()
                .statusCode(201)
                .extract()
                .<String>path("id");
        var entry = byRequest(requestId);
        assertThat(count("cert-ab")).isEqualTo(before + 1);
        assertThat(entry.tenant()).isEqualTo("cert-ab");
        assertThat(entry.action()).isEqualTo("incident.create");
        assertThat(entry.objectType()).isEqualTo("incidents");
        assertThat(entry.objectId()).isEqualTo(id);
        assertThat(entry.actor()).isEqualTo("ab-analyst");
        assertThat(entry.roles()).isEqualTo("analyst");
        assertThat(entry.sourceAddress()).isEqualTo("127.0.0.1");
        assertThat(entry.changeDigest()).hasSize(64).doesNotContain("Audited");
        assertThat(entry.hash()).isNotEqualTo(entry.prevHash()).hasSize(64);
        var previous = bySeq("cert-ab", entry.seq() - 1);
        assertThat(entry.prevHash()).isEqualTo(previous == null ? AuditChain.GENESIS : previous.hash());
        Api.asUser("ab-lead")
                .get("/api/v1/audit/verification")
                .then()
                .statusCode(200)
                .body("ok", equalTo(true));
    }

    @Test
    void aRefusedChangeLeavesNoEntryAndAChangeWhoseEntryCannotBeWrittenIsRolledBack() throws Exception {
        var before = count("cert-ab");
        Api.asUser("ab-analyst")
                .body("{\"title\": \"\"}")
                .post("/api/v1/incidents")
                .then()
                .statusCode(400);
        Api.asUser("ab-analyst")
                .body("{\"body\": \"x\"}")
                .post("/api/v1/incidents/" + UUID.randomUUID() + "/comments")
                .then()
                .statusCode(404);
        assertThat(count("cert-ab")).isEqualTo(before);

        // the entry of this one request id is refused by the database: the incident must go with it
        var requestId = "refused-" + UUID.randomUUID();
        var title = "Never stored " + requestId;
        var constraint = "audit_test_" + requestId.substring(8, 16);
        try (var superuser = superuser();
                var ddl = superuser.createStatement()) {
            ddl.execute("alter table audit_entry add constraint %s check (request_id <> '%s')"
                    .formatted(constraint, requestId));
            try {
                Api.asUser("ab-analyst")
                        .header("X-Request-Id", requestId)
                        .body("{\"title\": \"%s\"}".formatted(title))
                        .post("/api/v1/incidents")
                        .then()
                        .statusCode(500)
                        .contentType(containsString("application/problem+json"));
            } finally {
                ddl.execute("alter table audit_entry drop constraint " + constraint);
            }
        }
        // titles are sealed (ADR 40): the newest incidents, opened, do not hold it
        java.util.List<org.opencirt.incident.repository.Incident> newest = incidents
                .find("tenant = ?1 order by createdAt desc", "cert-ab")
                .page(0, 50)
                .list();
        assertThat(newest.stream().map(i -> i.title)).doesNotContain(title);
        assertThat(count("cert-ab")).isEqualTo(before);
    }

    @Test
    void theServicesDatabaseRoleCannotUpdateDeleteOrTruncateEntries() throws Exception {
        createIncident("ab-analyst");
        var last = lastOf("cert-ab");
        try (var connection = database.getConnection();
                var statement = connection.createStatement()) {
            assertThatThrownBy(() -> statement.executeUpdate(
                            "update audit_entry set actor = 'someone-else' where tenant = 'cert-ab' and seq = "
                                    + last.seq()))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("insert-only");
            assertThatThrownBy(() -> statement.executeUpdate(
                            "delete from audit_entry where tenant = 'cert-ab' and seq = " + last.seq()))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("insert-only");
            assertThatThrownBy(() -> statement.executeUpdate("truncate audit_entry"))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("insert-only");
        }
        assertThat(bySeq("cert-ab", last.seq())).isEqualTo(last);
    }

    @Test
    void verificationNamesTheFirstEntryEditedBehindTheTriggersBack() throws Exception {
        createIncident("cd-analyst");
        createIncident("cd-analyst");
        var edited = lastOf("cert-cd").seq() - 1;
        try (var superuser = superuser();
                var statement = superuser.createStatement()) {
            statement.execute("set session_replication_role = replica");
            statement.executeUpdate(
                    "update audit_entry set actor = 'nobody' where tenant = 'cert-cd' and seq = " + edited);
            try {
                Api.asUser("cd-admin")
                        .get("/api/v1/audit/verification")
                        .then()
                        .statusCode(200)
                        .body("ok", equalTo(false))
                        .body("brokenAt", equalTo((int) edited))
                        .body("problem", equalTo("hash does not match the entry's fields"));
            } finally {
                statement.executeUpdate(
                        "update audit_entry set actor = 'cd-analyst' where tenant = 'cert-cd' and seq = " + edited);
            }
            // a removed entry: the chain names the seq that is missing
            statement.executeUpdate(
                    "update audit_entry set seq = seq + 1000000 where tenant = 'cert-cd' and seq = " + edited);
            try {
                Api.asUser("cd-lead")
                        .get("/api/v1/audit/verification")
                        .then()
                        .statusCode(200)
                        .body("ok", equalTo(false))
                        .body("brokenAt", equalTo((int) edited))
                        .body("problem", containsString("seq %d is missing".formatted(edited)));
            } finally {
                statement.executeUpdate("update audit_entry set seq = seq - 1000000 where tenant = 'cert-cd' and seq = "
                        + (edited + 1000000));
            }
        }
        Api.asUser("cd-lead")
                .get("/api/v1/audit/verification")
                .then()
                .statusCode(200)
                .body("ok", equalTo(true))
                .body("headSeq", equalTo((int) lastOf("cert-cd").seq()))
                .body("headHash", equalTo(lastOf("cert-cd").hash()));
    }

    @Test
    void concurrentChangesOfOneCirtGetOneGaplessChain() throws Exception {
        var before = lastOf("cert-ab") == null ? 0 : lastOf("cert-ab").seq();
        var token = org.opencirt.testing.Tokens.user("ab-analyst");
        var pool = Executors.newFixedThreadPool(6);
        try {
            var tasks = new ArrayList<Callable<Integer>>();
            for (int i = 0; i < 12; i++) {
                tasks.add(() -> Api.as(token)
                        .body("{\"title\": \"Concurrent\"}")
                        .post("/api/v1/incidents")
                        .statusCode());
            }
            for (var result : pool.invokeAll(tasks)) {
                assertThat(result.get()).isEqualTo(201);
            }
        } finally {
            pool.shutdown();
        }
        assertThat(lastOf("cert-ab").seq()).isGreaterThanOrEqualTo(before + 12);
        Api.asUser("ab-admin")
                .get("/api/v1/audit/verification")
                .then()
                .statusCode(200)
                .body("ok", equalTo(true))
                .body("entries", equalTo((int) lastOf("cert-ab").seq()));
    }

    @Test
    void anAttachmentDownloadIsAuditedAndAPlainReadIsNot() throws Exception {
        var incident = createIncident("ab-analyst");
        var attachment = Api.asUser("ab-analyst")
                .contentType("application/octet-stream")
                .body("secret bytes".getBytes(StandardCharsets.UTF_8))
                .post("/api/v1/incidents/%s/attachments?filename=a.txt".formatted(incident))
                .then()
                .statusCode(201)
                .extract()
                .<String>path("id");
        var upload = lastOf("cert-ab");
        assertThat(upload.action()).isEqualTo("incidentActivity.addAttachment");
        assertThat(upload.objectId()).isEqualTo(attachment);
        Api.asUser("ab-analyst").get("/api/v1/incidents/" + incident).then().statusCode(200);
        assertThat(lastOf("cert-ab")).isEqualTo(upload);
        Api.asUser("ab-lead")
                .accept("*/*")
                .get("/api/v1/incidents/%s/attachments/%s".formatted(incident, attachment))
                .then()
                .statusCode(200);
        var download = lastOf("cert-ab");
        assertThat(download.seq()).isEqualTo(upload.seq() + 1);
        assertThat(download.action()).isEqualTo("incidentActivity.attachment");
        assertThat(download.objectType()).isEqualTo("attachments");
        assertThat(download.objectId()).isEqualTo(attachment);
        assertThat(download.actor()).isEqualTo("ab-lead");
        assertThat(download.roles()).contains("lead").doesNotContain("admin");
    }

    @Test
    void aTaxiiReadOfACollectionIsAuditedInTheRootsChain() {
        var collection = org.opencirt.exchange.taxii.TaxiiCollections.id("cert-ab", "incidents")
                .toString();
        Api.asUser("ab-analyst")
                .accept("application/taxii+json;version=2.1")
                .get("/taxii2/cert-ab/collections/%s/objects/".formatted(collection))
                .then()
                .statusCode(200);
        var read = lastOf("cert-ab");
        assertThat(read.action()).isEqualTo("taxiiObjects.objects");
        assertThat(read.objectType()).isEqualTo("collections");
        assertThat(read.objectId()).isEqualTo(collection);
        assertThat(read.actor()).isEqualTo("ab-analyst");
        assertThat(read.changeDigest()).hasSize(64);
        // a collection that is not there: 404, and nothing recorded
        Api.asUser("ab-analyst")
                .accept("application/taxii+json;version=2.1")
                .get("/taxii2/cert-ab/collections/%s/objects/".formatted(UUID.randomUUID()))
                .then()
                .statusCode(404);
        assertThat(lastOf("cert-ab")).isEqualTo(read);
    }

    @Test
    void anAmberCsafDocumentReadIsAuditedInTheOwnersChainAndAWhiteOneIsNot() {
        var amber = publish("AMBER");
        var white = publish("WHITE");
        Api.anonymous()
                .accept("*/*")
                .get("/.well-known/csaf/cert-ab/" + white)
                .then()
                .statusCode(200);
        var before = lastOf("cert-ab");
        assertThat(before.action()).isEqualTo("advisory.publish");
        Api.as(org.opencirt.testing.Tokens.demoPartner("cert-cd"))
                .accept("*/*")
                .get("/.well-known/csaf/cert-ab/" + amber)
                .then()
                .statusCode(200);
        var read = lastOf("cert-ab");
        assertThat(read.seq()).isEqualTo(before.seq() + 1);
        assertThat(read.action()).isEqualTo("csafDirectory.document");
        assertThat(read.actor()).isEqualTo("cert-cd-partner");
        assertThat(read.roles()).isEqualTo("partner");
        assertThat(read.objectId()).isEqualTo(amber.substring(amber.lastIndexOf('/') + 1));
    }

    /** Publishes an advisory of B under a TLP (draft, review, publication) and answers its directory path. */
    private static String publish(String tlp) {
        var cve =
                "CVE-2026-%d".formatted(100000 + Math.floorMod(UUID.randomUUID().getMostSignificantBits(), 900000L));
        var id = Api.asUser("ab-analyst")
                .body("""
                {"title": "Audited %1$s", "summary": "Summary", "tlp": "%1$s", "severity": "High",
                 "products": [{"vendor": "Example Networks", "name": "Router OS", "versions": ["1.0.0"], "fixedVersions": ["1.0.2"]}],
                 "vulnerabilities": [{"cve": "%2$s", "title": "Injection", "description": "Details.", "cwe": "CWE-78",
                                      "cvssVector": "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"}],
                 "recommendations": "Update to 1.0.2.",
                 "references": [{"url": "https://vendor.example/sa-1", "summary": "Vendor advisory"}]}
                """.formatted(tlp, cve))
                .post("/api/v1/advisories/from-form")
                .then()
                .statusCode(201)
                .extract()
                .<String>path("id");
        Api.asUser("ab-analyst")
                .post("/api/v1/advisories/" + id + "/submission")
                .then()
                .statusCode(200);
        return Api.asUser("ab-lead")
                .post("/api/v1/advisories/" + id + "/publication")
                .then()
                .statusCode(201)
                .extract()
                .path("path");
    }

    @Test
    void aCirtsLeadSeesItsOwnEntriesOnlyFilteredAndPaged() {
        createIncident("cd-analyst");
        var mine = createIncident("cd-analyst");
        var theirs = createIncident("ab-analyst");
        Api.asUser("cd-lead")
                .queryParam("objectId", mine)
                .get("/api/v1/audit")
                .then()
                .statusCode(200)
                .body("entries.size()", equalTo(1))
                .body("entries[0].action", equalTo("incident.create"))
                .body("entries[0].tenant", equalTo("cert-cd"))
                .body("entries[0].actor", equalTo("cd-analyst"));
        Api.asUser("cd-lead")
                .queryParam("objectId", theirs)
                .get("/api/v1/audit")
                .then()
                .statusCode(200)
                .body("entries.size()", equalTo(0));
        var all = Api.asUser("cd-admin")
                .queryParam("limit", 500)
                .get("/api/v1/audit")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(all.getList("entries.tenant")).isNotEmpty().containsOnly("cert-cd");
        assertThat(all.getList("entries.objectId")).doesNotContain(theirs);

        // one entry a page, the cursor walks down the seqs without repeating one
        var first = Api.asUser("cd-lead")
                .queryParam("limit", 1)
                .queryParam("action", "incident.create")
                .get("/api/v1/audit")
                .then()
                .statusCode(200)
                .body("entries.size()", equalTo(1))
                .extract()
                .jsonPath();
        long next = first.getLong("next");
        Api.asUser("cd-lead")
                .queryParam("limit", 1)
                .queryParam("action", "incident.create")
                .queryParam("cursor", next)
                .get("/api/v1/audit")
                .then()
                .statusCode(200)
                .body("entries[0].seq", org.hamcrest.Matchers.lessThan((int) next));
        assertThat(first.getLong("entries[0].seq")).isEqualTo(next);
    }

    @Test
    void badFiltersAreRefusedNamingTheParameter() {
        Api.asUser("cd-lead")
                .queryParam("limit", 501)
                .get("/api/v1/audit")
                .then()
                .statusCode(400)
                .contentType(containsString("application/problem+json"))
                .body("detail", containsString("limit"));
        Api.asUser("cd-lead")
                .queryParam("from", "yesterday")
                .get("/api/v1/audit")
                .then()
                .statusCode(400)
                .body("detail", containsString("from"));
        Api.asUser("cd-lead")
                .queryParam("actor", "x".repeat(201))
                .get("/api/v1/audit")
                .then()
                .statusCode(400)
                .body("detail", containsString("actor"));
    }

    @Test
    void theTrailIsForLeadsAndAdminsAndThePlatformAdminSeesThePlatformsOwnOnly() {
        createIncident("ab-analyst");
        Api.asUser("ab-analyst").get("/api/v1/audit").then().statusCode(403);
        Api.asUser("ab-analyst").get("/api/v1/audit/verification").then().statusCode(403);
        Api.anonymous().get("/api/v1/audit").then().statusCode(401);
        // a platform action: the platform admin changes a CIRT's record
        Api.asUser("platform-admin")
                .body("{}")
                .patch("/api/v1/tenants/cert-ab")
                .then()
                .statusCode(200);
        var platform = Api.asUser("platform-admin")
                .queryParam("limit", 500)
                .get("/api/v1/audit")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(platform.getList("entries.action")).contains("tenant.update");
        assertThat(platform.getList("entries.tenant")).containsOnlyNulls();
        assertThat(platform.getList("entries.action")).doesNotContain("incident.create");
        Api.asUser("platform-admin")
                .get("/api/v1/audit/verification")
                .then()
                .statusCode(200)
                .body("ok", equalTo(true));
    }

    @Test
    void theHashCoversThePreviousHashAndTheCanonicalEncoding() {
        var entry = new AuditEntry(
                "cert-ab",
                7,
                java.time.Instant.parse("2026-01-02T03:04:05.123456Z"),
                "ab-lead",
                "lead",
                "incident.create",
                "incidents",
                "42",
                "r-1",
                "192.0.2.1",
                null,
                AuditChain.GENESIS,
                null);
        assertThat(AuditChain.canonical(entry))
                .isEqualTo(
                        "{\"action\":\"incident.create\",\"actor\":\"ab-lead\",\"at\":\"2026-01-02T03:04:05.123456Z\","
                                + "\"changeDigest\":null,\"objectId\":\"42\",\"objectType\":\"incidents\",\"requestId\":\"r-1\","
                                + "\"roles\":\"lead\",\"seq\":7,\"sourceAddress\":\"192.0.2.1\",\"tenant\":\"cert-ab\"}");
        assertThat(AuditChain.hash(AuditChain.GENESIS, entry))
                .isEqualTo(Digests.sha256Hex(AuditChain.GENESIS + "\n" + AuditChain.canonical(entry)));
    }

    private static String createIncident(String user) {
        return Api.asUser(user)
                .body("{\"title\": \"Audit fixture\"}")
                .post("/api/v1/incidents")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
    }

    private Connection superuser() throws SQLException {
        return DriverManager.getConnection(jdbcUrl, "postgres", "");
    }

    private long count(String tenant) throws SQLException {
        return countOf("select count(*) from audit_entry where tenant = ?", tenant);
    }

    private long countOf(String sql, String value) throws SQLException {
        try (var connection = database.getConnection();
                var query = connection.prepareStatement(sql)) {
            query.setString(1, value);
            try (var rows = query.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    private Row byRequest(String requestId) throws SQLException {
        return one("select * from audit_entry where request_id = ?", List.of(requestId));
    }

    private Row bySeq(String tenant, long seq) throws SQLException {
        return one("select * from audit_entry where tenant = ? and seq = ?", List.of(tenant, seq));
    }

    private Row lastOf(String tenant) {
        try {
            return one("select * from audit_entry where tenant = ? order by seq desc limit 1", List.of(tenant));
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private Row one(String sql, List<Object> parameters) throws SQLException {
        try (var connection = database.getConnection();
                var query = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.size(); i++) {
                query.setObject(i + 1, parameters.get(i));
            }
            try (var rows = query.executeQuery()) {
                if (!rows.next()) {
                    return null;
                }
                return new Row(
                        rows.getString("tenant"),
                        rows.getLong("seq"),
                        rows.getString("actor"),
                        rows.getString("roles"),
                        rows.getString("action"),
                        rows.getString("object_type"),
                        rows.getString("object_id"),
                        rows.getString("request_id"),
                        rows.getString("source_address"),
                        rows.getString("change_digest"),
                        rows.getString("prev_hash"),
                        rows.getString("hash"));
            }
        }
    }
}
