package org.opencirt.common.problem;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.opencirt.testing.Api;

/**
 * A value of the wrong kind is refused with its pointer and what it must be, in JSON's words:
 * never a Java type or a message of the JSON library (which names classes).
 */
@QuarkusTest
class ValueKindProblemTest {

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "{\"title\": [\"x\"], \"description\": \"d\"}                       | /title       | must be a string",
                "{\"title\": {\"a\": 1}, \"description\": \"d\"}                    | /title       | must be a string",
                "{\"title\": \"t\", \"tlp\": \"PURPLE\"}                            | /tlp         | must be one of [CLEAR, GREEN, AMBER, AMBER+STRICT, RED]",
                "{\"title\": \"t\", \"occurredAt\": \"yesterday\"}                  | /occurredAt  | must be a date and time (RFC 3339, such as 2026-12-07T10:00:00Z)",
                "{\"title\": \"t\", \"observables\": [\"evil.example\"]}           | /observables/0 | must be an object",
            })
    void aValueOfTheWrongKindIsNamedInJsonWords(String body, String pointer, String message) {
        var problem = Api.asUser("ab-analyst")
                .contentType("application/json")
                .body(body)
                .post("/api/v1/incidents")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .extract()
                .jsonPath();
        assertThat(problem.getString("errors[0].pointer")).isEqualTo(pointer);
        assertThat(problem.getString("errors[0].message")).isEqualTo(message);
        assertThat(problem.getString("detail"))
                .isEqualTo("The value at %s %s".formatted(pointer, message))
                .doesNotContain("java.", "org.", "`", "Cannot deserialize");
    }
}
