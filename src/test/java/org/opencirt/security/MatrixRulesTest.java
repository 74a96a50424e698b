package org.opencirt.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.opencirt.security.OpenApiOperations.Operation;

/** How the matrix reads operations and finds their rules, without the service. */
class MatrixRulesTest {

    @Test
    void operationsComeFromTheDocumentWithTheirPathParametersInPathOrderAndTheirBodyTypes() throws Exception {
        var document = new ObjectMapper().readTree("""
                {"paths": {
                  "/api/v1/incidents/{id}/tasks/{taskId}": {
                    "parameters": [{"name": "taskId", "in": "path"}],
                    "patch": {"parameters": [{"name": "If-Match", "in": "header"}],
                              "requestBody": {"content": {"application/json": {}}}},
                    "get": {}},
                  "/api/v1/secrets/{name}": {"put": {"requestBody": {"content": {"application/json": {}, "text/plain": {}}}}}
                }}
                """);
        assertThat(OpenApiOperations.parse(document))
                .containsExactly(
                        new Operation(
                                "GET", "/api/v1/incidents/{id}/tasks/{taskId}", List.of("id", "taskId"), List.of()),
                        new Operation(
                                "PATCH",
                                "/api/v1/incidents/{id}/tasks/{taskId}",
                                List.of("id", "taskId"),
                                List.of("application/json")),
                        new Operation(
                                "PUT",
                                "/api/v1/secrets/{name}",
                                List.of("name"),
                                List.of("application/json", "text/plain")));
    }

    @Test
    void theRuleWithTheLongestMatchingPrefixFillsAParameter() {
        var b = new MatrixFixtures.Targets(
                "cert-ab",
                "mx1",
                "incident",
                "CERT-AB-2026-000001",
                "linked",
                "task",
                "attachment",
                "comment",
                "link",
                "feed",
                "run",
                "playbook",
                "draft",
                "{}",
                "published",
                "red",
                "2026",
                "cert-ab-2026-0001.json",
                "FPR",
                "entry",
                "constituent",
                "contact",
                "secret",
                "partner",
                "group",
                "grant",
                "referral");
        assertThat(MatrixRules.parameter("/api/v1/advisories/{id}", "id")
                        .orElseThrow()
                        .value()
                        .apply(b))
                .isEqualTo("draft");
        assertThat(MatrixRules.parameter("/api/v1/advisories/{id}/versions/{number}", "id")
                        .orElseThrow()
                        .value()
                        .apply(b))
                .isEqualTo("published");
        assertThat(MatrixRules.parameter("/.well-known/csaf/{cirt}/{tlp}/{file}", "file")
                        .orElseThrow()
                        .value()
                        .apply(b))
                .isEqualTo("index.txt");
        assertThat(MatrixRules.parameter("/.well-known/csaf/{cirt}/{tlp}/{year}/{file}", "file")
                        .orElseThrow()
                        .value()
                        .apply(b))
                .isEqualTo("cert-ab-2026-0001.json");
    }

    @Test
    void aNewParameterHasNoRuleUntilOneIsAdded() {
        assertThat(MatrixRules.parameter("/api/v1/webhooks/{name}", "name")).isEmpty();
        assertThat(MatrixRules.parameter("/api/v1/incidents/{id}/notes/{noteId}", "noteId"))
                .isEmpty();
    }

    @Test
    void missingTargetsShareNoIdWithBButKeepWhatIsPublic() {
        var b = new MatrixFixtures.Targets(
                "cert-ab",
                "mx1",
                "incident",
                "CERT-AB-2026-000001",
                "linked",
                "task",
                "attachment",
                "comment",
                "link",
                "feed",
                "run",
                "playbook",
                "draft",
                "{}",
                "published",
                "red",
                "2026",
                "cert-ab-2026-0001.json",
                "FPR",
                "entry",
                "constituent",
                "contact",
                "secret",
                "partner",
                "group",
                "grant",
                "referral");
        var missing = b.missing();
        assertThat(missing.secrets())
                .doesNotContainAnyElementsOf(b.secrets().subList(1, b.secrets().size()));
        assertThat(missing.tenant()).isEqualTo("cert-ab");
        assertThat(missing.keyFingerprint()).isEqualTo("FPR");
        assertThat(b.missing().incident()).isNotEqualTo(missing.incident());
    }
}
