package org.opencirt.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.keycloak.admin.client.Keycloak;
import org.opencirt.testing.Api;
import org.opencirt.testing.Payloads;

/**
 * Every payload of {@code payloads/xss.txt} is stored through the API in every input that the console and the public
 * pages render (incident title, description, reporter, tags, observables, comment, task; feed, playbook, constituency
 * entry, saved view, advisory fields), and each page that shows them is parsed as a browser would: no script but the
 * console's own, no event-handler attribute, no {@code javascript:} URL, no frame, object, base or refresh, and the
 * payload visible as text. All inputs of one payload go into one object of each kind, in one CIRT, to keep it quick.
 */
@QuarkusTest
class StoredXssTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> URL_ATTRIBUTES = Set.of(
            "href", "src", "action", "formaction", "xlink:href", "data", "poster", "background", "srcset", "content");
    private static final Set<String> FORBIDDEN_ELEMENTS =
            Set.of("iframe", "frame", "frameset", "object", "embed", "base", "applet");

    @Inject
    Keycloak keycloak;

    @BeforeEach
    void realmKnowsTheTestPort() {
        ConsoleRealm.syncFromRealmFile(keycloak);
    }

    static Stream<String> payloads() {
        return Payloads.load("xss.txt").stream();
    }

    @ParameterizedTest
    @MethodSource("payloads")
    void aStoredPayloadIsShownAsTextOnEveryPage(String payload) {
        var marker = UUID.randomUUID().toString().substring(0, 8);
        var incident = storeIncident(payload);
        var feed = "xss-" + marker;
        var feedBody = JSON.createObjectNode()
                .put("id", feed)
                .put("name", payload)
                .put("description", payload)
                .put("url", "https://feeds.example.org/" + marker + ".txt")
                .put("format", "plain-list")
                .put("enabled", false);
        Api.asUser("ab-admin")
                .body(feedBody.toString())
                .post("/api/v1/feeds")
                .then()
                .statusCode(201);
        var playbook = "xss-" + marker;
        var playbookBody = JSON.createObjectNode()
                .put("id", playbook)
                .put("name", payload)
                .put("description", payload)
                .put("version", 1)
                .put("trigger", "incident.created")
                .put("when", "false");
        playbookBody
                .putArray("actions")
                .addObject()
                .putObject("add-tags")
                .putArray("tags")
                .add("xss");
        Api.asUser("ab-admin")
                .body(playbookBody.toString())
                .post("/api/v1/playbooks")
                .then()
                .statusCode(201);
        var entry = JSON.createObjectNode();
        entry.putArray("entries")
                .addObject()
                .put("kind", "domain")
                .put("value", marker + ".xss.example")
                .put("label", payload);
        Api.asUser("ab-admin")
                .body(entry.toString())
                .post("/api/v1/constituency")
                .then()
                .statusCode(201);
        var advisory = Api.asUser("ab-analyst")
                .body(advisoryForm(payload).toString())
                .post("/api/v1/advisories/from-form")
                .then()
                .statusCode(201)
                .extract()
                .<String>path("id");
        Api.asUser("ab-analyst")
                .post("/api/v1/advisories/" + advisory + "/submission")
                .then()
                .statusCode(200);
        var published = Api.asUser("ab-lead")
                .post("/api/v1/advisories/" + advisory + "/publication")
                .then()
                .statusCode(201)
                .extract()
                .<String>path("path");

        var shown = payload.strip().replaceAll("\\s+", " ");
        var publicPage =
                Api.anonymous().accept("text/html").get("/advisories/cert-ab/" + published.replace(".json", ".html"));
        assertThat(publicPage.statusCode()).isEqualTo(200);
        assertInert("public advisory page", Jsoup.parse(publicPage.asString()));
        assertThat(Jsoup.parse(publicPage.asString()).text())
                .as("public advisory page shows the payload as text")
                .contains(shown);

        // a lead sees every page of the console that shows these inputs
        var lead = loggedIn("ab-lead");
        lead.post(
                "/console/queue/views",
                Map.of(
                        "name",
                        payload,
                        "q",
                        payload,
                        "_csrf",
                        lead.get("/console").csrf()));
        assertInertAndShown("incident page", lead.get("/console/incidents/" + incident), shown);
        assertInertAndShown("queue with the saved view", lead.get("/console/queue"), shown);
        assertInertAndShown(
                "search", lead.get("/console/search?q=" + URLEncoder.encode(payload, StandardCharsets.UTF_8)), null);
        assertInertAndShown("advisory in the console", lead.get("/console/advisories/" + advisory), shown);
        assertInertAndShown("advisories", lead.get("/console/advisories"), null);
        assertInertAndShown("home", lead.get("/console"), null);
        assertInertAndShown("feeds", lead.get("/console/feeds"), shown);
        assertInertAndShown("feed page", lead.get("/console/feeds/" + feed), shown);
        assertInertAndShown("playbooks", lead.get("/console/playbooks"), shown);
        assertInertAndShown("playbook page", lead.get("/console/playbooks/" + playbook), shown);
        assertInertAndShown("constituency", lead.get("/console/constituency"), shown);
    }

    /**
     * A logged-in browser. Test runs on other ports share the Keycloak and may put back the realm file's redirect
     * URIs between our sync and the login: then sync again and log in once more.
     */
    private ConsoleBrowser loggedIn(String user) {
        for (int attempt = 1; ; attempt++) {
            var browser = new ConsoleBrowser();
            try {
                browser.login(user);
                return browser;
            } catch (AssertionError e) {
                if (attempt == 3) {
                    throw e;
                }
                ConsoleRealm.syncFromRealmFile(keycloak);
            }
        }
    }

    private static String storeIncident(String payload) {
        var body = JSON.createObjectNode().put("title", "XSS " + payload).put("description", payload);
        body.putObject("reporter")
                .put("name", payload)
                .put("email", "reporter@example.org")
                .put("organisation", payload);
        body.putArray("tags")
                .add(payload.strip().substring(0, Math.min(64, payload.strip().length())));
        var withObservable = body.deepCopy();
        withObservable
                .putArray("observables")
                .addObject()
                .put("type", "filename")
                .put("value", payload.strip());
        var created = Api.asUser("ab-analyst")
                .body(withObservable.toString())
                .post("/api/v1/incidents")
                .then()
                .extract();
        if (created.statusCode() == 400) {
            // most payloads are no valid file name: refused, the observable is stored nowhere, which is safe too
            assertThat(created.<String>path("errors[0].pointer")).isEqualTo("/observables/0/value");
            created = Api.asUser("ab-analyst")
                    .body(body.toString())
                    .post("/api/v1/incidents")
                    .then()
                    .statusCode(201)
                    .extract();
        }
        var id = created.<String>path("id");
        Api.asUser("ab-analyst")
                .body(JSON.createObjectNode().put("body", payload).toString())
                .post("/api/v1/incidents/" + id + "/comments")
                .then()
                .statusCode(201);
        Api.asUser("ab-analyst")
                .body(JSON.createObjectNode().put("title", payload).toString())
                .post("/api/v1/incidents/" + id + "/tasks")
                .then()
                .statusCode(201);
        return id;
    }

    private static ObjectNode advisoryForm(String payload) {
        var form = JSON.createObjectNode()
                .put("title", "XSS " + payload)
                .put("summary", payload)
                .put("tlp", "WHITE")
                .put("severity", "High")
                .put("recommendations", payload);
        var product =
                form.putArray("products").addObject().put("vendor", payload).put("name", payload);
        product.putArray("versions").add("1.0.0");
        product.putArray("fixedVersions").add("1.0.1");
        form.putArray("vulnerabilities")
                .addObject()
                .put(
                        "cve",
                        "CVE-2026-%d"
                                .formatted(
                                        100000 + Math.floorMod(UUID.randomUUID().getMostSignificantBits(), 900000L)))
                .put("title", payload)
                .put("description", payload)
                .put("cwe", "CWE-79")
                .put("cvssVector", "CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N");
        form.putArray("references")
                .addObject()
                .put("url", "https://vendor.example/xss")
                .put("summary", payload);
        return form;
    }

    /** Parses the page as a browser would and fails on anything a payload could have turned into markup. */
    static void assertInertAndShown(String where, ConsoleBrowser.Page page, String shown) {
        assertThat(page.status()).as(where + " status").isEqualTo(200);
        assertInert(where, Jsoup.parse(page.body()));
        if (shown != null) {
            assertThat(Jsoup.parse(page.body()).text())
                    .as(where + " shows the payload as text")
                    .contains(shown);
        }
    }

    static void assertInert(String where, Document document) {
        for (var element : document.getAllElements()) {
            var tag = element.tagName().toLowerCase(Locale.ROOT);
            assertThat(FORBIDDEN_ELEMENTS).as(where + ": element <" + tag + ">").doesNotContain(tag);
            if (tag.equals("script")) {
                assertThat(element.attr("src"))
                        .as(where + ": a script that is not the console's own")
                        .startsWith("/console-assets/");
                assertThat(element.data()).as(where + ": inline script").isBlank();
            }
            if (tag.equals("meta")) {
                assertThat(element.hasAttr("http-equiv"))
                        .as(where + ": <meta http-equiv>")
                        .isFalse();
            }
            for (var attribute : element.attributes()) {
                var name = attribute.getKey().toLowerCase(Locale.ROOT);
                assertThat(name)
                        .as(where + ": event-handler attribute on <" + tag + ">")
                        .doesNotStartWith("on");
                assertThat(name).as(where + ": inline style on <" + tag + ">").isNotEqualTo("style");
                if (URL_ATTRIBUTES.contains(name)) {
                    // browsers drop whitespace and control characters inside the scheme
                    var url = attribute
                            .getValue()
                            .replaceAll("[\\s\\p{Cntrl}]", "")
                            .toLowerCase(Locale.ROOT);
                    assertThat(url)
                            .as(where + ": " + name + " of <" + tag + ">")
                            .doesNotContain("javascript:")
                            .doesNotContain("vbscript:")
                            .doesNotStartWith("data:text/html");
                }
            }
        }
    }
}
