package org.opencirt.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.Keycloak;
import org.opencirt.common.audit.Audited;
import org.opencirt.common.audit.ChangesNothing;
import org.opencirt.incident.IncidentApiTest;
import org.opencirt.testing.Api;

/**
 * Console form posts are audited like the API (docs/audit.md): every POST route of a console page class either
 * belongs to an {@link Audited} class (one entry per successful post, by the same interceptor) or is marked
 * {@link ChangesNothing}; a form post through the real login leaves exactly one entry naming the console route, the
 * user and the incident, and a refused post leaves none.
 */
@QuarkusTest
class ConsoleAuditedPostsTest {

    /** The console routes that change nothing in the CIRT's data, and why; any other POST must be audited. */
    static final Map<String, String> CHANGE_NOTHING = Map.of(
            "SessionPages.language", "a cookie of the browser",
            "SessionPages.logout", "ends the session (Keycloak's events record logins and logouts)",
            "PlaybooksPage.dryRun", "a dry run changes nothing, like POST /api/v1/playbooks/dry-run");

    @Inject
    Keycloak keycloak;

    @BeforeEach
    void realmKnowsTheTestPort() {
        ConsoleRealm.syncFromRealmFile(keycloak);
    }

    @Test
    void everyConsolePostRouteIsAuditedOrNamedAsChangingNothing() {
        var classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("org.opencirt.console");
        var routes = new TreeSet<String>();
        var unaudited = new ArrayList<String>();
        var changingNothing = new TreeSet<String>();
        for (var javaClass : classes) {
            if (!javaClass.isAnnotatedWith(Path.class)) {
                continue;
            }
            var type = javaClass.reflect();
            for (var method : type.getDeclaredMethods()) {
                var writes = method.isAnnotationPresent(POST.class)
                        || method.isAnnotationPresent(PUT.class)
                        || method.isAnnotationPresent(PATCH.class)
                        || method.isAnnotationPresent(DELETE.class);
                if (!writes) {
                    continue;
                }
                var route = type.getSimpleName() + "." + method.getName();
                routes.add(route);
                if (method.isAnnotationPresent(ChangesNothing.class)) {
                    changingNothing.add(route);
                } else if (!type.isAnnotationPresent(Audited.class) && !method.isAnnotationPresent(Audited.class)) {
                    unaudited.add(route);
                }
            }
        }
        // the walk found the console's forms (a broken walk must not pass for an audited console)
        assertThat(routes)
                .contains(
                        "IncidentPage.comment",
                        "IncidentPage.attach",
                        "QueuePage.bulk",
                        "AdvisoriesPage.create",
                        "PartnersPage.addRemote",
                        "ConstituencyPage.add",
                        "FeedsPage.runNow")
                .hasSizeGreaterThan(30);
        assertThat(unaudited)
                .as("console POST routes that would change data without an audit entry: put @Audited on their class")
                .isEmpty();
        assertThat(changingNothing)
                .as("routes marked @ChangesNothing must be listed in CHANGE_NOTHING with their reason")
                .isEqualTo(new TreeSet<>(CHANGE_NOTHING.keySet()));
    }

    private static JsonPath entriesOf(String objectId) {
        return Api.asUser("ab-lead")
                .queryParam("objectId", objectId)
                .queryParam("limit", 500)
                .get("/api/v1/audit")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }

    @Test
    void aCommentPostedThroughTheConsoleLeavesOneEntryWithTheUserAndTheIncident() {
        var id = IncidentApiTest.create(
                        "ab-analyst", "{\"title\": \"Console audited %s\"}".formatted(UUID.randomUUID()))
                .getString("id");
        assertThat(entriesOf(id).getList("entries.action")).containsExactly("incident.create");

        var browser = new ConsoleBrowser();
        var page = browser.login("ab-analyst", "/console/incidents/" + id);
        var commented = browser.post(
                "/console/incidents/" + id + "/comments",
                Map.of("_csrf", page.csrf(), "body", "called the host", "visibility", "internal"));
        assertThat(commented.status()).isEqualTo(200);
        assertThat(commented.body()).contains("called the host");

        var entries = entriesOf(id);
        assertThat(entries.getList("entries.action")).containsExactly("console.incident.comment", "incident.create");
        assertThat(entries.getString("entries[0].actor")).isEqualTo("ab-analyst");
        assertThat(entries.getString("entries[0].roles")).isEqualTo("analyst");
        assertThat(entries.getString("entries[0].tenant")).isEqualTo("cert-ab");
        assertThat(entries.getString("entries[0].objectType")).isEqualTo("incidents");
        assertThat(entries.getString("entries[0].changeDigest")).hasSize(64).doesNotContain("called");

        // refused: without the CSRF token, and with an empty comment; neither changes anything nor leaves an entry
        assertThat(browser.post("/console/incidents/" + id + "/comments", Map.of("body", "no token"))
                        .status())
                .isEqualTo(403);
        assertThat(browser.post(
                                "/console/incidents/" + id + "/comments",
                                Map.of("_csrf", page.csrf(), "body", "", "visibility", "internal"))
                        .status())
                .isEqualTo(400);
        assertThat(entriesOf(id).getList("entries.action"))
                .containsExactly("console.incident.comment", "incident.create");
    }

    @Test
    void anAttachmentUploadedThroughTheConsoleIsOneEntryWhoseDigestCoversTheFileNotItsText() throws Exception {
        var id = IncidentApiTest.create("ab-analyst", "{\"title\": \"Console upload %s\"}".formatted(UUID.randomUUID()))
                .getString("id");
        var browser = new ConsoleBrowser();
        var page = browser.login("ab-analyst", "/console/incidents/" + id);
        var content = "ransom note text".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        var uploaded = browser.postFile(
                "/console/incidents/" + id + "/attachments", Map.of("_csrf", page.csrf()), "file", "note.txt", content);
        assertThat(uploaded.status()).isEqualTo(200);
        assertThat(uploaded.body()).contains("note.txt");
        var entries = entriesOf(id);
        assertThat(entries.getList("entries.action")).containsExactly("console.incident.attach", "incident.create");
        assertThat(entries.getString("entries[0].changeDigest")).hasSize(64);

        // the same upload again gives the same digest; another file another one
        browser.postFile(
                "/console/incidents/" + id + "/attachments", Map.of("_csrf", page.csrf()), "file", "note.txt", content);
        browser.postFile(
                "/console/incidents/" + id + "/attachments",
                Map.of("_csrf", page.csrf()),
                "file",
                "note.txt",
                "another text".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        var digests = entriesOf(id).getList("entries.changeDigest", String.class);
        assertThat(digests).hasSize(4);
        assertThat(digests.get(1)).isEqualTo(digests.get(2));
        assertThat(digests.get(0)).isNotEqualTo(digests.get(1));
    }

    @Test
    void anAdvisoryDraftFromTheConsoleFormIsOneEntryAndARefusedDraftShownAgainLeavesNone() {
        var browser = new ConsoleBrowser();
        var form = browser.login("ab-analyst", "/console/advisories/new");
        var title = "Console audited advisory " + UUID.randomUUID();
        var created = browser.post(
                "/console/advisories",
                Map.of(
                        "_csrf", form.csrf(),
                        "title", title,
                        "summary", "s",
                        "tlp", "GREEN",
                        "vendor", "V",
                        "product", "P",
                        "versions", "1"));
        assertThat(created.status()).isEqualTo(200);
        var id = created.url().substring(created.url().lastIndexOf('/') + 1);
        assertThat(entriesOf(id).getList("entries.action")).containsExactly("console.advisories.create");

        var before = Api.asUser("ab-lead")
                .queryParam("action", "console.advisories.create")
                .queryParam("limit", 500)
                .get("/api/v1/audit")
                .then()
                .extract()
                .jsonPath()
                .getList("entries")
                .size();
        var refused = browser.post("/console/advisories", Map.of("_csrf", form.csrf(), "title", "", "summary", ""));
        assertThat(refused.status()).isEqualTo(200);
        assertThat(refused.body()).contains("role=\"alert\"");
        assertThat(Api.asUser("ab-lead")
                        .queryParam("action", "console.advisories.create")
                        .queryParam("limit", 500)
                        .get("/api/v1/audit")
                        .then()
                        .extract()
                        .jsonPath()
                        .getList("entries")
                        .size())
                .isEqualTo(before);
    }

    @Test
    void aBulkPostIsOneEntryAndStillChangesTheIncidentsItCouldWhenAnotherIsRefused() {
        var id = IncidentApiTest.create("ab-analyst", "{\"title\": \"Bulk audited %s\"}".formatted(UUID.randomUUID()))
                .getString("id");
        var browser = new ConsoleBrowser();
        var page = browser.login("ab-lead", "/console/queue");
        var bulk = browser.postPairs(
                "/console/queue/bulk",
                List.of(
                        Map.entry("_csrf", page.csrf()),
                        Map.entry("action", "assign"),
                        Map.entry("assignee", "ab-analyst"),
                        Map.entry("id", id),
                        Map.entry("id", UUID.randomUUID().toString())));
        assertThat(bulk.status()).isEqualTo(200);
        assertThat(Api.asUser("ab-analyst")
                        .get("/api/v1/incidents/" + id)
                        .then()
                        .statusCode(200)
                        .extract()
                        .<String>path("assignee"))
                .isEqualTo("ab-analyst");
        var bulks = Api.asUser("ab-lead")
                .queryParam("action", "console.queue.bulk")
                .queryParam("actor", "ab-lead")
                .queryParam("limit", 1)
                .get("/api/v1/audit")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(bulks.getString("entries[0].objectType")).isEqualTo("bulk");
        assertThat(bulks.getString("entries[0].roles")).isEqualTo("analyst,lead");
    }
}
