package org.opencirt.playbook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.startsWith;
import static org.opencirt.playbook.PlaybookTesting.addPlaybook;
import static org.opencirt.playbook.PlaybookTesting.awaitRuns;
import static org.opencirt.playbook.PlaybookTesting.create;
import static org.opencirt.playbook.PlaybookTesting.evaluation;
import static org.opencirt.playbook.PlaybookTesting.incident;
import static org.opencirt.playbook.PlaybookTesting.marker;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.opencirt.testing.Api;

/** The playbook API: validation, switching, dry-runs and backtests that change nothing, and CIRT boundaries. */
@QuarkusTest
@TestProfile(PlaybooksOn.class)
class PlaybookApiTest {

    private static String yaml(String id, String tag, String actions) {
        return """
                id: %s
                name: API %s
                version: 1
                trigger: incident.created
                when: tags.exists(t, t == '%s')
                actions:
                %s""".formatted(id, id, tag, actions.indent(2));
    }

    @Test
    void theListHasTheShippedPlaybooksAndTheCirtsOwn() {
        var tag = marker();
        addPlaybook(yaml(tag, tag, "- add-tags: {tags: [x]}\n"));
        Api.asUser("ab-analyst")
                .get("/api/v1/playbooks")
                .then()
                .statusCode(200)
                .body("id", hasItems("phishing-report", "ransomware", tag))
                .body("find { it.id == 'ransomware' }.shipped", equalTo(true))
                .body("find { it.id == '%s' }.shipped".formatted(tag), equalTo(false));
        Api.asUser("ab-analyst")
                .get("/api/v1/playbooks/" + tag)
                .then()
                .statusCode(200)
                .body("source", startsWith("id: " + tag));
    }

    @Test
    void anInvalidPlaybookIsRefusedWithEveryProblemAndNothingIsStored() {
        var body = """
                id: broken-one
                name: Broken
                version: 1
                trigger: incident.created
                when: severity > 2
                actions:
                  - add-tagz: {tags: [x]}
                  - set-severity: {severity: apocalyptic}
                """;
        Api.asUser("ab-admin")
                .contentType("application/yaml")
                .body(body)
                .post("/api/v1/playbooks")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors.pointer", hasItems("/when", "/actions/0/add-tagz", "/actions/1/set-severity/severity"))
                .body(
                        "errors.find { it.pointer == '/actions/0/add-tagz' }.message",
                        startsWith("line 7: unknown action"));
        Api.asUser("ab-admin").get("/api/v1/playbooks/broken-one").then().statusCode(404);
    }

    @Test
    void onlyACirtAdminAddsPlaybooksAndAShippedIdCannotBeTaken() {
        Api.asUser("ab-analyst")
                .contentType("application/yaml")
                .body(yaml("x-" + marker(), "x", "- stop: {}\n"))
                .post("/api/v1/playbooks")
                .then()
                .statusCode(403);
        Api.asUser("ab-admin")
                .contentType("application/yaml")
                .body(yaml("ransomware", "x", "- stop: {}\n"))
                .post("/api/v1/playbooks")
                .then()
                .statusCode(409);
        Api.asUser("ab-admin")
                .contentType("application/yaml")
                .body(yaml("ransomware", "x", "- stop: {}\n").replace("version: 1", "version: 2"))
                .put("/api/v1/playbooks/ransomware")
                .then()
                .statusCode(403);
    }

    @Test
    void aReplacedPlaybookMustGrowItsVersion() {
        var tag = marker();
        addPlaybook(yaml(tag, tag, "- add-tags: {tags: [v1]}\n"));
        Api.asUser("ab-admin")
                .contentType("application/yaml")
                .body(yaml(tag, tag, "- add-tags: {tags: [v2]}\n"))
                .put("/api/v1/playbooks/" + tag)
                .then()
                .statusCode(400)
                .body("errors.pointer", hasItem("/version"));
        Api.asUser("ab-admin")
                .contentType("application/yaml")
                .body(yaml(tag, tag, "- add-tags: {tags: [v2]}\n").replace("version: 1", "version: 2"))
                .put("/api/v1/playbooks/" + tag)
                .then()
                .statusCode(200)
                .body("version", equalTo(2));
    }

    @Test
    void aShippedPlaybookSwitchedOffDoesNotRunForThatCirtOnly() {
        Api.asUser("cd-lead")
                .body("{\"enabled\": false}")
                .patch("/api/v1/playbooks/spam")
                .then()
                .statusCode(200)
                .body("enabled", equalTo(false));
        try {
            var cd = create("cd-analyst", "{\"title\": \"Spam\", \"type\": \"spam\"}")
                    .getString("id");
            var ab = create("ab-analyst", "{\"title\": \"Spam\", \"type\": \"spam\"}")
                    .getString("id");
            assertThat(evaluation(awaitRuns("ab-analyst", ab, 1).getFirst(), "spam"))
                    .containsEntry("matched", true);
            var cdRuns = awaitRuns("cd-analyst", cd, 1);
            assertThat(evaluation(cdRuns.getFirst(), "spam")).isNull();
            assertThat(incident("cd-analyst", cd).getString("priority")).isNotEqualTo("P4");
            Api.asUser("ab-analyst").get("/api/v1/playbooks/spam").then().body("playbook.enabled", equalTo(true));
        } finally {
            Api.asUser("cd-lead")
                    .body("{\"enabled\": true}")
                    .patch("/api/v1/playbooks/spam")
                    .then()
                    .statusCode(200);
        }
    }

    @Test
    void aDryRunAnswersWhatWouldHappenAndChangesNothing() {
        var tag = marker();
        var incident =
                create("ab-analyst", "{\"title\": \"Dry\", \"tags\": [\"%s\"], \"severity\": \"low\"}".formatted(tag));
        var id = incident.getString("id");
        awaitRuns("ab-analyst", id, 1);
        var before = incident("ab-analyst", id);
        var candidate = yaml("candidate", tag, """
                - set-severity: {severity: high}
                - add-tasks: {tasks: [Would be added]}
                - notify: {email: {to: "x@example.org", subject: "s", body: "b"}}
                """);
        var answer = Api.asUser("ab-analyst")
                .body(Map.of("playbook", candidate, "incidentId", id))
                .post("/api/v1/playbooks/dry-run")
                .then()
                .statusCode(200)
                .body("incident", equalTo(incident.getString("reference")))
                .body("evaluation.matched", equalTo(true))
                .extract()
                .jsonPath();
        assertThat(answer.getList("evaluation.actions.effects.flatten().kind", String.class))
                .containsExactly("change", "task", "email");
        assertThat(answer.getString("evaluation.actions[0].effects[0].before")).isEqualTo("low");
        assertThat(answer.getString("evaluation.actions[0].effects[0].after")).isEqualTo("high");
        var after = incident("ab-analyst", id);
        assertThat(after.getLong("version")).isEqualTo(before.getLong("version"));
        assertThat(after.getString("severity")).isEqualTo("low");
        Api.asUser("ab-analyst")
                .get("/api/v1/incidents/" + id + "/tasks")
                .then()
                .body("size()", equalTo(0));

        Api.asUser("ab-analyst")
                .body(Map.of("playbook", candidate, "incident", Map.of("title", "Not stored", "tags", List.of(tag))))
                .post("/api/v1/playbooks/dry-run")
                .then()
                .statusCode(200)
                .body("evaluation.matched", equalTo(true))
                .body("incident", equalTo(null));
        Api.asUser("ab-analyst")
                .body(Map.of("playbook", candidate))
                .post("/api/v1/playbooks/dry-run")
                .then()
                .statusCode(400)
                .body("errors[0].pointer", equalTo("/incidentId"));
    }

    @Test
    void aConditionReadsTheFirst4000CharactersOfTheDescriptionWithTheStringsExtension() {
        var candidate = """
                id: needle
                name: Needle
                version: 1
                trigger: incident.created
                when: description.lowerAscii().contains('needle')
                actions:
                  - add-tags: {tags: [found]}
                """;
        for (var at : Map.of(100, true, 4500, false).entrySet()) {
            var description = "x".repeat(at.getKey()) + " NEEDLE " + "y".repeat(600);
            Api.asUser("ab-analyst")
                    .body(Map.of(
                            "playbook", candidate, "incident", Map.of("title", "Long", "description", description)))
                    .post("/api/v1/playbooks/dry-run")
                    .then()
                    .statusCode(200)
                    .body("evaluation.matched", equalTo(at.getValue()));
        }
    }

    @Test
    void aBacktestCountsMatchesAndChangesOverRecentIncidentsAndChangesNothing() {
        var tag = marker();
        var ids = List.of(
                create("ab-analyst", "{\"title\": \"B1\", \"tags\": [\"%s\"], \"severity\": \"low\"}".formatted(tag))
                        .getString("id"),
                create("ab-analyst", "{\"title\": \"B2\", \"tags\": [\"%s\"], \"severity\": \"medium\"}".formatted(tag))
                        .getString("id"),
                create("ab-analyst", "{\"title\": \"B3\", \"tags\": [\"%s\"], \"severity\": \"high\"}".formatted(tag))
                        .getString("id"));
        create("ab-analyst", "{\"title\": \"B4\", \"severity\": \"low\"}");
        ids.forEach(id -> awaitRuns("ab-analyst", id, 1));
        var versions = ids.stream()
                .map(id -> incident("ab-analyst", id).getLong("version"))
                .toList();
        var candidate = yaml("candidate", tag, "- set-severity: {severity: high}\n- add-tasks: {tasks: [Check]}\n");
        var answer = Api.asUser("ab-lead")
                .body(Map.of("playbook", candidate, "days", 1))
                .post("/api/v1/playbooks/backtest")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(answer.getInt("matched")).isEqualTo(3);
        assertThat(answer.getInt("evaluated")).isGreaterThanOrEqualTo(4);
        assertThat(answer.getMap("changes.severity"))
                .containsExactlyInAnyOrderEntriesOf(Map.of("low -> high", 1, "medium -> high", 1));
        assertThat(answer.getMap("added")).containsEntry("task", 3);
        assertThat(ids.stream()
                        .map(id -> incident("ab-analyst", id).getLong("version"))
                        .toList())
                .isEqualTo(versions);
        // another CIRT's backtest of the same candidate sees none of these incidents
        Api.asUser("cd-lead")
                .body(Map.of("playbook", candidate, "days", 1))
                .post("/api/v1/playbooks/backtest")
                .then()
                .statusCode(200)
                .body("matched", equalTo(0));
        Api.asUser("ab-analyst")
                .body(Map.of("playbook", candidate, "days", 1))
                .post("/api/v1/playbooks/backtest")
                .then()
                .statusCode(403);
        Api.asUser("ab-lead")
                .body(Map.of("playbook", candidate, "days", 9999))
                .post("/api/v1/playbooks/backtest")
                .then()
                .statusCode(400);
    }

    @Test
    void anotherCirtNeitherSeesNorChangesNorRunsACirtsPlaybooksAndRuns() {
        var tag = marker();
        var id = addPlaybook(yaml(tag, tag, "- add-tags: {tags: [ab-only]}\n"));
        var abIncident = create("ab-analyst", "{\"title\": \"AB\", \"tags\": [\"%s\"]}".formatted(tag))
                .getString("id");
        awaitRuns("ab-analyst", abIncident, 1);
        for (var foreign : List.of("cd-admin", "cd-lead", "cd-analyst")) {
            Api.asUser(foreign).get("/api/v1/playbooks/" + id).then().statusCode(404);
            Api.asUser(foreign)
                    .get("/api/v1/playbooks")
                    .then()
                    .statusCode(200)
                    .body("id", org.hamcrest.Matchers.not(hasItem(id)));
        }
        Api.asUser("cd-admin")
                .contentType("application/yaml")
                .body(yaml(id, tag, "- stop: {}\n").replace("version: 1", "version: 2"))
                .put("/api/v1/playbooks/" + id)
                .then()
                .statusCode(404);
        Api.asUser("cd-admin").delete("/api/v1/playbooks/" + id).then().statusCode(404);
        Api.asUser("cd-lead")
                .body("{\"enabled\": false}")
                .patch("/api/v1/playbooks/" + id)
                .then()
                .statusCode(404);
        Api.asUser("cd-analyst")
                .get("/api/v1/incidents/" + abIncident + "/playbook-runs")
                .then()
                .statusCode(404);
        Api.asUser("cd-analyst")
                .body(Map.of("playbook", yaml("probe", tag, "- stop: {}\n"), "incidentId", abIncident))
                .post("/api/v1/playbooks/dry-run")
                .then()
                .statusCode(404);
        Api.as(org.opencirt.testing.Tokens.demoPartner("cert-cd"))
                .get("/api/v1/incidents/" + abIncident + "/playbook-runs")
                .then()
                .statusCode(403);
        // cert-cd's incident with the same tag: cert-ab's playbook never runs on it
        var cdIncident = create("cd-analyst", "{\"title\": \"CD\", \"tags\": [\"%s\"]}".formatted(tag))
                .getString("id");
        var cdRun = awaitRuns("cd-analyst", cdIncident, 1).getFirst();
        assertThat(evaluation(cdRun, id)).isNull();
        assertThat(incident("cd-analyst", cdIncident).getList("tags", String.class))
                .doesNotContain("ab-only");
        assertThat(incident("ab-analyst", abIncident).getList("tags", String.class))
                .contains("ab-only");
        Api.asUser("ab-admin").delete("/api/v1/playbooks/" + id).then().statusCode(204);
    }
}
