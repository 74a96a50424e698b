package org.opencirt.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.Keycloak;
import org.opencirt.incident.IncidentApiTest;
import org.opencirt.testing.Api;

/** The queue and the incident workspace through the real login, without JavaScript; CIRT B never reaches CIRT A's incidents. */
@QuarkusTest
class ConsoleIncidentTest {

    @Inject
    Keycloak keycloak;

    @BeforeEach
    void realmKnowsTheTestPort() {
        ConsoleRealm.syncFromRealmFile(keycloak);
    }

    private static String marker() {
        return "m" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    }

    private static String create(String user, String title, String extra) {
        return IncidentApiTest.create(user, "{\"title\": \"%s\"%s}".formatted(title, extra))
                .getString("id");
    }

    private static void awaitIndexed(String user, String q, int count) {
        await().atMost(Duration.ofSeconds(90))
                .untilAsserted(() -> assertThat(Api.asUser(user)
                                .queryParam("q", q)
                                .get("/api/v1/incidents")
                                .then()
                                .statusCode(200)
                                .extract()
                                .jsonPath()
                                .getLong("total"))
                        .isEqualTo(count));
    }

    private static String state(String user, String id) {
        return Api.asUser(user)
                .get("/api/v1/incidents/" + id)
                .then()
                .statusCode(200)
                .extract()
                .path("state");
    }

    @Test
    void theQueueFiltersSortsAndPagesWithoutJavaScript() {
        var m = marker();
        var critical = create("ab-analyst", m + " critical one", ", \"severity\": \"critical\"");
        create("ab-analyst", m + " low one", ", \"severity\": \"low\"");
        create("ab-analyst", m + " medium one", ", \"severity\": \"medium\"");
        awaitIndexed("ab-analyst", m, 3);
        var browser = new ConsoleBrowser();
        browser.login("ab-analyst");

        var all = browser.get("/console/queue?q=" + m);
        assertThat(all.status()).isEqualTo(200);
        assertThat(all.body())
                .contains("3 incidents")
                .contains(m + " critical one")
                .contains(m + " low one");

        var filtered = browser.get("/console/queue?q=" + m + "&severity=critical");
        assertThat(filtered.body())
                .contains("1 incidents")
                .contains("/console/incidents/" + critical)
                .doesNotContain(m + " low one");

        var sorted = browser.get("/console/queue?q=" + m + "&sort=-severity");
        assertThat(sorted.body().indexOf(m + " critical one"))
                .isLessThan(sorted.body().indexOf(m + " medium one"));
        assertThat(sorted.body().indexOf(m + " medium one"))
                .isLessThan(sorted.body().indexOf(m + " low one"));
        assertThat(sorted.body()).contains("aria-sort=\"descending\"");

        var first = browser.get("/console/queue?q=" + m + "&sort=-severity&limit=2");
        assertThat(first.body()).contains(m + " critical one").doesNotContain(m + " low one");
        var next = Pattern.compile("href=\"([^\"]+)\" rel=\"next\"").matcher(first.body());
        assertThat(next.find()).isTrue();
        var second = browser.get(next.group(1).replace("&amp;", "&"));
        assertThat(second.body()).contains(m + " low one").doesNotContain(m + " critical one");
    }

    @Test
    void anAnalystChangesStateFieldsAddsACommentAndATaskInTheWorkspace() {
        var m = marker();
        var id = create("ab-analyst", m + " workspace", ", \"observables\": [{\"value\": \"198.51.100.23\"}]");
        var browser = new ConsoleBrowser();
        browser.login("ab-analyst");
        var page = browser.get("/console/incidents/" + id);
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body())
                .contains(m + " workspace")
                .contains("198.51.100.23")
                .contains("name=\"version\" value=\"");
        // only the allowed transitions are offered
        var options = Pattern.compile("<select id=\"to\" name=\"to\">(.*?)</select>", Pattern.DOTALL)
                .matcher(page.body());
        assertThat(options.find()).isTrue();
        assertThat(options.group(1))
                .contains("value=\"triaged\"")
                .doesNotContain("value=\"closed\"")
                .doesNotContain("value=\"resolved\"");

        var version = version(page.body());
        var moved = browser.post(
                "/console/incidents/" + id + "/transition",
                Map.of("_csrf", page.csrf(), "to", "triaged", "reason", "looked at it", "version", version));
        assertThat(moved.status()).isEqualTo(200);
        assertThat(moved.url()).contains("done=transition");
        assertThat(state("ab-analyst", id)).isEqualTo("triaged");

        var saved = browser.post(
                "/console/incidents/" + id + "/fields",
                Map.of(
                        "_csrf",
                        page.csrf(),
                        "severity",
                        "high",
                        "priority",
                        "P2",
                        "tlp",
                        "AMBER+STRICT",
                        "assignee",
                        "ab-analyst",
                        "version",
                        version(moved.body())));
        assertThat(saved.url()).contains("done=fields");
        var incident = Api.asUser("ab-analyst")
                .get("/api/v1/incidents/" + id)
                .then()
                .extract()
                .jsonPath();
        assertThat(incident.getString("severity")).isEqualTo("high");
        assertThat(incident.getString("tlp")).isEqualTo("AMBER+STRICT");
        assertThat(incident.getString("assignee")).isEqualTo("ab-analyst");

        var commented = browser.post(
                "/console/incidents/" + id + "/comments",
                Map.of("_csrf", page.csrf(), "body", "called the host " + m, "visibility", "internal"));
        assertThat(commented.body()).contains("called the host " + m);
        var tasked = browser.post(
                "/console/incidents/" + id + "/tasks", Map.of("_csrf", page.csrf(), "title", "block " + m));
        assertThat(tasked.body()).contains("block " + m);
        // the timeline shows the changes, with who made them
        assertThat(tasked.body()).contains("ab-analyst").contains("triaged");
    }

    @Test
    void aStaleFormIsRefusedWithThe412PageAndChangesNothing() {
        var id = create("ab-analyst", marker() + " stale", "");
        var browser = new ConsoleBrowser();
        var page = browser.login("ab-analyst", "/console/incidents/" + id);
        var old = version(page.body());
        IncidentApiTest.move("ab-lead", id, "triaged");
        var refused = browser.post(
                "/console/incidents/" + id + "/fields",
                Map.of("_csrf", page.csrf(), "severity", "critical", "version", old));
        assertThat(refused.status()).isEqualTo(412);
        assertThat(refused.header("Content-Type")).startsWith("text/html");
        assertThat(Api.asUser("ab-analyst")
                        .get("/api/v1/incidents/" + id)
                        .then()
                        .extract()
                        .<String>path("severity"))
                .isNotEqualTo("critical");
    }

    @Test
    void bulkAssignAndCloseReportEachIncident() {
        var m = marker();
        var a = create("ab-analyst", m + " bulk a", "");
        var b = create("ab-analyst", m + " bulk b", "");
        for (var to : List.of("triaged", "resolved")) {
            IncidentApiTest.move("ab-analyst", b, to);
        }
        var browser = new ConsoleBrowser();
        var queue = browser.login("ab-analyst", "/console/queue");
        var assign = new ArrayList<Map.Entry<String, String>>(List.of(
                Map.entry("_csrf", queue.csrf()),
                Map.entry("id", a),
                Map.entry("id", b),
                Map.entry("action", "assign"),
                Map.entry("assignee", "ab-lead")));
        var assigned = browser.postPairs("/console/queue/bulk", assign);
        assertThat(assigned.status()).isEqualTo(200);
        assertThat(assigned.body()).contains("2 of 2");
        var close = List.of(
                Map.entry("_csrf", queue.csrf()), Map.entry("id", a), Map.entry("id", b), Map.entry("action", "close"));
        var closed = browser.postPairs("/console/queue/bulk", close);
        assertThat(closed.body()).contains("1 of 2").contains("Skipped");
        assertThat(state("ab-analyst", a)).isEqualTo("new");
        assertThat(state("ab-analyst", b)).isEqualTo("closed");
        assertThat(Api.asUser("ab-analyst")
                        .get("/api/v1/incidents/" + a)
                        .then()
                        .extract()
                        .<String>path("assignee"))
                .isEqualTo("ab-lead");
    }

    @Test
    void analystOfOtherCirtGets404ForForeignIncidentAndChangesNothing() {
        var m = marker();
        var id = create("ab-analyst", m + " secret of AB", "");
        Api.asUser("ab-analyst")
                .contentType("application/octet-stream")
                .body("x".getBytes())
                .post("/api/v1/incidents/" + id + "/attachments?filename=a.txt")
                .then()
                .statusCode(201);
        var attachment = Api.asUser("ab-analyst")
                .get("/api/v1/incidents/" + id + "/attachments")
                .then()
                .extract()
                .<String>path("[0].id");
        awaitIndexed("ab-analyst", m, 1);
        var cd = new ConsoleBrowser();
        var home = cd.login("cd-analyst");
        var csrf = home.csrf();

        var page = cd.get("/console/incidents/" + id);
        assertThat(page.status()).isEqualTo(404);
        assertThat(page.header("Content-Type")).startsWith("text/html");
        assertThat(page.body()).doesNotContain("secret of AB");
        assertThat(cd.get("/console/incidents/" + id + "/attachments/" + attachment)
                        .status())
                .isEqualTo(404);
        assertThat(cd.get("/console/queue?q=" + m).body())
                .contains("0 incidents")
                .doesNotContain("secret of AB");

        assertThat(cd.post("/console/incidents/" + id + "/transition", Map.of("_csrf", csrf, "to", "triaged"))
                        .status())
                .isEqualTo(404);
        assertThat(cd.post("/console/incidents/" + id + "/comments", Map.of("_csrf", csrf, "body", "hi"))
                        .status())
                .isEqualTo(404);
        assertThat(cd.post("/console/incidents/" + id + "/tasks", Map.of("_csrf", csrf, "title", "t"))
                        .status())
                .isEqualTo(404);
        assertThat(cd.post(
                                "/console/incidents/" + id + "/fields",
                                Map.of("_csrf", csrf, "severity", "low", "version", "0"))
                        .status())
                .isEqualTo(404);
        var bulk = cd.postPairs(
                "/console/queue/bulk",
                List.of(
                        Map.entry("_csrf", csrf),
                        Map.entry("id", id),
                        Map.entry("action", "assign"),
                        Map.entry("assignee", "cd-analyst")));
        assertThat(bulk.body()).contains("0 of 1").doesNotContain("secret of AB");

        var after = Api.asUser("ab-analyst")
                .get("/api/v1/incidents/" + id)
                .then()
                .extract()
                .jsonPath();
        assertThat(after.getString("state")).isEqualTo("new");
        assertThat(after.getString("assignee")).isNull();
        assertThat(Api.asUser("ab-analyst")
                        .get("/api/v1/incidents/" + id + "/comments")
                        .then()
                        .extract()
                        .jsonPath()
                        .getList("$"))
                .isEmpty();
    }

    @Test
    void hostileValuesAreRenderedAsText() {
        var payload = "<script>alert('t')</script><img src=x onerror=alert(2)>\\\"'><svg onload=alert(3)>";
        var id = create(
                "ab-analyst",
                "xss " + payload.replace("\\\"", "\\\\\\\""),
                ", \"description\": \"" + payload + "\", \"tags\": [\"<b>tag</b>\"]");
        Api.asUser("ab-analyst")
                .body("{\"body\": \"" + payload + "\"}")
                .post("/api/v1/incidents/" + id + "/comments")
                .then()
                .statusCode(201);
        var browser = new ConsoleBrowser();
        var page = browser.login("ab-analyst", "/console/incidents/" + id);
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body())
                .doesNotContain("<script>alert")
                .doesNotContain("<img src=x")
                .doesNotContain("<svg onload")
                .doesNotContain("<b>tag</b>")
                .contains("&lt;script&gt;alert(")
                .contains("&lt;img src=x onerror=alert(2)&gt;");
    }

    @Test
    void savedViewsBelongToTheAnalystWhoSavedThem() {
        var m = marker();
        create("ab-analyst", m + " saved view target", ", \"severity\": \"critical\"");
        awaitIndexed("ab-analyst", m, 1);
        var analyst = new ConsoleBrowser();
        var page = analyst.login("ab-analyst", "/console/queue?q=" + m + "&severity=critical&sort=-severity");
        var saved = analyst.post(
                "/console/queue/views",
                Map.of(
                        "_csrf",
                        page.csrf(),
                        "name",
                        "<b>crit</b> " + m,
                        "q",
                        m,
                        "severity",
                        "critical",
                        "sort",
                        "-severity",
                        "limit",
                        "50"));
        assertThat(saved.status()).isEqualTo(200);
        assertThat(saved.body()).contains("&lt;b&gt;crit&lt;/b&gt; " + m).doesNotContain("<b>crit</b>");
        var link = Pattern.compile("<a href=\"(/console/queue\\?[^\"]+)\">&lt;b&gt;crit")
                .matcher(saved.body());
        assertThat(link.find()).isTrue();
        assertThat(analyst.get(link.group(1).replace("&amp;", "&")).body())
                .contains("1 incidents")
                .contains(m + " saved view target");
        var id = Pattern.compile("/console/queue/views/([0-9a-f-]{36})/removal").matcher(saved.body());
        assertThat(id.find()).isTrue();

        var lead = new ConsoleBrowser();
        var leadQueue = lead.login("ab-lead", "/console/queue");
        assertThat(leadQueue.body()).doesNotContain("crit</b> " + m).doesNotContain(id.group(1));
        assertThat(lead.post("/console/queue/views/" + id.group(1) + "/removal", Map.of("_csrf", leadQueue.csrf()))
                        .status())
                .isEqualTo(404);
        var cd = new ConsoleBrowser();
        var cdQueue = cd.login("cd-analyst", "/console/queue");
        assertThat(cd.post("/console/queue/views/" + id.group(1) + "/removal", Map.of("_csrf", cdQueue.csrf()))
                        .status())
                .isEqualTo(404);

        var removed = analyst.post("/console/queue/views/" + id.group(1) + "/removal", Map.of("_csrf", page.csrf()));
        assertThat(removed.body()).doesNotContain(id.group(1));
    }

    private static String version(String body) {
        var m = Pattern.compile("name=\"version\" value=\"(\\d+)\"").matcher(body);
        assertThat(m.find()).isTrue();
        return m.group(1);
    }
}
