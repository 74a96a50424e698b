package org.opencirt.playbook.condition;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;

/**
 * Fuzz test of CEL conditions, which a CIRT writes in its playbooks: an expression compiles or
 * gives its problems (line and column), and a compiled one evaluates to a verdict or fails with
 * {@link Condition.EvaluationFailed}.
 */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class ConditionFuzzTest {

    /** An incident's facts as the engine gives them (see Facts), with a match and observables to iterate. */
    private static final Map<String, Object> FACTS = facts();

    @FuzzTest
    void compilesOrGivesProblemsAndEvaluatesOrFails(byte[] input) {
        var compiled = Condition.compile(new String(input, StandardCharsets.UTF_8));

        if (compiled.condition() == null) {
            assertThat(compiled.problems()).isNotEmpty().allSatisfy(problem -> {
                assertThat(problem.line()).isPositive();
                assertThat(problem.column()).isPositive();
            });
            return;
        }
        try {
            compiled.condition().test(FACTS);
        } catch (Condition.EvaluationFailed expected) {
            // a run-time failure for this incident: the documented outcome
        }
    }

    private static Map<String, Object> facts() {
        var now = Condition.timestamp(Instant.parse("2026-06-01T10:00:00Z"));
        var facts = new HashMap<String, Object>();
        for (var text : List.of(
                "trigger",
                "reference",
                "title",
                "description",
                "category",
                "type",
                "severity",
                "priority",
                "tlp",
                "state",
                "channel",
                "sector",
                "assignee")) {
            facts.put(text, text + " value");
        }
        facts.put("severity_level", 3L);
        facts.put("tlp_level", 2L);
        facts.put("tags", List.of("phishing", "bank"));
        facts.put("reporter", Map.of("name", "Ann", "email", "ann@example.org", "org", "Example", "client", ""));
        facts.put(
                "observables",
                List.of(
                        Map.of("type", "domain", "value", "bad.example"),
                        Map.of("type", "ipv4", "value", "192.0.2.7")));
        facts.put(
                "matches",
                List.of(Map.of(
                        "observable",
                        "ipv4:192.0.2.7",
                        "type",
                        "ipv4",
                        "value",
                        "192.0.2.7",
                        "feeds",
                        List.of("feodo"),
                        "classification",
                        "c2-server",
                        "confidence",
                        80L,
                        "tlp",
                        "GREEN")));
        facts.put("feeds", List.of("feodo"));
        facts.put("constituency", List.of("192.0.2.0/24"));
        facts.put("reported_at", now);
        facts.put("now", now);
        return Map.copyOf(facts);
    }
}
