package org.opencirt.playbook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.opencirt.playbook.PlaybookTesting.addPlaybook;
import static org.opencirt.playbook.PlaybookTesting.awaitRuns;
import static org.opencirt.playbook.PlaybookTesting.create;
import static org.opencirt.playbook.PlaybookTesting.evaluation;
import static org.opencirt.playbook.PlaybookTesting.incident;
import static org.opencirt.playbook.PlaybookTesting.marker;

import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.opencirt.common.usage.UsageCounters;
import org.opencirt.playbook.definition.Trigger;
import org.opencirt.playbook.engine.PlaybookEngine;
import org.opencirt.playbook.notify.Notifier;
import org.opencirt.testing.Api;

/** Every action of the vocabulary through a CIRT's own playbooks: what changes, what the run log says. */
@QuarkusTest
@TestProfile(PlaybooksOn.class)
class PlaybookActionsTest {

    @Inject
    PlaybookEngine engine;

    @Inject
    UsageCounters usage;

    private static String playbook(String id, int order, String tag, String actions) {
        return """
                id: %s
                name: Test %s
                version: 1
                trigger: incident.created
                order: %d
                when: tags.exists(t, t == '%s')
                actions:
                %s""".formatted(id, id, order, tag, actions.indent(2));
    }

    @Test
    void everyFieldActionChangesTheIncidentAndTheRunLogShowsBeforeAndAfter() {
        var tag = marker();
        var id = addPlaybook(playbook(tag + "-fields", 10, tag, """
                - set-classification: {category: information-gathering, type: scanner}
                - set-severity: {severity: critical, priority: P1}
                - raise-tlp: {to: AMBER}
                - assign: {user: ab-lead}
                - add-tags: {tags: [triaged-by-playbook]}
                - set-due-date: {critical: PT4H}
                """));
        var created =
                create("ab-analyst", "{\"title\": \"Fields\", \"tags\": [\"%s\"], \"tlp\": \"GREEN\"}".formatted(tag));
        var run = awaitRuns("ab-analyst", created.getString("id"), 1).getFirst();
        var incident = incident("ab-analyst", created.getString("id"));
        assertThat(incident.getString("category")).isEqualTo("information-gathering");
        assertThat(incident.getString("type")).isEqualTo("scanner");
        assertThat(incident.getString("severity")).isEqualTo("critical");
        assertThat(incident.getString("priority")).isEqualTo("P1");
        assertThat(incident.getString("tlp")).isEqualTo("AMBER");
        assertThat(incident.getString("assignee")).isEqualTo("ab-lead");
        assertThat(incident.getList("tags", String.class)).contains(tag, "triaged-by-playbook");
        var reported = Instant.parse(incident.getString("reportedAt"));
        assertThat(Instant.parse(incident.getString("dueAt"))).isEqualTo(reported.plus(Duration.ofHours(4)));
        var evaluation = evaluation(run, id);
        assertThat(evaluation)
                .containsEntry("matched", true)
                .containsEntry("version", 1)
                .containsKey("conditionMicros");
        assertThat(((Number) run.get("evaluationMicros")).longValue()).isPositive();
        assertThat(((Number) run.get("evaluationCpuMicros")).longValue())
                .isPositive()
                .isLessThanOrEqualTo(((Number) run.get("evaluationMicros")).longValue() + 1000);
        @SuppressWarnings("unchecked")
        var actions = (List<Map<String, Object>>) evaluation.get("actions");
        assertThat(actions)
                .extracting(a -> a.get("action"))
                .containsExactly(
                        "set-classification", "set-severity", "raise-tlp", "assign", "add-tags", "set-due-date");
        assertThat(actions.get(2).get("effects"))
                .asList()
                .singleElement()
                .isEqualTo(Map.of("kind", "change", "field", "tlp", "before", "GREEN", "after", "AMBER"));
        var actors = Api.asUser("ab-analyst")
                .get("/api/v1/incidents/" + created.getString("id") + "/timeline")
                .then()
                .extract()
                .jsonPath()
                .getList("actor", String.class);
        assertThat(actors).contains("playbook:%s@1".formatted(id));
    }

    @Test
    void raiseTlpNeverLowersIt() {
        var tag = marker();
        var id = addPlaybook(playbook(tag + "-tlp", 10, tag, "- raise-tlp: {to: GREEN}\n"));
        var created = create("ab-analyst", "{\"title\": \"Red\", \"tags\": [\"%s\"], \"tlp\": \"RED\"}".formatted(tag));
        var run = awaitRuns("ab-analyst", created.getString("id"), 1).getFirst();
        assertThat(incident("ab-analyst", created.getString("id")).getString("tlp"))
                .isEqualTo("RED");
        assertThat(incident("ab-analyst", created.getString("id")).getLong("version"))
                .isEqualTo(created.getLong("version"));
        assertThat(evaluation(run, id).get("actions"))
                .asList()
                .singleElement()
                .satisfies(
                        a -> assertThat(((Map<?, ?>) a).get("effects")).asList().isEmpty());
    }

    @Test
    void tasksCommentsAndTheStopComeInOrderAndLaterPlaybooksDoNotRun() {
        var tag = marker();
        var first = addPlaybook(playbook(tag + "-a", 10, tag, """
                - add-tasks: {tasks: [Call the reporter, Check the logs]}
                - add-comment: {text: "Seen by {{playbook}} for {{reference}}: {{title}}", visibility: shareable}
                """));
        var stopper = addPlaybook(
                playbook(tag + "-b", 20, tag, "- add-tags: {tags: [stopped-here]}\n- stop: {reason: enough}\n"));
        var never = addPlaybook(playbook(tag + "-c", 30, tag, "- add-tags: {tags: [never]}\n"));
        var created = create(
                "ab-analyst", "{\"title\": \"<img src=x onerror=alert(1)>\", \"tags\": [\"%s\"]}".formatted(tag));
        var incidentId = created.getString("id");
        var run = awaitRuns("ab-analyst", incidentId, 1).getFirst();
        @SuppressWarnings("unchecked")
        var evaluated = ((List<Map<String, Object>>) run.get("evaluations"))
                .stream().map(e -> e.get("playbook")).toList();
        assertThat(evaluated).containsSubsequence(first, stopper).doesNotContain(never);
        assertThat(evaluation(run, stopper)).containsEntry("stopped", true);
        var tasks = Api.asUser("ab-analyst")
                .get("/api/v1/incidents/" + incidentId + "/tasks")
                .then()
                .extract()
                .jsonPath();
        assertThat(tasks.getList("title", String.class))
                .containsExactlyInAnyOrder("Call the reporter", "Check the logs");
        var comments = Api.asUser("ab-analyst")
                .get("/api/v1/incidents/" + incidentId + "/comments")
                .then()
                .extract()
                .jsonPath();
        assertThat(comments.getList("body", String.class))
                .containsExactly("Seen by %s for %s: <img src=x onerror=alert(1)>"
                        .formatted(first, created.getString("reference")));
        assertThat(comments.getList("visibility", String.class)).containsExactly("shareable");
        assertThat(incident("ab-analyst", incidentId).getList("tags", String.class))
                .contains("stopped-here")
                .doesNotContain("never");
    }

    @Test
    void runningAgainChangesNothing() {
        var tag = marker();
        addPlaybook(playbook(tag + "-again", 10, tag, """
                - add-tags: {tags: [once]}
                - add-tasks: {tasks: [Only once]}
                - add-comment: {text: "Only once"}
                """));
        var created = create("ab-analyst", "{\"title\": \"Again\", \"tags\": [\"%s\"]}".formatted(tag));
        var id = created.getString("id");
        awaitRuns("ab-analyst", id, 1);
        var after = incident("ab-analyst", id);
        // the first pass ran on version 1 and its changes made version 2: running again sees version
        // 2 once and finds nothing to do; after that, every playbook has run for the version there is
        var again = engine.run("cert-ab", UUID.fromString(id), Trigger.INCIDENT_CREATED);
        assertThat(again).isPresent();
        assertThat(incident("ab-analyst", id).getLong("version")).isEqualTo(after.getLong("version"));
        @SuppressWarnings("unchecked")
        var rerun = (List<Map<String, Object>>)
                evaluation(PlaybookTesting.runs("ab-analyst", id).getFirst(), tag + "-again")
                        .get("actions");
        assertThat(rerun).allSatisfy(a -> assertThat(a.get("effects")).asList().isEmpty());
        assertThat(engine.run("cert-ab", UUID.fromString(id), Trigger.INCIDENT_CREATED))
                .isEmpty();
        assertThat(PlaybookTesting.runs("ab-analyst", id)).hasSize(2);
        // a new version of the incident: the playbook runs again, but what it would add is there already
        var updatePlaybook =
                addPlaybook(playbook(tag + "-upd", 10, tag, """
                - add-tags: {tags: [once]}
                - add-tasks: {tasks: [Only once]}
                - add-comment: {text: "Only once"}
                """).replace("incident.created", "incident.updated"));
        // changed twice by an analyst: the second pass of the same playbook finds everything done
        for (var sector : List.of("health", "energy")) {
            var version = incident("ab-analyst", id).getLong("version");
            Api.asUser("ab-analyst")
                    .header("If-Match", "\"%d\"".formatted(version))
                    .body("{\"sector\": \"%s\"}".formatted(sector))
                    .patch("/api/v1/incidents/" + id)
                    .then()
                    .statusCode(200);
            awaitRuns("ab-analyst", id, sector.equals("health") ? 3 : 4);
        }
        var passes = PlaybookTesting.runs("ab-analyst", id);
        assertThat(evaluation(passes.get(1), updatePlaybook)).containsEntry("matched", true);
        @SuppressWarnings("unchecked")
        var actions = (List<Map<String, Object>>)
                evaluation(passes.getFirst(), updatePlaybook).get("actions");
        assertThat(actions)
                .hasSize(3)
                .allSatisfy(a -> assertThat(a.get("effects")).asList().isEmpty());
        var tasks = Api.asUser("ab-analyst")
                .get("/api/v1/incidents/" + id + "/tasks")
                .then()
                .extract()
                .jsonPath();
        assertThat(tasks.getList("title", String.class)).containsExactly("Only once");
    }

    @Test
    void linkDuplicatesMarksTheOldestOpenIncidentWithTheSameObservable() {
        var tag = marker();
        addPlaybook(playbook(tag + "-dup", 10, tag, "- link-duplicates: {days: 3, mode: duplicate}\n"));
        var address = "203.0.113.%d".formatted(1 + (int) (Math.random() * 250));
        var body = "{\"title\": \"Scan from %s\", \"tags\": [\"%s\"], \"observables\": [{\"value\": \"%s\"}]}"
                .formatted(address, tag, address);
        var first = create("ab-analyst", body).getString("id");
        awaitRuns("ab-analyst", first, 1);
        var second = create("ab-analyst", body).getString("id");
        awaitRuns("ab-analyst", second, 1);
        var links = Api.asUser("ab-analyst")
                .get("/api/v1/incidents/" + second + "/links")
                .then()
                .extract()
                .jsonPath();
        assertThat(links.getList("kind", String.class)).containsExactly("duplicate-of");
        assertThat(links.getList("target", String.class)).containsExactly(first);
    }

    @Test
    void linkDuplicatesLeavesOutIncidentsThatAreDone() {
        var tag = marker();
        addPlaybook(playbook(tag + "-dup", 10, tag, "- link-duplicates: {days: 3, mode: duplicate}\n"));
        var address = "203.0.113.%d".formatted(1 + (int) (Math.random() * 250));
        var body = "{\"title\": \"Scan from %s\", \"tags\": [\"%s\"], \"observables\": [{\"value\": \"%s\"}]}"
                .formatted(address, tag, address);
        var rejected = create("ab-analyst", body).getString("id");
        awaitRuns("ab-analyst", rejected, 1);
        Api.asUser("ab-analyst")
                .body("{\"to\": \"rejected\"}")
                .post("/api/v1/incidents/%s/transitions".formatted(rejected))
                .then()
                .statusCode(200);
        var open = create("ab-analyst", body).getString("id");
        awaitRuns("ab-analyst", open, 1);
        var second = create("ab-analyst", body).getString("id");
        awaitRuns("ab-analyst", second, 1);
        var links = Api.asUser("ab-analyst")
                .get("/api/v1/incidents/" + second + "/links")
                .then()
                .extract()
                .jsonPath();
        assertThat(links.getList("target", String.class))
                .as("the rejected incident is done: not a duplicate to link")
                .containsExactly(open);
    }

    @Test
    void aWebhookCarriesASignatureTheReceiverCanVerify() throws Exception {
        var received = new ArrayBlockingQueue<Map<String, String>>(5);
        var server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/hook", exchange -> {
            var body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            received.add(Map.of(
                    "body",
                    body,
                    "timestamp",
                    exchange.getRequestHeaders().getFirst(Notifier.TIMESTAMP),
                    "signature",
                    exchange.getRequestHeaders().getFirst(Notifier.SIGNATURE)));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        server.start();
        try {
            storeWebhookKey();
            var tag = marker();
            addPlaybook(playbook(
                    tag + "-hook", 10, tag, """
                    - notify: {webhook: {url: "http://127.0.0.1:%d/hook", secret: "secret:webhook-key"}}
                    - notify: {email: {to: "soc@cert-ab.example.org", subject: "New {{reference}}", body: "{{title}}"}}
                    """.formatted(server.getAddress().getPort())));
            var created = create("ab-analyst", "{\"title\": \"Hook me\", \"tags\": [\"%s\"]}".formatted(tag));
            var call = received.poll(20, TimeUnit.SECONDS);
            assertThat(call).isNotNull();
            var expected = "sha256="
                    + Notifier.sign(
                            "test-webhook-secret".getBytes(StandardCharsets.UTF_8),
                            call.get("timestamp"),
                            call.get("body").getBytes(StandardCharsets.UTF_8));
            assertThat(call.get("signature")).isEqualTo(expected);
            assertThat(call.get("body"))
                    .contains(created.getString("reference"))
                    .contains("\"playbook\":\"%s-hook\"".formatted(tag));
            var tampered = "sha256="
                    + Notifier.sign(
                            "test-webhook-secret".getBytes(StandardCharsets.UTF_8),
                            call.get("timestamp"),
                            call.get("body").replace("Hook me", "Hook you").getBytes(StandardCharsets.UTF_8));
            assertThat(call.get("signature")).isNotEqualTo(tampered);
            // no SMTP server in this class: the e-mail action fails, is recorded, and the others still ran
            var run = awaitRuns("ab-analyst", created.getString("id"), 1).getFirst();
            @SuppressWarnings("unchecked")
            var actions =
                    (List<Map<String, Object>>) evaluation(run, tag + "-hook").get("actions");
            assertThat(actions.get(0)).doesNotContainKey("error");
            assertThat(actions.get(1)).containsKey("error");
        } finally {
            server.stop(0);
        }
    }

    /** The CIRT's webhook key, which its playbooks name as secret:webhook-key. */
    private static void storeWebhookKey() {
        Api.asUser("ab-admin")
                .body("{\"value\": \"test-webhook-secret\"}")
                .put("/api/v1/secrets/webhook-key")
                .then()
                .statusCode(org.hamcrest.Matchers.oneOf(200, 201));
    }

    @Test
    void aWebhookToAPrivateAddressThatIsNotAllowListedIsRefused() {
        storeWebhookKey();
        var tag = marker();
        var id = addPlaybook(
                playbook(
                        tag + "-ssrf",
                        10,
                        tag,
                        "- notify: {webhook: {url: \"http://169.254.169.254/latest/meta-data\", secret: \"secret:webhook-key\"}}\n"));
        var created = create("ab-analyst", "{\"title\": \"SSRF\", \"tags\": [\"%s\"]}".formatted(tag));
        var run = awaitRuns("ab-analyst", created.getString("id"), 1).getFirst();
        @SuppressWarnings("unchecked")
        var actions = (List<Map<String, Object>>) evaluation(run, id).get("actions");
        assertThat((String) actions.getFirst().get("error")).contains("refused").contains("link-local");
    }

    @Test
    void aWebhookOverItsCirtsCallsPerMinuteIsRefusedAndRecorded() throws Exception {
        var received = new ArrayBlockingQueue<String>(5);
        var server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/hook", exchange -> {
            received.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        server.start();
        try {
            // cert-cd (no other test here calls webhooks for it) has one call left in this minute and the next
            var limit = Api.asUser("cd-admin")
                    .get("/api/v1/quotas")
                    .then()
                    .statusCode(200)
                    .extract()
                    .jsonPath()
                    .getInt("webhooks.callsPerMinute");
            var minute = Instant.now().truncatedTo(ChronoUnit.MINUTES);
            for (var window : List.of(minute, minute.plus(Duration.ofMinutes(1)))) {
                usage.add(
                        "cert-cd", "webhook-calls", window, limit - 1 - usage.used("cert-cd", "webhook-calls", window));
            }
            Api.asUser("cd-admin")
                    .body("{\"value\": \"test-webhook-secret\"}")
                    .put("/api/v1/secrets/webhook-key")
                    .then()
                    .statusCode(org.hamcrest.Matchers.oneOf(200, 201));
            var tag = marker();
            var hook = "- notify: {webhook: {url: \"http://127.0.0.1:%d/hook\", secret: \"secret:webhook-key\"}}\n"
                    .formatted(server.getAddress().getPort());
            var id = Api.asUser("cd-admin")
                    .contentType("application/yaml")
                    .body(playbook(tag + "-quota", 10, tag, hook + hook))
                    .post("/api/v1/playbooks")
                    .then()
                    .statusCode(201)
                    .extract()
                    .jsonPath()
                    .getString("id");
            var created = create("cd-analyst", "{\"title\": \"Hook twice\", \"tags\": [\"%s\"]}".formatted(tag));

            var run = awaitRuns("cd-analyst", created.getString("id"), 1).getFirst();
            @SuppressWarnings("unchecked")
            var actions = (List<Map<String, Object>>) evaluation(run, id).get("actions");
            assertThat(actions.get(0)).doesNotContainKey("error");
            assertThat((String) actions.get(1).get("error"))
                    .contains("webhook refused")
                    .contains("%d webhook calls".formatted(limit));
            assertThat(received).hasSize(1);
            Api.asUser("cd-admin")
                    .get("/api/v1/quotas")
                    .then()
                    .statusCode(200)
                    .body("webhooks.callsThisMinute", org.hamcrest.Matchers.lessThanOrEqualTo(limit));
        } finally {
            server.stop(0);
        }
    }
}
