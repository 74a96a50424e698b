package org.opencirt.playbook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opencirt.common.yaml.DefinitionProblem;
import org.opencirt.playbook.condition.Condition;
import org.opencirt.playbook.definition.Action;
import org.opencirt.playbook.definition.PlaybookReader;
import org.opencirt.playbook.definition.Trigger;
import org.opencirt.playbook.service.PlaybookCatalog;

/** Reading and checking playbooks: every problem at once, with its line; nothing half-loaded. */
class PlaybookReaderTest {

    private static final String VALID = """
            id: sample
            name: Sample
            version: 3
            trigger: incident.created
            when: severity == 'high' && tags.exists(t, t == 'x')
            actions:
              - add-tags: {tags: [seen]}
              - set-severity: {severity: critical, priority: P1}
              - stop: {}
            """;

    @Test
    void aValidPlaybookIsReadIntoItsClosedVocabulary() {
        var result = PlaybookReader.read("sample.yaml", VALID, "cert-ab");
        assertThat(result.problems()).isEmpty();
        var playbook = result.playbook().definition();
        assertThat(playbook.trigger()).isEqualTo(Trigger.INCIDENT_CREATED);
        assertThat(playbook.actions()).hasSize(3).first().isInstanceOf(Action.AddTags.class);
        assertThat(playbook.actor()).isEqualTo("playbook:sample@3");
        assertThat(result.playbook().owner()).isEqualTo("cert-ab");
    }

    @Test
    void everyShippedPlaybookLoads() {
        var shipped = PlaybookCatalog.load(Path.of("playbooks"));
        assertThat(shipped.keySet())
                .contains(
                        "phishing-report",
                        "infected-system-from-feed",
                        "c2-in-constituency",
                        "ddos",
                        "vulnerable-service",
                        "system-compromise",
                        "data-leak",
                        "ransomware",
                        "spam");
    }

    @Test
    void everyProblemIsReportedAtOnceWithItsLine() {
        var text = """
                id: Bad Id
                name: Broken
                version: 1
                trigger: incident.created
                colour: blue
                when: severity == 3 && undefined_thing
                actions:
                  - add-tags: {tags: [ok]}
                  - launch-missiles: {}
                """;
        var result = PlaybookReader.read("broken.yaml", text, null);
        assertThat(result.ok()).isFalse();
        assertThat(result.playbook()).isNull();
        assertThat(result.problems())
                .extracting(DefinitionProblem::pointer)
                .contains("/id", "/colour", "/when", "/actions/1/launch-missiles");
        assertThat(result.problems()).anySatisfy(p -> {
            assertThat(p.pointer()).isEqualTo("/actions/1/launch-missiles");
            assertThat(p.line()).isEqualTo(9);
            assertThat(p.message()).contains("unknown action 'launch-missiles'").contains("add-tags");
        });
        assertThat(result.problems())
                .filteredOn(p -> p.pointer().equals("/when"))
                .extracting(DefinitionProblem::message)
                .anySatisfy(m -> assertThat(m).contains("column").contains("undeclared reference to 'undefined_thing'"))
                .anySatisfy(m -> assertThat(m).contains("no matching overload").contains("_==_"));
        assertThat(result.problems())
                .filteredOn(p -> p.pointer().equals("/when"))
                .allSatisfy(p -> assertThat(p.line()).isEqualTo(6));
        assertThat(result.problems())
                .filteredOn(p -> p.pointer().equals("/colour"))
                .singleElement()
                .satisfies(p -> assertThat(p.line()).isEqualTo(5));
    }

    @Test
    void aConditionMustBeABoolean() {
        var result = PlaybookReader.read(
                "x.yaml", VALID.replace("severity == 'high' && tags.exists(t, t == 'x')", "title"), null);
        assertThat(result.problems()).singleElement().satisfies(p -> {
            assertThat(p.pointer()).isEqualTo("/when");
            assertThat(p.message()).contains("bool");
        });
    }

    @Test
    void semanticProblemsNameTheirPlace() {
        var text = """
                id: semantic
                name: Semantic
                version: 1
                trigger: incident.created
                when: "true"
                actions:
                  - set-classification: {category: fraud, type: ddos}
                  - add-comment: {text: "Hello {{reporter_password}}"}
                  - assign: {user: someone, role: analyst}
                  - stop: {}
                  - add-tags: {tags: [late]}
                """;
        var problems = PlaybookReader.read("s.yaml", text, null).problems();
        assertThat(problems)
                .extracting(DefinitionProblem::pointer)
                .containsExactlyInAnyOrder(
                        "/actions/0/set-classification/type",
                        "/actions/1/add-comment/text",
                        "/actions/2/assign",
                        "/actions/3/stop");
        assertThat(problems)
                .extracting(DefinitionProblem::message)
                .anySatisfy(m -> assertThat(m).contains("{{reporter_password}}"));
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(
            strings = {
                "soc@bank.example\\r\\nBcc: everyone@attacker.example",
                "soc@bank.example\\nSubject: forged",
                "soc@bank.example, boss@bank.example",
                "soc@bank.example;boss@bank.example",
                "SOC <soc@bank.example>",
                "undisclosed-recipients:;",
                "soc"
            })
    void anEmailRecipientMustBeOnePlainAddressAndIsRefusedWithItsPlace(String to) {
        var text = """
                id: mailer
                name: Mailer
                version: 1
                trigger: incident.created
                when: "true"
                actions:
                  - notify:
                      email:
                        to: "%s"
                        subject: "New incident {{reference}}"
                        body: "See {{title}}"
                """.formatted(to);
        var result = PlaybookReader.read("mailer.yaml", text, null);
        assertThat(result.ok()).isFalse();
        assertThat(result.problems()).anySatisfy(p -> {
            assertThat(p.pointer()).isEqualTo("/actions/0/notify/email/to");
            assertThat(p.line()).isEqualTo(9);
        });
    }

    @Test
    void aPlainEmailRecipientIsAccepted() {
        var text = """
                id: mailer
                name: Mailer
                version: 1
                trigger: incident.created
                when: "true"
                actions:
                  - notify: {email: {to: soc@bank.example, subject: "New {{reference}}", body: "See {{title}}"}}
                """;
        assertThat(PlaybookReader.read("mailer.yaml", text, null).problems()).isEmpty();
    }

    @Test
    void aBadShippedFileStopsTheCatalogWithFileAndLine(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("good.yaml"), VALID);
        Files.writeString(
                dir.resolve("bad.yaml"),
                VALID.replace("id: sample", "id: other").replace("add-tags", "add-tagz"));
        assertThatThrownBy(() -> PlaybookCatalog.load(dir))
                .isInstanceOf(PlaybookCatalog.InvalidPlaybooks.class)
                .hasMessageContaining("bad.yaml:7: /actions/0/add-tagz: unknown action 'add-tagz'");
    }

    @Test
    void aShippedPlaybookNamesTheEnvironmentOrAFileButNoCirtsSecret(@TempDir Path dir) throws Exception {
        var hook = "  - notify: {webhook: {url: \"https://hooks.example.org/in\", secret: \"%s\"}}\n";
        Files.writeString(dir.resolve("env.yaml"), VALID.replace("  - stop: {}\n", hook.formatted("env:HOOK_KEY")));
        assertThat(PlaybookCatalog.load(dir)).containsKey("sample");
        Files.writeString(
                dir.resolve("secret.yaml"),
                VALID.replace("id: sample", "id: other").replace("  - stop: {}\n", hook.formatted("secret:hook-key")));
        assertThatThrownBy(() -> PlaybookCatalog.load(dir))
                .isInstanceOf(PlaybookCatalog.InvalidPlaybooks.class)
                .hasMessageContaining(
                        "secret.yaml:1: /actions/2/notify/webhook/secret: a platform-wide definition cannot use a CIRT's secret");
    }

    @Test
    void conditionsAreBoundedInSizeAndIterations() {
        assertThat(Condition.compile("title == '" + "a".repeat(Condition.MAX_LENGTH) + "'")
                        .problems())
                .isNotEmpty();
        var nested =
                Condition.compile("observables.all(a, observables.all(b, observables.all(c, a.value != 'never')))");
        assertThat(nested.problems()).isEmpty();
        var observables = java.util.stream.IntStream.range(0, 100)
                .mapToObj(i -> Map.of("type", "domain", "value", "d" + i + ".example"))
                .toList();
        var facts = new java.util.HashMap<String, Object>(Map.of("observables", observables));
        assertThatThrownBy(() -> nested.condition().test(facts))
                .isInstanceOf(Condition.EvaluationFailed.class)
                .hasMessageContaining("Iteration budget exceeded");
    }

    @Test
    void actionsThatAreNotAListAreAProblemNotAnError() {
        // found by PlaybookReaderFuzzTest: an object of actions made the reader fail with a NullPointerException
        var result = PlaybookReader.read(
                "api", VALID.substring(0, VALID.indexOf("actions:")) + "actions: {add-tags: {tags: [x]}}\n", null);

        assertThat(result.ok()).isFalse();
        assertThat(result.problems()).extracting(DefinitionProblem::pointer).contains("/actions");
    }
}
