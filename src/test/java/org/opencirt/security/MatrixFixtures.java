package org.opencirt.security;

import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;
import org.opencirt.testing.Api;
import org.opencirt.testing.LocalFeedServer;

/**
 * The objects of CIRT B ({@code cert-ab}) that the matrix aims at, created once through the API as
 * B's own users. Every text field carries one distinctive marker, so that B's data is recognised in
 * any answer, and B's ids are collected too.
 */
final class MatrixFixtures {

    static final String OWNER = "cert-ab";

    /**
     * B's objects by kind, as the rules put them into paths and bodies. {@link #missing()} gives the
     * same shape with ids that exist nowhere, to compare "B's object" with "no object".
     */
    record Targets(
            String tenant,
            String marker,
            String incident,
            String reference,
            String linkedIncident,
            String task,
            String attachment,
            String comment,
            String link,
            String feed,
            String run,
            String playbook,
            String draftAdvisory,
            String draftDocument,
            String publishedAdvisory,
            String publishedTlp,
            String publishedYear,
            String publishedFile,
            String keyFingerprint,
            String constituencyEntry,
            String constituent,
            String contact,
            String secret,
            String partner,
            String sharingGroup,
            String grant,
            String referral) {

        /**
         * The same targets with every object id replaced by a new one that exists nowhere (the CIRT, the
         * marker and the public key's fingerprint stay: they are public).
         */
        Targets missing() {
            return new Targets(
                    tenant,
                    marker,
                    uuid(),
                    "%s-2026-%06d"
                            .formatted(
                                    tenant.toUpperCase(java.util.Locale.ROOT),
                                    900000 + ThreadLocalRandom.current().nextInt(99999)),
                    uuid(),
                    uuid(),
                    uuid(),
                    uuid(),
                    uuid(),
                    "feed-" + random(),
                    uuid(),
                    "pb-" + random(),
                    uuid(),
                    draftDocument,
                    uuid(),
                    publishedTlp,
                    publishedYear,
                    OWNER + "-" + random() + ".json",
                    keyFingerprint,
                    uuid(),
                    uuid(),
                    uuid(),
                    "sec-" + random(),
                    uuid(),
                    uuid(),
                    uuid(),
                    uuid());
        }

        /**
         * What must never reach a caller of another CIRT: the marker and every id of B's objects that
         * is not public (a published key's fingerprint is: it is in the CSAF directory).
         */
        List<String> secrets() {
            return Stream.of(
                            marker,
                            incident,
                            reference,
                            linkedIncident,
                            task,
                            attachment,
                            comment,
                            link,
                            feed,
                            run,
                            playbook,
                            draftAdvisory,
                            publishedAdvisory,
                            publishedFile,
                            constituencyEntry,
                            constituent,
                            contact,
                            secret,
                            partner,
                            sharingGroup,
                            grant,
                            referral)
                    .toList();
        }
    }

    /** The TLP label of B's sharing default. */
    static final String SHARING_DEFAULT = "AMBER";

    private MatrixFixtures() {}

    /** Creates B's objects: an incident with everything, a feed with a finished run, a playbook, two advisories... */
    static Targets create(LocalFeedServer feedServer) {
        var marker = "mx" + random();
        var analyst = MatrixCallers.token("ab-analyst");
        var incident = Api.as(analyst.get())
                .body("""
                {"title": "Matrix %1$s", "description": "Description %1$s", "tlp": "AMBER", "tags": ["%1$s"],
                 "reporter": {"name": "Reporter %1$s", "email": "%1$s@reporter.example.org", "organisation": "Org %1$s"},
                 "observables": [{"value": "192.0.2.123"}, {"value": "%1$s.example.org"}]}
                """.formatted(marker))
                .post("/api/v1/incidents")
                .then()
                .statusCode(201)
                .extract()
                .jsonPath();
        var incidentId = incident.getString("id");
        var base = "/api/v1/incidents/" + incidentId;
        var linked = Api.as(analyst.get())
                .body("{\"title\": \"Linked %s\"}".formatted(marker))
                .post("/api/v1/incidents")
                .then()
                .statusCode(201)
                .extract()
                .path("id")
                .toString();
        var task = Api.as(analyst.get())
                .body("{\"title\": \"Task %s\"}".formatted(marker))
                .post(base + "/tasks")
                .then()
                .statusCode(201)
                .extract()
                .path("id")
                .toString();
        var attachment = Api.as(analyst.get())
                .contentType("application/octet-stream")
                .body(("content " + marker).getBytes(StandardCharsets.UTF_8))
                .post(base + "/attachments?filename=" + marker + ".txt")
                .then()
                .statusCode(201)
                .extract()
                .path("id")
                .toString();
        var comment = Api.as(analyst.get())
                .body("{\"body\": \"Comment %s\"}".formatted(marker))
                .post(base + "/comments")
                .then()
                .statusCode(201)
                .extract()
                .path("id")
                .toString();
        var link = Api.as(analyst.get())
                .body("{\"kind\": \"related\", \"target\": \"%s\"}".formatted(linked))
                .post(base + "/links")
                .then()
                .statusCode(201)
                .extract()
                .path("id")
                .toString();

        var admin = MatrixCallers.token("ab-admin");
        var feed = "feed-" + marker;
        feedServer.serve(marker + "-feed.example.org\n198.51.100.123\n", "\"" + marker + "\"");
        Api.as(admin.get())
                .contentType("application/yaml")
                .body(feedDefinition(feed, marker, feedServer.url("/list.txt")))
                .post("/api/v1/feeds")
                .then()
                .statusCode(201);
        var run = Api.as(admin.get())
                .post("/api/v1/feeds/%s/runs".formatted(feed))
                .then()
                .statusCode(202)
                .extract()
                .path("id")
                .toString();
        await().atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(250))
                .until(() -> !"running"
                        .equals(Api.as(admin.get())
                                .get("/api/v1/feeds/%s/runs/%s".formatted(feed, run))
                                .then()
                                .extract()
                                .path("status")));

        var playbook = "pb-" + marker;
        Api.as(admin.get())
                .contentType("application/yaml")
                .body(playbookYaml(playbook, marker, 1))
                .post("/api/v1/playbooks")
                .then()
                .statusCode(201);

        var draft = Api.as(analyst.get())
                .body(advisoryForm("Draft " + marker, "RED"))
                .post("/api/v1/advisories/from-form")
                .then()
                .statusCode(201)
                .extract()
                .jsonPath();
        var draftDocument = Api.as(analyst.get())
                .get("/api/v1/advisories/" + draft.getString("id"))
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getMap("document");
        var published = Api.as(analyst.get())
                .body(advisoryForm("Published " + marker, "RED"))
                .post("/api/v1/advisories/from-form")
                .then()
                .statusCode(201)
                .extract()
                .path("id")
                .toString();
        Api.as(analyst.get())
                .post("/api/v1/advisories/%s/submission".formatted(published))
                .then()
                .statusCode(200);
        var version = Api.as(MatrixCallers.token("ab-lead").get())
                .post("/api/v1/advisories/%s/publication".formatted(published))
                .then()
                .statusCode(201)
                .extract()
                .jsonPath();
        var path = version.getString("path").split("/"); // red/2026/cert-ab-2026-0001.json

        var key = Api.as(admin.get())
                .get("/api/v1/signing-keys")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getString("find { it.active }.fingerprint");
        var entry = Api.as(admin.get())
                .body("""
                {"entries": [{"kind": "domain", "value": "%1$s.gov.example", "label": "Ministry %1$s"}]}
                """.formatted(marker))
                .post("/api/v1/constituency")
                .then()
                .statusCode(201)
                .extract()
                .jsonPath()
                .getString("[0].id");
        var constituent = Api.as(admin.get())
                .body("""
                {"name": "Constituent %1$s", "contacts": [{"email": "abuse@%1$s.gov.example"}],
                 "entries": [{"kind": "domain", "value": "%1$s.agency.example"}]}
                """.formatted(marker))
                .post("/api/v1/constituents")
                .then()
                .statusCode(201)
                .extract()
                .jsonPath();

        var secret = "sec-" + marker;
        Api.as(admin.get())
                .body("{\"value\": \"value-%s\"}".formatted(marker))
                .put("/api/v1/secrets/" + secret)
                .then()
                .statusCode(201);

        var partner = Api.as(admin.get())
                .body(
                        "{\"kind\": \"remote\", \"name\": \"Partner %1$s\", \"country\": \"SN\", \"contacts\": [\"soc@%1$s.example.org\"]}"
                                .formatted(marker))
                .post("/api/v1/partners")
                .then()
                .statusCode(201)
                .extract()
                .path("id")
                .toString();
        var group = Api.as(admin.get())
                .body("{\"name\": \"Group %s\", \"members\": [\"%s\"]}".formatted(marker, partner))
                .post("/api/v1/sharing-groups")
                .then()
                .statusCode(201)
                .extract()
                .path("id")
                .toString();
        var grant = Api.as(MatrixCallers.token("ab-lead").get())
                .body(grantOf(incidentId, group))
                .post("/api/v1/grants")
                .then()
                .statusCode(201)
                .extract()
                .path("id")
                .toString();
        // B's AMBER incidents go to its group by default (removed after the matrix: EndpointMatrixTest.report)
        Api.as(MatrixCallers.token("ab-admin").get())
                .body("{\"audience\": \"group\", \"group\": \"%s\"}".formatted(group))
                .put("/api/v1/sharing-defaults/" + SHARING_DEFAULT)
                .then()
                .statusCode(201);

        return new Targets(
                OWNER,
                marker,
                incidentId,
                incident.getString("reference"),
                linked,
                task,
                attachment,
                comment,
                link,
                feed,
                run,
                playbook,
                draft.getString("id"),
                toJson(draftDocument).replace(marker, "replaced"),
                published,
                path[0],
                path[1],
                path[2],
                key,
                entry,
                constituent.getString("id"),
                constituent.getString("contacts[0].id"),
                secret,
                partner,
                group,
                grant,
                referral(analyst.get(), linked));
    }

    /**
     * What B's own users read of B's objects, by path: taken before and after the matrix, it must not
     * have changed.
     */
    static Map<String, String> snapshot(Targets b) {
        var reads = new LinkedHashMap<String, String>();
        var incident = "/api/v1/incidents/" + b.incident();
        var paths = new ArrayList<>(List.of(
                incident,
                incident + "/observables",
                incident + "/tasks",
                incident + "/comments",
                incident + "/attachments",
                incident + "/links",
                incident + "/timeline",
                "/api/v1/incidents/" + b.linkedIncident(),
                "/api/v1/incidents/%s/attachments/%s".formatted(b.incident(), b.attachment()),
                "/api/v1/advisories/" + b.draftAdvisory(),
                "/api/v1/advisories/" + b.publishedAdvisory(),
                "/api/v1/advisories/%s/versions".formatted(b.publishedAdvisory()),
                "/api/v1/feeds/" + b.feed(),
                "/api/v1/feeds/%s/runs".formatted(b.feed()),
                "/api/v1/playbooks/" + b.playbook(),
                "/api/v1/constituency",
                "/api/v1/constituents/" + b.constituent(),
                "/api/v1/signing-keys",
                "/api/v1/secrets",
                "/api/v1/advisory-settings",
                "/api/v1/partners",
                "/api/v1/sharing-groups",
                "/api/v1/sharing-defaults",
                "/api/v1/grants/" + b.grant(),
                "/api/v1/grants?objectType=incident&objectId=" + b.incident(),
                "/api/v1/referrals/" + b.referral(),
                "/api/v1/retention",
                "/api/v1/retention/runs"));
        var lead = MatrixCallers.token("ab-lead");
        var admin = MatrixCallers.token("ab-admin");
        for (var path : paths) {
            var asAdmin = path.startsWith("/api/v1/feeds")
                    || path.startsWith("/api/v1/constituency")
                    || path.startsWith("/api/v1/signing-keys")
                    || path.startsWith("/api/v1/secrets");
            var response =
                    Api.as(asAdmin ? admin.get() : lead.get()).accept("*/*").get(path);
            reads.put(path, response.statusCode() + " " + response.asString());
        }
        return reads;
    }

    /** A referral of B's incident to a CIRT onboarded for it, whose users are no caller of the matrix. */
    private static String referral(String token, String incident) {
        var recipient = "cert-r" + random().substring(0, 6);
        Api.asUser("platform-admin")
                .body("""
                        {"id": "%1$s", "name": "Referral %1$s", "countryCode": "WS", "contactEmail": "cert@%1$s.example.org"}
                        """.formatted(recipient))
                .post("/api/v1/tenants")
                .then()
                .statusCode(201);
        return Api.as(token)
                .body("{\"incident\": \"%s\", \"cirt\": \"%s\"}".formatted(incident, recipient))
                .post("/api/v1/referrals")
                .then()
                .statusCode(201)
                .extract()
                .path("id")
                .toString();
    }

    /** A grant of an AMBER incident to a sharing group. */
    static String grantOf(String incident, String group) {
        return "{\"objectType\": \"incident\", \"objectId\": \"%s\", \"audience\": \"group\", \"group\": \"%s\"}"
                .formatted(incident, group);
    }

    static String feedDefinition(String id, String marker, String url) {
        return """
                id: %s
                name: Feed %s
                url: %s
                format: plain-list
                enabled: true
                defaults:
                  classification: c2-server
                  tlp: AMBER
                  confidence: 80
                """.formatted(id, marker, url);
    }

    static String playbookYaml(String id, String marker, int version) {
        return """
                id: %s
                name: Playbook %s
                version: %d
                trigger: incident.created
                when: tags.exists(t, t == '%s')
                actions:
                  - add-tags: {tags: [matrix]}
                """.formatted(id, marker, version, marker);
    }

    static String advisoryForm(String title, String tlp) {
        return """
                {"title": "%1$s", "summary": "Summary of %1$s", "tlp": "%2$s", "severity": "High",
                 "products": [{"vendor": "Example Networks", "name": "Router OS", "versions": ["1.0.0"], "fixedVersions": ["1.0.2"]}],
                 "recommendations": "Update to 1.0.2."}
                """.formatted(title, tlp);
    }

    private static String toJson(Object value) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(value);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String uuid() {
        return UUID.randomUUID().toString();
    }

    private static String random() {
        return HexFormat.of().formatHex(randomBytes(6));
    }

    private static byte[] randomBytes(int n) {
        var bytes = new byte[n];
        ThreadLocalRandom.current().nextBytes(bytes);
        return bytes;
    }
}
