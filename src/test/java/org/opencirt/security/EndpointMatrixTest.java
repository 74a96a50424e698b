package org.opencirt.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.Method;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestMethodOrder;
import org.opencirt.security.MatrixCallers.Caller;
import org.opencirt.security.MatrixFixtures.Targets;
import org.opencirt.security.OpenApiOperations.Operation;
import org.opencirt.testing.Api;
import org.opencirt.testing.KeycloakUsers;
import org.opencirt.testing.LocalFeedServer;

/**
 * The endpoint x role x tenant matrix (ADR 11): every operation of the OpenAPI document, called by
 * every kind of caller of CIRT A ({@code cert-cd}), of a third CIRT and of none, on the objects of
 * CIRT B ({@code cert-ab}). Each (operation, caller) is one case. A caller of A is refused (401, 403
 * or 404, as problem+json), answers never carry B's ids or marker, and B's object answers exactly
 * like a missing one. Afterwards B's objects read as before.
 */
@QuarkusTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EndpointMatrixTest {

    private static final Set<Integer> REFUSED = Set.of(401, 403, 404);

    private static LocalFeedServer feedServer;
    private static Targets b;
    private static Map<String, String> before;
    private static List<Caller> callers;
    private static final AtomicInteger CASES = new AtomicInteger();
    private static final AtomicInteger COMPARISONS = new AtomicInteger();
    /** The cases that answered 201, each of which followed its Location. */
    private static final Set<String> CREATED = java.util.concurrent.ConcurrentHashMap.newKeySet();

    private static long started;
    private static long fixturesMillis;

    @Inject
    KeycloakUsers users;

    @Inject
    javax.sql.DataSource database;

    @BeforeEach
    void objectsOfCirtBAndCallersOfCirtA() throws Exception {
        if (b != null) {
            return;
        }
        started = System.nanoTime();
        feedServer = new LocalFeedServer();
        revokeGrantsOfBLeftByOtherTests();
        b = MatrixFixtures.create(feedServer);
        before = MatrixFixtures.snapshot(b);
        callers = callers(users.create(List.of("reporter"), List.of("cert-cd")), thirdCirtPartner());
        fixturesMillis = (System.nanoTime() - started) / 1_000_000;
    }

    /**
     * B must share nothing with A but what the fixtures grant (to a remote partner only): a grant of B's that
     * another test of the same run left active (to the community, say) would open B's TAXII root to A's users,
     * and a sharing default left by another test would share B's new incidents.
     */
    private void revokeGrantsOfBLeftByOtherTests() throws java.sql.SQLException {
        try (var connection = database.getConnection();
                var update = connection.prepareStatement(
                        "update sharing_grant set revoked_at = now(), revoked_by = 'endpoint-matrix'"
                                + " where tenant = ? and revoked_at is null")) {
            update.setString(1, MatrixFixtures.OWNER);
            update.executeUpdate();
        }
        removeDefaultsOfB(database);
    }

    private static void removeDefaultsOfB(javax.sql.DataSource database) {
        try (var connection = database.getConnection();
                var delete = connection.prepareStatement("delete from sharing_default where tenant = ?")) {
            delete.setString(1, MatrixFixtures.OWNER);
            delete.executeUpdate();
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @AfterAll
    static void report() {
        if (feedServer != null) {
            feedServer.close();
        }
        // B's default would share the AMBER incidents of the tests that run after the matrix
        removeDefaultsOfB(io.quarkus.arc.Arc.container()
                .instance(javax.sql.DataSource.class)
                .get());
        System.out.printf(
                "endpoint matrix: %d cases, %d compared with a missing object, %d created and read back; fixtures %d ms, all %d ms%n",
                CASES.get(),
                COMPARISONS.get(),
                CREATED.size(),
                fixturesMillis,
                (System.nanoTime() - started) / 1_000_000);
    }

    private static List<Caller> callers(String reporter, Caller thirdPartner) {
        return List.of(
                new Caller("anonymous", null),
                new Caller("cd-analyst", MatrixCallers.token("cd-analyst")),
                new Caller("cd-lead", MatrixCallers.token("cd-lead")),
                new Caller("cd-admin", MatrixCallers.token("cd-admin")),
                new Caller("cd-reporter", MatrixCallers.token(reporter)),
                new Caller("cert-cd-partner", MatrixCallers.client("cert-cd-partner", "demo-cert-cd-partner-secret")),
                thirdPartner,
                new Caller("platform-admin", MatrixCallers.token("platform-admin")));
    }

    /** A CIRT onboarded for this test; its partner client is a caller of neither A nor B. */
    private static Caller thirdCirtPartner() {
        var id = "cert-m" + UUID.randomUUID().toString().substring(0, 6);
        var created = Api.asUser("platform-admin")
                .body("""
                {"id": "%1$s", "name": "Matrix %1$s", "countryCode": "WS", "contactEmail": "cert@%1$s.example.org",
                 "constituency": "A third CIRT"}
                """.formatted(id))
                .post("/api/v1/tenants")
                .then()
                .statusCode(201)
                .extract()
                .jsonPath();
        return new Caller(
                "third-cirt-partner",
                MatrixCallers.client(created.getString("partnerClientId"), created.getString("partnerClientSecret")));
    }

    @TestFactory
    @Order(1)
    Stream<DynamicNode> everyOperationRefusesEveryCallerOfAnotherCirt() {
        var operations = OpenApiOperations.read().stream()
                .sorted(Comparator.comparing(o -> MatrixRules.LAST.contains(o.key())))
                .toList();
        assertThat(operations).as("operations in the OpenAPI document").hasSizeGreaterThan(50);
        return operations.stream().map(operation -> {
            var unruled = operation.pathParameters().stream()
                    .filter(p -> MatrixRules.parameter(operation.path(), p).isEmpty())
                    .toList();
            if (!unruled.isEmpty()) {
                return DynamicTest.dynamicTest(
                        operation.key(),
                        () -> fail(
                                "%s: no fixture rule for path parameter(s) %s; add one line to MatrixRules.PARAMETERS (see ADR 11)",
                                operation.key(), unruled));
            }
            return DynamicContainer.dynamicContainer(
                    operation.key(),
                    callers.stream()
                            .map(caller -> DynamicTest.dynamicTest(
                                    operation.key() + " by " + caller, () -> check(operation, caller))));
        });
    }

    @Test
    @Order(2)
    void theObjectsOfCirtBAreUnchangedAfterTheMatrix() {
        assertThat(b).as("the matrix ran first").isNotNull();
        var after = MatrixFixtures.snapshot(b);
        var changed = before.keySet().stream()
                .filter(path -> MatrixRules.KNOWN_CHANGES.keySet().stream().noneMatch(path::startsWith))
                .filter(path -> !before.get(path).equals(after.get(path)))
                .map(path -> "%s%n  before: %s%n  after:  %s"
                        .formatted(path, abbreviate(before.get(path)), abbreviate(after.get(path))))
                .toList();
        assertThat(changed).as("B's objects that the matrix changed").isEmpty();
    }

    @Test
    @Order(3)
    void everyCallerThatMayNotReadWhatItCreatedStillCreatesIt() {
        assertThat(b).as("the matrix ran first").isNotNull();
        assertThat(CREATED).as("cases that answered 201").isNotEmpty();
        assertThat(MatrixRules.CREATED_UNREADABLE.keySet())
                .as("MatrixRules.CREATED_UNREADABLE entries no case needs any more")
                .isSubsetOf(CREATED);
    }

    private static void check(Operation operation, Caller caller) {
        CASES.incrementAndGet();
        var name = operation.key() + " by " + caller;
        var request = Request.of(operation, b);
        var response = request.send(caller);
        var problems = new ArrayList<String>();
        var status = response.statusCode();
        if (status >= 500) {
            problems.add("answered %d".formatted(status));
        }
        var leaked = new TreeSet<String>();
        var answer = response.asString() + " " + response.getHeaders();
        for (var secret : b.secrets()) {
            if (!request.text().contains(secret) && answer.contains(secret)) {
                leaked.add(secret);
            }
        }
        if (!leaked.isEmpty()) {
            problems.add("the answer carries B's data %s".formatted(leaked));
        }
        if (status == 201) {
            problems.addAll(createdProblems(name, response, caller));
        }
        var publicOperation = MatrixRules.PUBLIC.containsKey(operation.key());
        if (!publicOperation) {
            if (caller.anonymous() && status != 401) {
                problems.add(
                        "answered %d to an anonymous caller, not 401 (not in MatrixRules.PUBLIC)".formatted(status));
            } else if (request.aimsAtB() && !REFUSED.contains(status) && !MatrixRules.LEGITIMATE.containsKey(name)) {
                problems.add("answered %d on B's object, not 401, 403 or 404".formatted(status));
            }
        }
        // TAXII 2.1 prescribes its own error message and media type under /taxii2/ (docs/exchange.md)
        var errorType = operation.path().startsWith("/taxii2")
                ? "application/taxii+json;version=2.1"
                : "application/problem+json";
        if (REFUSED.contains(status) && !String.valueOf(response.contentType()).startsWith(errorType)) {
            problems.add("refused with %s, not %s".formatted(response.contentType(), errorType));
        }
        var other = Request.of(operation, b.missing());
        if (!other.text().equals(request.text()) && !MatrixRules.LEGITIMATE.containsKey(name)) {
            COMPARISONS.incrementAndGet();
            var absent = other.send(caller);
            if (absent.statusCode() != status || !shape(absent).equals(shape(response))) {
                problems.add("B's object answers %d %s but a missing one %d %s"
                        .formatted(status, shape(response), absent.statusCode(), shape(absent)));
            }
        }
        var known = MatrixRules.KNOWN.get(name);
        if (known != null) {
            if (problems.isEmpty()) {
                fail("%s passes now: remove it from MatrixRules.KNOWN", name);
            }
            Assumptions.abort("known: %s (%s)".formatted(known, problems));
        }
        if (!problems.isEmpty()) {
            fail(
                    "%s: %s%n%s %s%nanswer %d: %s",
                    name,
                    String.join("; ", problems),
                    operation.method(),
                    request.url(),
                    status,
                    abbreviate(response.asString()));
        }
    }

    /**
     * A 201 names what it created in {@code Location}, and the same caller reads it there (200), or, where
     * {@link MatrixRules#CREATED_UNREADABLE} says why it may not, is refused (403) by a resource that exists.
     */
    private static List<String> createdProblems(String name, Response response, Caller caller) {
        CREATED.add(name);
        var location = response.getHeader("Location");
        if (location == null || location.isBlank()) {
            return List.of("answered 201 without a Location");
        }
        var expected = MatrixRules.CREATED_UNREADABLE.containsKey(name) ? 403 : 200;
        var read = (caller.anonymous() ? Api.anonymous() : Api.as(caller.token().get()))
                .accept("*/*")
                .get(URI.create(location));
        if (read.statusCode() != expected) {
            return List.of("its Location %s answers %d to the same caller, not %d"
                    .formatted(location, read.statusCode(), expected));
        }
        return List.of();
    }

    /** What a client can tell an answer by, beyond its status: problem type and title, and the fields present. */
    private static String shape(Response response) {
        var type = String.valueOf(response.contentType());
        if (!type.startsWith("application/problem+json")
                && !type.startsWith("application/json")
                && !type.startsWith("application/taxii+json")) {
            return type;
        }
        try {
            var node = new com.fasterxml.jackson.databind.ObjectMapper().readTree(response.asString());
            if (node == null || !node.isObject()) {
                return type + " " + (node == null ? "empty" : node.getNodeType());
            }
            var fields = new TreeSet<String>();
            node.fieldNames().forEachRemaining(fields::add);
            return "%s %s %s %s"
                    .formatted(
                            type, node.path("type").asText(), node.path("title").asText(), fields);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return type + " unreadable";
        }
    }

    private static String abbreviate(String text) {
        return text.length() > 600 ? text.substring(0, 600) + "..." : text;
    }

    /** One request of the matrix, rendered from the rules for one set of targets. */
    private record Request(
            Operation operation,
            String url,
            String contentType,
            byte[] body,
            Map<String, String> headers,
            boolean aimsAtB) {

        static Request of(Operation operation, Targets targets) {
            var path = operation.path();
            var aimsAtB = false;
            for (var name : operation.pathParameters()) {
                var rule = MatrixRules.parameter(operation.path(), name).orElseThrow();
                path = path.replace(
                        "{" + name + "}", URLEncoder.encode(rule.value().apply(targets), StandardCharsets.UTF_8));
                aimsAtB |= rule.ofB();
            }
            var rule = MatrixRules.REQUESTS.get(operation.key());
            String contentType = null;
            byte[] body = null;
            Map<String, String> headers = Map.of();
            if (rule != null) {
                if (rule.query() != null) {
                    path += "?" + rule.query().apply(targets);
                }
                contentType = rule.contentType();
                body = rule.body() == null ? null : rule.body().apply(targets);
                headers = rule.headers();
            }
            if (body == null && !operation.bodyTypes().isEmpty()) {
                if (!operation.bodyTypes().contains("application/json")) {
                    throw new AssertionError("%s takes %s: give it a body in MatrixRules.REQUESTS"
                            .formatted(operation.key(), operation.bodyTypes()));
                }
                contentType = "application/json";
                body = "{}".getBytes(StandardCharsets.UTF_8);
            }
            return new Request(operation, path, contentType, body, headers, aimsAtB);
        }

        /** Everything the caller sent: what an answer may echo without revealing anything. */
        String text() {
            return url + " " + headers + " " + (body == null ? "" : new String(body, StandardCharsets.UTF_8));
        }

        Response send(Caller caller) {
            var spec =
                    caller.anonymous() ? Api.anonymous() : Api.as(caller.token().get());
            spec.accept("*/*").headers(headers);
            if (body != null) {
                spec.contentType(contentType).body(body);
            }
            return spec.request(Method.valueOf(operation.method()), url);
        }
    }
}
