package org.opencirt.playbook;

import static org.awaitility.Awaitility.await;

import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.opencirt.testing.Api;

/** Helpers of the playbook tests: incidents made through the API, and waiting for the engine. */
final class PlaybookTesting {

    /** A tag no other test uses, so that only this test's playbooks match its incidents. */
    static String marker() {
        return "pb-" + UUID.randomUUID().toString().substring(0, 8);
    }

    static JsonPath create(String user, String body) {
        return Api.asUser(user)
                .body(body)
                .post("/api/v1/incidents")
                .then()
                .statusCode(201)
                .extract()
                .jsonPath();
    }

    static JsonPath incident(String user, String id) {
        return Api.asUser(user)
                .get("/api/v1/incidents/" + id)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }

    /**
     * How long a test waits for the engine's work before it gives up. The tests wait for the event
     * (a recorded pass, a received mail), so this is only a cap against hanging for ever: on a busy
     * two-core CI machine a pass can queue behind other tests' passes for many seconds.
     */
    static final Duration PATIENCE = Duration.ofSeconds(90);

    private PlaybookTesting() {}

    /** The incident's playbook passes once at least {@code count} are recorded. */
    static List<Map<String, Object>> awaitRuns(String user, String id, int count) {
        await().atMost(PATIENCE)
                .pollInterval(Duration.ofMillis(100))
                .until(() -> runs(user, id).size() >= count);
        return runs(user, id);
    }

    static List<Map<String, Object>> runs(String user, String id) {
        return Api.asUser(user)
                .get("/api/v1/incidents/" + id + "/playbook-runs")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("", Map.class)
                .stream()
                .map(m -> (Map<String, Object>) m)
                .toList();
    }

    /** The evaluation of one playbook in a pass, or null when the pass did not evaluate it. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> evaluation(Map<String, Object> run, String playbook) {
        return ((List<Map<String, Object>>) run.get("evaluations"))
                .stream()
                        .filter(e -> playbook.equals(e.get("playbook")))
                        .findFirst()
                        .orElse(null);
    }

    static String addPlaybook(String yaml) {
        return Api.asUser("ab-admin")
                .contentType("application/yaml")
                .body(yaml)
                .post("/api/v1/playbooks")
                .then()
                .statusCode(201)
                .extract()
                .jsonPath()
                .getString("id");
    }
}
