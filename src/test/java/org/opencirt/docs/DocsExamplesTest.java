package org.opencirt.docs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestMethodOrder;
import org.opencirt.feed.definition.FeedCatalog;
import org.opencirt.playbook.definition.PlaybookReader;
import org.opencirt.testing.Tokens;

/**
 * Runs the docs' examples against the service under test, so that they cannot drift from it
 * (docs/adr/0021): every {@code ```http} request, in document order, with the demo users' tokens,
 * asserting the status, the headers and the JSON field names of the answer shown after it; and
 * every {@code ```sh} block made only of {@code curl} (and {@code sed}, {@code jq}) in bash, with
 * the documented ports (8080, 18180) turned into the test's.
 */
@QuarkusTest
@TestProfile(DocsExamplesTest.OwnDatabase.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DocsExamplesTest {

    /**
     * A profile of its own, so that the examples start from an emptied database and indices (the
     * suite's profiles each start that way) and leave nothing behind for the other tests: the
     * examples add a constituency, feeds, a playbook and secrets to the demo CIRTs.
     */
    public static class OwnDatabase implements QuarkusTestProfile {}

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{([A-Za-z0-9_.-]+)}}");
    /** Logins and clients whose token {@code {{name}}} stands for. */
    private static final Set<String> USERS =
            Set.of("ab-analyst", "ab-lead", "ab-admin", "cd-analyst", "cd-lead", "cd-admin", "platform-admin");

    private static final Set<String> PARTNERS = Set.of("cert-ab-partner", "cert-cd-partner");
    /** Programs a shell block may hold to be run here: they only talk to the service and Keycloak. */
    private static final Set<String> RUNNABLE =
            Set.of("curl", "sed", "jq", "echo", "head", "basename", "gpg", "sha256sum", "sha512sum", "");

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private final Map<String, String> tokens = new HashMap<>();

    @TestFactory
    @Order(1)
    Stream<DynamicNode> everyHttpExampleGetsTheAnswerItShows() {
        var containers = new ArrayList<DynamicNode>();
        for (var doc : Markdown.current()) {
            var examples = HttpExample.of(doc);
            if (examples.isEmpty()) {
                continue;
            }
            var variables = new HashMap<String, String>();
            var tests = examples.stream()
                    .map(example -> DynamicTest.dynamicTest(
                            example.block().where() + " " + example.request().method() + " "
                                    + example.request().target(),
                            () -> run(example, variables)))
                    .toList();
            containers.add(DynamicContainer.dynamicContainer(doc.name(), tests));
        }
        assertThat(containers).as("documents with HTTP examples").hasSizeGreaterThanOrEqualTo(4);
        return containers.stream();
    }

    /** After the HTTP examples, which publish an advisory that the verification block fetches. */
    @Test
    @Order(2)
    void everyCurlBlockRunsAgainstTheService() throws Exception {
        int ran = 0;
        for (var doc : Markdown.current()) {
            for (var block : doc.blocks()) {
                if (!block.info().equals("sh") || !runnable(block)) {
                    continue;
                }
                ran++;
                runShell(block);
            }
        }
        assertThat(ran).as("runnable curl blocks in the docs").isPositive();
    }

    @Inject
    FeedCatalog feeds;

    /** The definitions shown read as they would through the API: a YAML block with a trigger is a playbook, with a format a feed. */
    @Test
    @Order(3)
    void everyPlaybookAndFeedDefinitionShownReads() {
        int checked = 0;
        for (var doc : Markdown.current()) {
            for (var block : doc.blocks()) {
                if (!block.info().equals("yaml")) {
                    continue;
                }
                if (block.text().lines().anyMatch(l -> l.startsWith("trigger:"))) {
                    checked++;
                    var read = PlaybookReader.read(block.where(), block.text(), null);
                    assertThat(read.problems())
                            .as(block.where() + ": the playbook reads")
                            .isEmpty();
                } else if (block.text().lines().anyMatch(l -> l.startsWith("format:"))) {
                    checked++;
                    try {
                        feeds.check(block.text());
                    } catch (FeedCatalog.InvalidDefinitions e) {
                        throw new AssertionError(block.where() + ": the feed definition reads: " + e.problems(), e);
                    }
                }
            }
        }
        assertThat(checked)
                .as("playbooks and feed definitions shown in the docs")
                .isGreaterThanOrEqualTo(2);
    }

    private static boolean runnable(Markdown.Block block) {
        var commands = ShellCommands.of(block.text());
        return commands.stream().anyMatch(c -> c.program().equals("curl"))
                && commands.stream().allMatch(c -> RUNNABLE.contains(c.program()))
                && !block.text().contains("<");
    }

    private void runShell(Markdown.Block block) throws IOException, InterruptedException {
        var config = ConfigProvider.getConfig();
        var script = block.text()
                .replace("localhost:8080", "localhost:" + RestAssured.port)
                .replace("localhost:18180", "localhost:" + config.getValue("opencirt.stack.kc-port", String.class));
        var dir = Files.createTempDirectory("docs-sh");
        var builder = new ProcessBuilder("bash", "-c", "set -euo pipefail\n" + script)
                .directory(dir.toFile())
                .redirectErrorStream(true);
        // gpg keeps what a block imports in a keyring of its own, never the user's
        var gnupg = Files.createDirectories(dir.resolve("gnupg"));
        Files.setPosixFilePermissions(gnupg, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
        builder.environment().put("GNUPGHOME", gnupg.toString());
        var process = builder.start();
        process.getOutputStream().close();
        var output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(120, TimeUnit.SECONDS))
                .as(block.where() + " finishes")
                .isTrue();
        assertThat(process.exitValue())
                .as("%s exits 0; it said:%n%s", block.where(), output)
                .isZero();
        for (var command : ShellCommands.of(block.text())) {
            if (command.program().equals("curl")) {
                assertThat(command.args())
                        .as(block.where() + ": curl fails on an error status (-f), so that this test sees it")
                        .anyMatch(a -> a.matches("-[a-zA-Z]*f[a-zA-Z]*") || a.equals("--fail"));
            }
        }
    }

    private void run(HttpExample example, Map<String, String> variables) throws IOException, InterruptedException {
        var request = example.request();
        var where = example.block().where();
        var target = resolve(request.target(), variables, where);
        var uri = URI.create(target.startsWith("http") ? target : "http://localhost:" + RestAssured.port + target);
        // Exactly the headers and body the doc shows, as curl would send them (no default Content-Type).
        var body = request.body().isEmpty()
                ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(resolve(request.body(), variables, where)
                        + (request.headers().getOrDefault("content-type", "").contains("json") ? "" : "\n"));
        var builder = HttpRequest.newBuilder(uri).method(request.method(), body).timeout(Duration.ofSeconds(60));
        for (var header : request.headers().entrySet()) {
            if (!header.getKey().equals("host")) {
                builder.header(header.getKey(), resolve(header.getValue(), variables, where));
            }
        }
        var answer = HTTP.send(builder.build(), HttpResponse.BodyHandlers.ofString());
        var expected = example.response();
        assertThat(answer.statusCode())
                .as(
                        "%s: %s %s answers %d as the doc shows; it said:%n%s",
                        where, request.method(), target, expected.status(), answer.body())
                .isEqualTo(expected.status());
        for (var header : expected.headers().entrySet()) {
            var actual = answer.headers().firstValue(header.getKey()).orElse(null);
            assertThat(actual)
                    .as(where + ": the answer carries " + header.getKey())
                    .isNotNull();
            if (header.getKey().equals("content-type")) {
                assertThat(mediaType(actual)).as(where + ": Content-Type").isEqualTo(mediaType(header.getValue()));
            }
        }
        var actualJson = json(answer.body());
        var shown = expected.body().strip();
        if (shown.startsWith("{") || shown.startsWith("[")) {
            var expectedJson = json(shown);
            assertThat(expectedJson)
                    .as(where + ": the answer shown is JSON (leave fields out rather than write ...)")
                    .isNotNull();
            {
                assertThat(actualJson)
                        .as(where + ": the answer is JSON, as the doc shows")
                        .isNotNull();
                var problems = new ArrayList<String>();
                compare(expectedJson, actualJson, "", variables, problems);
                assertThat(problems)
                        .as(where + ": fields the doc shows, in the answer:%n%s", answer.body())
                        .isEmpty();
            }
        }
        if (actualJson != null && actualJson.isObject()) {
            actualJson.properties().forEach(field -> {
                if (field.getValue().isValueNode()) {
                    variables.put(field.getKey(), field.getValue().asText());
                }
            });
        }
        answer.headers().firstValue("Location").ifPresent(value -> variables.put("location", value));
        answer.headers().firstValue("ETag").ifPresent(value -> variables.put("etag", value));
    }

    /**
     * Every field the doc's JSON shows must be in the answer (values differ: ids, times). A string
     * value {@code "{{name}}"} names that field's value for later requests.
     */
    private static void compare(
            JsonNode expected, JsonNode actual, String path, Map<String, String> variables, List<String> problems) {
        if (expected.isTextual()) {
            var m = PLACEHOLDER.matcher(expected.asText());
            if (m.matches() && actual.isValueNode()) {
                variables.put(m.group(1), actual.asText());
            }
        } else if (expected.isObject()) {
            if (!actual.isObject()) {
                problems.add(path + " is not an object");
                return;
            }
            expected.properties().forEach(field -> {
                var child = actual.get(field.getKey());
                if (child == null) {
                    problems.add(path + "/" + field.getKey() + " is missing");
                } else {
                    compare(field.getValue(), child, path + "/" + field.getKey(), variables, problems);
                }
            });
        } else if (expected.isArray()) {
            if (!actual.isArray()) {
                problems.add(path + " is not an array");
            } else if (!expected.isEmpty() && expected.get(0).isContainerNode()) {
                // Only the fields of the first item are checked: scalars in a list are data, not names.
                if (actual.isEmpty()) {
                    problems.add(path + " is empty");
                } else {
                    compare(expected.get(0), actual.get(0), path + "/0", variables, problems);
                }
            }
        }
    }

    private String resolve(String text, Map<String, String> variables, String where) {
        Matcher m = PLACEHOLDER.matcher(text);
        var out = new StringBuilder();
        while (m.find()) {
            var name = m.group(1);
            String value;
            if (name.equals("uuid")) {
                value = UUID.randomUUID().toString();
            } else if (USERS.contains(name)) {
                value = tokens.computeIfAbsent(name, Tokens::user);
            } else if (PARTNERS.contains(name)) {
                value = tokens.computeIfAbsent(
                        name, n -> Tokens.demoPartner(n.substring(0, n.length() - "-partner".length())));
            } else {
                value = variables.get(name);
                assertThat(value)
                        .as(where + ": {{" + name + "}} is a demo login, {{uuid}}, or a field of an earlier answer"
                                + " in this document; known: " + variables.keySet())
                        .isNotNull();
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static String mediaType(String contentType) {
        return contentType.split(";")[0].strip().toLowerCase(Locale.ROOT);
    }

    private static JsonNode json(String text) {
        try {
            var stripped = text.strip();
            return stripped.startsWith("{") || stripped.startsWith("[") ? JSON.readTree(stripped) : null;
        } catch (IOException e) {
            return null;
        }
    }
}
