package org.opencirt.playbook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.opencirt.playbook.PlaybookTesting.awaitRuns;
import static org.opencirt.playbook.PlaybookTesting.create;
import static org.opencirt.playbook.PlaybookTesting.evaluation;
import static org.opencirt.playbook.PlaybookTesting.incident;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import jakarta.mail.internet.MimeMessage;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.opencirt.playbook.definition.Trigger;
import org.opencirt.playbook.engine.PlaybookEngine;
import org.opencirt.tenant.TenantDirectory;
import org.opencirt.testing.Api;
import org.opencirt.testing.Smtp;

/** Each shipped playbook on incidents it should and should not act on, through the real engine. */
@QuarkusTest
@TestProfile(PlaybooksOn.class)
class ShippedPlaybooksTest {

    /** A real SMTP server where the service sends (OPENCIRT_TEST_SMTP_PORT, as in application.properties). */
    @RegisterExtension
    static GreenMailExtension mail = Smtp.server();

    @Inject
    PlaybookEngine engine;

    @Inject
    TenantDirectory directory;

    @ParameterizedTest(name = "{0} acts on: {1}")
    @CsvSource(delimiter = '|', textBlock = """
            phishing-report    | {"title": "Phishing mail about our bank"}                                 | {"title": "Printer on fire", "category": "other"}
            ddos               | {"title": "DDoS on the tax portal"}                                       | {"title": "Portal slow", "category": "availability", "type": "outage"}
            vulnerable-service | {"title": "Open RDP", "category": "vulnerable", "type": "vulnerable-system"} | {"title": "Open RDP", "tags": ["rdp"]}
            vulnerable-service | {"title": "Scan results", "tags": ["scan-report"]}                           | {"title": "Scan results"}
            system-compromise  | {"title": "Web server defaced", "type": "system-compromise"}              | {"title": "Web server defaced", "type": "exploit"}
            data-leak          | {"title": "Customer list online", "type": "data-leak"}                    | {"title": "Customer list online", "type": "spam"}
            ransomware         | {"title": "Ransom note on file server"}                                   | {"title": "File server slow"}
            spam               | {"title": "Spam wave", "type": "spam"}                                    | {"title": "Spam wave", "type": "phishing"}
            """)
    void aShippedPlaybookActsOnTheIncidentsItIsFor(String playbook, String matching, String other) {
        var hit = create("ab-analyst", matching).getString("id");
        var miss = create("ab-analyst", other).getString("id");
        var hitRun = awaitRuns("ab-analyst", hit, 1).getFirst();
        assertThat(evaluation(hitRun, playbook)).containsEntry("matched", true);
        assertThat(evaluation(hitRun, playbook).get("actions")).asList().isNotEmpty();
        var missRun = awaitRuns("ab-analyst", miss, 1).getFirst();
        assertThat(evaluation(missRun, playbook)).containsEntry("matched", false);
        var timeline = Api.asUser("ab-analyst")
                .get("/api/v1/incidents/" + hit + "/timeline")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("actor", String.class);
        assertThat(timeline).contains("playbook:%s@1".formatted(playbook));
    }

    @Test
    void aPhishingReportIsClassifiedTaggedGivenTasksAndADueDate() {
        var id = create("ab-analyst", """
                {"title": "Phishing page imitating the post office", "description": "hxxps://post-office-parcel[.]example/track"}
                """).getString("id");
        awaitRuns("ab-analyst", id, 1);
        var incident = incident("ab-analyst", id);
        assertThat(incident.getString("category")).isEqualTo("fraud");
        assertThat(incident.getString("type")).isEqualTo("phishing");
        assertThat(incident.getList("tags", String.class)).contains("phishing");
        assertThat(incident.getString("dueAt")).isNotNull();
        var tasks = Api.asUser("ab-analyst")
                .get("/api/v1/incidents/" + id + "/tasks")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("title", String.class);
        assertThat(tasks)
                .containsExactlyInAnyOrder(
                        "Collect the phishing URLs and the e-mail headers",
                        "Request the takedown of the phishing site");
    }

    @Test
    void aPhishingReportIsRelatedToAnOpenReportOfTheSameUrl() {
        var url = "https://parcel-%s.example/track"
                .formatted(UUID.randomUUID().toString().substring(0, 6));
        var first = create(
                        "ab-analyst",
                        "{\"title\": \"Phishing 1\", \"observables\": [{\"value\": \"%s\"}]}".formatted(url))
                .getString("id");
        awaitRuns("ab-analyst", first, 1);
        var second = create(
                "ab-analyst", "{\"title\": \"Phishing 2\", \"observables\": [{\"value\": \"%s\"}]}".formatted(url));
        awaitRuns("ab-analyst", second.getString("id"), 1);
        var links = Api.asUser("ab-analyst")
                .get("/api/v1/incidents/" + second.getString("id") + "/links")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(links.getList("target", String.class)).containsExactly(first);
        assertThat(links.getList("kind", String.class)).containsExactly("related");
    }

    @Test
    void ransomwareIsCriticalAndTheLeadsAreToldByEmail() throws Exception {
        var id = create("ab-analyst", """
                {"title": "Ransom note on every workstation", "reporter": {"organisation": "Hospital North"}}
                """).getString("id");
        awaitRuns("ab-analyst", id, 1);
        var incident = incident("ab-analyst", id);
        assertThat(incident.getString("severity")).isEqualTo("critical");
        assertThat(incident.getString("priority")).isEqualTo("P1");
        assertThat(incident.getString("tlp")).isEqualTo("AMBER");
        // one mail to each lead of cert-ab (other tests may add leads to the shared realm), ab-lead among them
        var leads = directory.members("cert-ab", "lead").stream()
                .map(TenantDirectory.Member::email)
                .toList();
        assertThat(leads).contains("ab-lead@cert-ab.example.org");
        var tag = "[" + incident.getString("reference") + " #";
        org.awaitility.Awaitility.await()
                .atMost(PlaybookTesting.PATIENCE)
                .untilAsserted(() -> assertThat(Arrays.stream(mail.getReceivedMessages())
                                .filter(m -> subject(m).contains(tag)))
                        .flatExtracting(m -> Arrays.stream(m.getAllRecipients())
                                .map(Object::toString)
                                .toList())
                        .contains("ab-lead@cert-ab.example.org")
                        .doesNotHaveDuplicates()
                        .isSubsetOf(leads));
        var messages = Arrays.stream(mail.getReceivedMessages())
                .filter(m -> subject(m).contains(tag))
                .toList();
        assertThat(messages).allSatisfy(m -> {
            assertThat(subject(m)).contains("escalated");
            assertThat(m.getContent().toString())
                    .contains("Hospital North")
                    .contains("Ransom note on every workstation");
        });
        var comments = Api.asUser("ab-analyst")
                .get("/api/v1/incidents/" + id + "/comments")
                .then()
                .extract()
                .jsonPath();
        assertThat(comments.getList("author", String.class)).contains("playbook:ransomware@1");
    }

    @Test
    void aFeedHitOfInfectedSystemsGoesToTheAnalystsInTurn() {
        var first = create("ab-analyst", "{\"title\": \"Bots in AS64500\", \"type\": \"infected-system\"}")
                .getString("id");
        var second = create("ab-analyst", "{\"title\": \"Bots in AS64501\", \"type\": \"infected-system\"}")
                .getString("id");
        assertThat(engine.run("cert-ab", UUID.fromString(first), Trigger.CONSTITUENCY_HIT))
                .isPresent();
        assertThat(engine.run("cert-ab", UUID.fromString(second), Trigger.CONSTITUENCY_HIT))
                .isPresent();
        var assignees = List.of(
                incident("ab-analyst", first).getString("assignee"),
                incident("ab-analyst", second).getString("assignee"));
        // cert-ab's analysts (the analyst role in its group), one after the other
        var analysts = directory.members("cert-ab", "analyst").stream()
                .map(TenantDirectory.Member::username)
                .toList();
        assertThat(analysts).contains("ab-analyst", "ab-lead").doesNotContain("cd-analyst");
        assertThat(assignees)
                .doesNotHaveDuplicates()
                .allSatisfy(a -> assertThat(analysts).contains(a));
        assertThat(incident("ab-analyst", first).getString("severity")).isEqualTo("high");
    }

    @Test
    void aC2ServerInTheConstituencyIsPriorityOneAndAmber() {
        var id = create("ab-analyst", "{\"title\": \"C2 listed\", \"type\": \"c2-server\", \"tlp\": \"GREEN\"}")
                .getString("id");
        var other = create("ab-analyst", "{\"title\": \"Scanner listed\", \"type\": \"scanner\"}")
                .getString("id");
        engine.run("cert-ab", UUID.fromString(id), Trigger.CONSTITUENCY_HIT);
        engine.run("cert-ab", UUID.fromString(other), Trigger.CONSTITUENCY_HIT);
        var incident = incident("ab-analyst", id);
        assertThat(incident.getString("priority")).isEqualTo("P1");
        assertThat(incident.getString("tlp")).isEqualTo("AMBER");
        assertThat(incident.getList("tags", String.class)).contains("c2");
        assertThat(incident("ab-analyst", other).getList("tags", String.class)).doesNotContain("c2", "infected-system");
    }

    @Test
    void aDataLeakMailsTheLeadsWithValuesThatCannotBreakTheHeaders() throws Exception {
        var id = create("ab-analyst", """
                {"title": "Leak <b>list</b>\\r\\nBcc: attacker@evil.example", "type": "data-leak"}
                """).getString("id");
        awaitRuns("ab-analyst", id, 1);
        var reference = incident("ab-analyst", id).getString("reference");
        org.awaitility.Awaitility.await()
                .atMost(PlaybookTesting.PATIENCE)
                .until(() -> Arrays.stream(mail.getReceivedMessages())
                        .anyMatch(m -> subject(m).contains(reference)));
        var message = Arrays.stream(mail.getReceivedMessages())
                .filter(m -> subject(m).contains(reference))
                .findFirst()
                .orElseThrow();
        // the reply tag (reference and reply token) takes the reference's place, so that an answer threads
        assertThat(subject(message))
                .matches("\\[%s #[0-9a-f]{32}] data leak: Leak <b>list</b> Bcc: attacker@evil.example"
                        .formatted(java.util.regex.Pattern.quote(reference)));
        assertThat(message.getAllRecipients())
                .extracting(Object::toString)
                .containsExactly("ab-lead@cert-ab.example.org");
        assertThat(message.getHeader("Bcc")).isNull();
    }

    private static String subject(MimeMessage message) {
        try {
            return message.getSubject();
        } catch (jakarta.mail.MessagingException e) {
            throw new IllegalStateException(e);
        }
    }
}
