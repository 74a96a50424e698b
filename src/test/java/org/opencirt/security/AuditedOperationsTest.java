package org.opencirt.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.Method;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.opencirt.exchange.taxii.TaxiiCollections;
import org.opencirt.security.MatrixCallers.Caller;
import org.opencirt.security.MatrixFixtures.Targets;
import org.opencirt.security.OpenApiOperations.Operation;
import org.opencirt.testing.Api;
import org.opencirt.testing.LocalFeedServer;

/**
 * The audit trail covers the API (docs/audit.md): every mutating operation of the OpenAPI document (POST, PUT,
 * PATCH, DELETE under {@code /api/v1}, and the TAXII inbox), called by CIRT B's own callers on B's objects with the
 * endpoint matrix's requests (MatrixRules), leaves exactly one audit entry naming the operation (its operationId),
 * the object and the caller when it succeeds, and none when it is refused. An operation that no caller here gets
 * through must be listed in {@link #UNCOVERED} with its reason, so that a new endpoint fails this test until it is
 * covered.
 */
@QuarkusTest
class AuditedOperationsTest {

    /** Operations this test cannot complete, and why (each still checked to leave no entry when refused). */
    static final Map<String, String> UNCOVERED = Map.ofEntries(
            Map.entry(
                    "POST /api/v1/advisories/{id}/publication",
                    "needs a draft in review and a second lead (four eyes); AdvisoryWorkflowTest"),
            Map.entry("POST /api/v1/advisories/{id}/rejection", "needs a draft in review; AdvisoryWorkflowTest"),
            Map.entry(
                    "POST /api/v1/referrals/{id}/acceptance",
                    "needs a referral to B from another CIRT; the matrix's referral goes from B"),
            Map.entry(
                    "POST /api/v1/referrals/{id}/decline",
                    "needs a referral to B from another CIRT; the matrix's referral goes from B"),
            Map.entry(
                    "POST /api/v1/archive/export",
                    "needs the CIRT's own OpenPGP public key to encrypt to; CirtExportTest finds its entry in the archive"),
            Map.entry("POST /api/v1/archive/import", "needs a CIRT's decrypted archive; CirtImportTest"),
            Map.entry(
                    "PUT /api/v1/archive/uploads/{id}/parts/{number}",
                    "needs an upload the platform admin started; CirtImportTest"),
            Map.entry(
                    "POST /api/v1/archive/uploads/{id}/import",
                    "needs an upload holding a CIRT's decrypted archive; CirtImportTest"),
            Map.entry(
                    "DELETE /api/v1/archive/uploads/{id}",
                    "needs an upload the platform admin started; CirtImportTest"),
            Map.entry(
                    "POST /api/v1/archive/offboarding",
                    "would delete CIRT B, which the other operations need; CirtImportTest offboards CIRTs of its own"),
            Map.entry("POST /api/v1/shared/incidents/{id}/adoption", "needs an incident another CIRT shared with B"),
            Map.entry("POST /api/v1/signing-keys/import", "needs an armored OpenPGP private key"),
            Map.entry(
                    "PUT /api/v1/vendor-advisories/{id}/incidents/{incidentId}",
                    "needs a vendor advisory a csaf-provider feed kept; CsafProviderFeedTest links one"),
            Map.entry(
                    "DELETE /api/v1/vendor-advisories/{id}/incidents/{incidentId}",
                    "needs a vendor advisory a csaf-provider feed kept; CsafProviderFeedTest unlinks one"),
            Map.entry(
                    "DELETE /api/v1/sharing-groups/{id}",
                    "B's group is named by a grant, which keeps it (409 by design)"));

    /** POSTs that change nothing ({@code @ChangesNothing}): they must leave no entry. */
    static final Set<String> CHANGE_NOTHING = Set.of(
            "POST /api/v1/advisories/validation",
            "POST /api/v1/advisories/verify",
            "POST /api/v1/playbooks/dry-run",
            "POST /api/v1/playbooks/backtest");

    private static LocalFeedServer feedServer;
    private static Targets b;
    private static List<Caller> callers;
    private static String remotePartnerClient;
    private static final Map<String, String> OUTCOMES = new java.util.concurrent.ConcurrentHashMap<>();

    @Inject
    DataSource database;

    @BeforeEach
    void objectsAndCallersOfCirtB() throws Exception {
        if (b != null) {
            return;
        }
        feedServer = new LocalFeedServer();
        b = MatrixFixtures.create(feedServer);
        var partner = Api.asUser("ab-admin")
                .body("{\"kind\": \"remote\", \"name\": \"Audit probe %s\"}".formatted(UUID.randomUUID()))
                .post("/api/v1/partners")
                .then()
                .statusCode(201)
                .extract()
                .jsonPath();
        remotePartnerClient = partner.getString("clientId");
        callers = List.of(
                new Caller("ab-admin", MatrixCallers.token("ab-admin")),
                new Caller("ab-lead", MatrixCallers.token("ab-lead")),
                new Caller("ab-analyst", MatrixCallers.token("ab-analyst")),
                new Caller(
                        remotePartnerClient,
                        MatrixCallers.client(remotePartnerClient, partner.getString("clientSecret"))),
                new Caller("platform-admin", MatrixCallers.token("platform-admin")),
                new Caller("anonymous", null));
    }

    @AfterAll
    static void close() {
        if (feedServer != null) {
            feedServer.close();
        }
        System.out.printf("audited operations: %s%n", new java.util.TreeMap<>(OUTCOMES));
    }

    static boolean mutating(Operation operation) {
        var write = Set.of("POST", "PUT", "PATCH", "DELETE").contains(operation.method());
        return write
                && (operation.path().startsWith("/api/v1/")
                        || operation.key().matches("POST /taxii2/\\{cirt}/collections/\\{id}/objects/?"));
    }

    @TestFactory
    Stream<DynamicTest> everyMutatingOperationLeavesExactlyOneEntryNamingItsOperationObjectAndActor() {
        var operationIds = operationIds();
        var operations = OpenApiOperations.read().stream()
                .filter(AuditedOperationsTest::mutating)
                // deletions last, so that they do not take the objects the others change
                .sorted(Comparator.comparing((Operation o) -> o.method().equals("DELETE"))
                        .thenComparing(o -> MatrixRules.LAST.contains(o.key())))
                .toList();
        assertThat(operations).as("mutating operations").hasSizeGreaterThan(30);
        var listed = new ArrayList<DynamicTest>();
        for (var operation : operations) {
            listed.add(DynamicTest.dynamicTest(
                    operation.key(), () -> check(operation, operationIds.get(operation.key()))));
        }
        listed.add(DynamicTest.dynamicTest(
                "UNCOVERED names only operations that exist",
                () -> assertThat(operations.stream().map(Operation::key).toList())
                        .containsAll(UNCOVERED.keySet())
                        .containsAll(CHANGE_NOTHING)));
        return listed.stream();
    }

    private void check(Operation operation, String operationId) throws SQLException {
        assertThat(operationId).as("operationId of " + operation.key()).isNotBlank();
        var expectedAction = action(operationId);
        var tried = new ArrayList<String>();
        for (var caller : callers) {
            var mark = lastId();
            var request = render(operation);
            var response = send(operation, request, caller);
            var status = response.statusCode();
            var entries = entriesAfter(mark);
            tried.add("%s: %d".formatted(caller, status));
            if (status >= 300 || CHANGE_NOTHING.contains(operation.key())) {
                assertThat(entries)
                        .as("%s by %s answered %d: no entry", operation.key(), caller, status)
                        .isEmpty();
                if (status < 300) {
                    OUTCOMES.put(operation.key(), "changes nothing");
                    return;
                }
                continue;
            }
            assertThat(status).as("%s by %s", operation.key(), caller).isLessThan(300);
            assertThat(entries)
                    .as("entries of %s by %s (%d)", operation.key(), caller, status)
                    .hasSize(1);
            var entry = entries.getFirst();
            assertThat(entry.get("action")).as("action").isEqualTo(expectedAction);
            assertThat(entry.get("actor")).as("actor").isEqualTo(caller.name());
            assertThat(entry.get("object_id"))
                    .as("object")
                    .isEqualTo(expectedObject(request.path(), operation, response));
            OUTCOMES.put(operation.key(), "%s by %s".formatted(status, caller));
            assertThat(UNCOVERED)
                    .as("%s is covered now: remove it from UNCOVERED", operation.key())
                    .doesNotContainKey(operation.key());
            return;
        }
        OUTCOMES.put(operation.key(), "refused " + tried);
        if (CHANGE_NOTHING.contains(operation.key())) {
            return; // refused by every caller, and it would have written nothing anyway
        }
        if (!UNCOVERED.containsKey(operation.key())) {
            fail(
                    "%s: no caller of B got it through %s (%s); give it a request in MatrixRules.REQUESTS or in"
                            + " AuditedOperationsTest, or list it in UNCOVERED with the reason",
                    operation.key(), tried, request(operation).path());
        }
    }

    private static Object expectedObject(String path, Operation operation, io.restassured.response.Response response) {
        var location = response.getHeader("Location");
        if (response.statusCode() == 201 && location != null) {
            var segments = URI.create(location).getPath().split("/");
            return segments[segments.length - 1];
        }
        if (operation.pathParameters().isEmpty()) {
            return null;
        }
        var segments = path.split("\\?")[0].split("/");
        var template = operation.path().split("/");
        for (int i = template.length - 1; i >= 0; i--) {
            if (template[i].startsWith("{")) {
                return URLDecoder.decode(segments[i], StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    /** {@code IncidentResource_create} gives {@code incident.create}, as the interceptor names it. */
    static String action(String operationId) {
        var parts = operationId.split("_", 2);
        var resource = parts[0].replaceFirst("Resource$", "");
        return Character.toLowerCase(resource.charAt(0)) + resource.substring(1) + "." + parts[1];
    }

    private record Rendered(String path, String contentType, byte[] body, Map<String, String> headers) {}

    private static Rendered request(Operation operation) {
        return render(operation);
    }

    private static Rendered render(Operation operation) {
        var path = operation.path();
        for (var name : operation.pathParameters()) {
            var value = operation.path().startsWith("/taxii2/") && name.equals("id")
                    ? TaxiiCollections.id(b.tenant(), "inbox").toString()
                    : MatrixRules.parameter(operation.path(), name)
                            .orElseThrow(() -> new AssertionError("no MatrixRules.PARAMETERS rule for " + name))
                            .value()
                            .apply(b);
            path = path.replace("{" + name + "}", URLEncoder.encode(value, StandardCharsets.UTF_8));
        }
        var own = OWN_REQUESTS.get(operation.key());
        if (own != null) {
            return new Rendered(path, own.contentType(), own.body().apply(b), Map.of());
        }
        var rule = MatrixRules.REQUESTS.get(operation.key());
        String contentType = null;
        byte[] body = null;
        Map<String, String> headers = new HashMap<>();
        if (rule != null) {
            if (rule.query() != null) {
                path += "?" + rule.query().apply(b);
            }
            contentType = rule.contentType();
            body = rule.body() == null ? null : rule.body().apply(b);
            headers.putAll(rule.headers());
        }
        if (body == null && !operation.bodyTypes().isEmpty()) {
            contentType = "application/json";
            body = "{}".getBytes(StandardCharsets.UTF_8);
        }
        return new Rendered(path, contentType, body, headers);
    }

    private record Own(String contentType, Function<Targets, byte[]> body) {}

    /** Requests that succeed for B's own callers where the matrix's (made to meet a refusal) do not. */
    private static final Map<String, Own> OWN_REQUESTS = Map.of(
            "POST /taxii2/{cirt}/collections/{id}/objects",
            new Own("application/taxii+json;version=2.1", t -> stixEnvelope()),
            "POST /taxii2/{cirt}/collections/{id}/objects/",
            new Own("application/taxii+json;version=2.1", t -> stixEnvelope()),
            "POST /api/v1/feeds",
            new Own(
                    "application/yaml",
                    t -> utf8(MatrixFixtures.feedDefinition("audit-" + random(), "probe", "http://127.0.0.1:9/x"))),
            "POST /api/v1/playbooks",
            new Own("application/yaml", t -> utf8(MatrixFixtures.playbookYaml("audit-" + random(), "probe", 1))),
            "POST /api/v1/advisories",
            new Own("application/json", t -> newTrackingId(t.draftDocument())),
            "POST /api/v1/advisories/from-form",
            new Own("application/json", t -> utf8(MatrixFixtures.advisoryForm("Audit probe", "RED"))),
            "POST /api/v1/reports",
            new Own(
                    "application/json",
                    t -> utf8("{\"cirt\": \"%s\", \"title\": \"Audit probe\", \"description\": \"A public report\"}"
                            .formatted(t.tenant()))),
            "PUT /api/v1/sharing-defaults/{tlp}",
            new Own(
                    "application/json",
                    t -> utf8("{\"audience\": \"group\", \"group\": \"%s\", \"parts\": [\"summary\"]}"
                            .formatted(t.sharingGroup()))),
            "POST /api/v1/tenants",
            new Own("application/json", t -> utf8("""
                    {"id": "cert-u%1$s", "name": "Audit %1$s", "countryCode": "WS",
                     "contactEmail": "cert@u%1$s.example.org", "constituency": "Onboarded by the audit test"}""".formatted(random()))));

    /** B's draft under a tracking id of its own (the same one again is a conflict). */
    private static byte[] newTrackingId(String document) {
        try {
            var json = new ObjectMapper();
            var tree = json.readTree(document);
            var tracking = (com.fasterxml.jackson.databind.node.ObjectNode)
                    tree.path("document").path("tracking");
            tracking.put("id", tracking.path("id").asText() + "-AUDIT-" + random().toUpperCase(java.util.Locale.ROOT));
            return json.writeValueAsBytes(tree);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String random() {
        return UUID.randomUUID().toString().substring(0, 6);
    }

    private static byte[] stixEnvelope() {
        return utf8("""
                {"objects": [{"type": "indicator", "spec_version": "2.1", "id": "indicator--%s",
                  "created": "2026-01-01T00:00:00.000Z", "modified": "2026-01-01T00:00:00.000Z",
                  "pattern": "[domain-name:value = 'audit-probe.example.org']", "pattern_type": "stix",
                  "valid_from": "2026-01-01T00:00:00.000Z"}]}
                """.formatted(UUID.randomUUID()));
    }

    private static io.restassured.response.Response send(Operation operation, Rendered request, Caller caller) {
        var spec = caller.anonymous() ? Api.anonymous() : Api.as(caller.token().get());
        var headers = new HashMap<>(request.headers());
        if (headers.containsKey("If-Match") && !caller.anonymous()) {
            // the object's current version: earlier operations of this test changed it
            var current = Api.as(caller.token().get()).get(request.path()).getHeader("ETag");
            if (current != null) {
                headers.put("If-Match", current);
            }
        }
        spec.accept("*/*").headers(headers);
        if (request.body() != null) {
            spec.contentType(request.contentType()).body(request.body());
        }
        return spec.request(Method.valueOf(operation.method()), request.path());
    }

    private static Map<String, String> operationIds() {
        try {
            var document = new ObjectMapper()
                    .readTree(Api.anonymous()
                            .accept("application/json")
                            .get("/q/openapi?format=json")
                            .then()
                            .statusCode(200)
                            .extract()
                            .asString());
            var ids = new HashMap<String, String>();
            document.path("paths")
                    .properties()
                    .forEach(path -> path.getValue()
                            .properties()
                            .forEach(operation -> ids.put(
                                    operation.getKey().toUpperCase(java.util.Locale.ROOT) + " " + path.getKey(),
                                    operation.getValue().path("operationId").asText(null))));
            return ids;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private long lastId() throws SQLException {
        try (var connection = database.getConnection();
                var query = connection.prepareStatement("select coalesce(max(id), 0) from audit_entry");
                var rows = query.executeQuery()) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private List<Map<String, String>> entriesAfter(long id) throws SQLException {
        try (var connection = database.getConnection();
                var query = connection.prepareStatement(
                        "select action, actor, object_type, object_id from audit_entry where id > ? order by id")) {
            query.setLong(1, id);
            try (var rows = query.executeQuery()) {
                var entries = new ArrayList<Map<String, String>>();
                while (rows.next()) {
                    var entry = new HashMap<String, String>();
                    for (var column : List.of("action", "actor", "object_type", "object_id")) {
                        entry.put(column, rows.getString(column));
                    }
                    entries.add(entry);
                }
                return entries;
            }
        }
    }
}
