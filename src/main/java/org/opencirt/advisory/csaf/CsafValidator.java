package org.opencirt.advisory.csaf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonNodePath;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.regex.RegularExpression;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.regex.Pattern;
import org.opencirt.common.problem.Problem.Violation;

/**
 * Checks a CSAF 2.0 document: the official JSON schema (with the FIRST CVSS schemas it references,
 * format assertions on), then every mandatory test of section 6.1, 6.1.1 to 6.1.33 with the eleven
 * profile tests of 6.1.27, each as the specification words it. Every finding names its test and a JSON
 * pointer into the document; nothing a document holds makes it throw. The mandatory tests run on a
 * document of the schema's shape only (a schema error inside a CVSS object is test 6.1.8). The optional
 * (6.2) and informative (6.3) tests come as warnings and information. Thread-safe.
 */
public final class CsafValidator {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    /** The document categories of the profiles other than CSAF Base (6.1.26 skips them). */
    private static final Set<String> PROFILES = Set.of(
            "csaf_base",
            "csaf_security_incident_response",
            "csaf_informational_advisory",
            "csaf_security_advisory",
            "csaf_vex");

    /** The names (without csaf_) and values of the profiles other than CSAF Base, normalized (6.1.26). */
    private static final Set<String> PROHIBITED_CATEGORIES = Set.of(
            "securityincidentresponse",
            "informationaladvisory",
            "securityadvisory",
            "vex",
            "csafsecurityincidentresponse",
            "csafinformationaladvisory",
            "csafsecurityadvisory",
            "csafvex");

    private static final Set<String> NOTE_CATEGORIES = Set.of("description", "details", "general", "summary");
    private static final List<String> VEX_STATUS =
            List.of("fixed", "known_affected", "known_not_affected", "under_investigation");
    /** The VEX justification codes of section 3.2.3.5 (flag labels). */
    private static final Set<String> VEX_JUSTIFICATIONS = Set.of(
            "component_not_present",
            "inline_mitigations_already_exist",
            "vulnerable_code_cannot_be_controlled_by_adversary",
            "vulnerable_code_not_in_execute_path",
            "vulnerable_code_not_present");

    private static final String CSAF_SCHEMA = "https://docs.oasis-open.org/csaf/csaf/v2.0/csaf_json_schema.json";

    /** Where a CVSS object is: a schema error there is mandatory test 6.1.8. */
    private static final Pattern CVSS = Pattern.compile("^/vulnerabilities/\\d+/scores/\\d+/cvss_v[23]\\b");

    static final List<String> STATUS_AFFECTED = List.of("first_affected", "known_affected", "last_affected");
    private static final List<String> STATUS_NOT_AFFECTED = List.of("known_not_affected");
    static final List<String> STATUS_FIXED = List.of("first_fixed", "fixed");
    private static final List<String> STATUS_INVESTIGATION = List.of("under_investigation");
    private static final List<String> STATUS_ALL = List.of(
            "first_affected",
            "first_fixed",
            "fixed",
            "known_affected",
            "known_not_affected",
            "last_affected",
            "recommended",
            "under_investigation");

    private final JsonSchema schema;
    private final JsonSchema strict;
    private final Map<String, String> cwes;

    public CsafValidator() {
        var factory = JsonSchemaFactory.getInstance(
                SpecVersion.VersionFlag.V202012,
                b -> b.schemaMappers(m -> m.mapPrefix("https://www.first.org/cvss/", "classpath:advisory/csaf/")
                        .mapPrefix("https://docs.oasis-open.org/csaf/csaf/v2.0/", "classpath:advisory/csaf/")));
        // the schema's patterns run on the submitted document: RE2J, linear in the input and without the
        // JDK engine's recursion per repetition, which overflows the stack on a crafted 100 KB value
        var config = SchemaValidatorsConfig.builder()
                .formatAssertionsEnabled(true)
                .regularExpressionFactory(CsafValidator::linearPattern)
                .build();
        this.schema = factory.getSchema(SchemaLocation.of("classpath:advisory/csaf/csaf_json_schema.json"), config);
        this.schema.initializeValidators();
        // 6.2.20: the same schemas, the CVSS ones included, with additionalProperties false on every object
        var closed = new HashMap<String, String>();
        closed.put(CSAF_SCHEMA, closed("csaf_json_schema.json"));
        for (var cvss : List.of("cvss-v2.0.json", "cvss-v3.0.json", "cvss-v3.1.json")) {
            closed.put("https://www.first.org/cvss/" + cvss, closed(cvss));
        }
        this.strict = JsonSchemaFactory.getInstance(
                        SpecVersion.VersionFlag.V202012, b -> b.schemaLoaders(l -> l.schemas(closed)))
                .getSchema(SchemaLocation.of(CSAF_SCHEMA), config);
        this.strict.initializeValidators();
        try (var in = CsafValidator.class.getResourceAsStream("/advisory/csaf/cwe.json")) {
            var map = new HashMap<String, String>();
            for (var weakness : MAPPER.readTree(in)) {
                map.put(weakness.get("id").asText(), weakness.get("name").asText());
            }
            this.cwes = Map.copyOf(map);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A shipped schema, with every object it describes closed to other properties. */
    private static String closed(String file) {
        try (var in = CsafValidator.class.getResourceAsStream("/advisory/csaf/" + file)) {
            var node = MAPPER.readTree(in);
            closeObjects(node);
            return MAPPER.writeValueAsString(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sets {@code additionalProperties: false} on every schema object that lists properties and says nothing of others. */
    private static void closeObjects(JsonNode node) {
        if (node instanceof com.fasterxml.jackson.databind.node.ObjectNode object) {
            if (object.has("properties") && !object.has("additionalProperties")) {
                object.put("additionalProperties", false);
            }
            object.forEach(CsafValidator::closeObjects);
        } else if (node.isArray()) {
            node.forEach(CsafValidator::closeObjects);
        }
    }

    /** A JSON Schema {@code pattern}: matches when found anywhere in the value (ECMA 262 semantics). */
    private static RegularExpression linearPattern(String regex) {
        var pattern = com.google.re2j.Pattern.compile(regex);
        return value -> pattern.matcher(value).find();
    }

    /** The CWE catalogue entry's name for an id such as {@code CWE-79}, or null. */
    public String cweName(String id) {
        return cwes.get(id);
    }

    /**
     * One finding: the test that made it (a section of CSAF 2.0 such as {@code 6.1.27.9}, or {@code schema}
     * for the JSON schema), the JSON pointer it names, and what is wrong, in words.
     */
    public record Finding(String test, String pointer, String message) {}

    /**
     * What a document's validation found, by group: errors (the JSON schema and the mandatory tests of
     * section 6.1, which a valid document passes), warnings (the optional tests of 6.2) and information (the
     * informative tests of 6.3). A document is valid when it has no error.
     */
    public record Result(List<Finding> errors, List<Finding> warnings, List<Finding> infos) {

        @com.fasterxml.jackson.annotation.JsonProperty("valid")
        public boolean valid() {
            return errors.isEmpty();
        }
    }

    /** Every test over the document; the mandatory tests run on a document of the schema's shape only. */
    public Result check(JsonNode document) {
        var errors = errors(document);
        if (!errors.isEmpty()) {
            return new Result(errors, List.of(), List.of());
        }
        var warnings = new ArrayList<>(OptionalTests.run(document));
        strict.validate(document).stream()
                .filter(m -> "additionalProperties".equals(m.getType()))
                .map(m -> new Finding(
                        "6.2.20",
                        pointer(m.getInstanceLocation()).isEmpty() ? "/" : pointer(m.getInstanceLocation()),
                        "'%s' is not a property of CSAF 2.0".formatted(m.getProperty())))
                .distinct()
                .forEach(warnings::add);
        return new Result(List.of(), List.copyOf(warnings), InformativeTests.run(document));
    }

    /** The schema's findings, or, on a document of the schema's shape, the mandatory tests'. */
    private List<Finding> errors(JsonNode document) {
        var schemaErrors = schema.validate(document).stream()
                .map(m -> {
                    var pointer = pointer(m.getInstanceLocation());
                    if ("required".equals(m.getType()) && m.getProperty() != null) {
                        pointer = pointer + "/" + escape(m.getProperty());
                    }
                    pointer = pointer.isEmpty() ? "/" : pointer;
                    return new Finding(CVSS.matcher(pointer).find() ? "6.1.8" : "schema", pointer, m.getError());
                })
                .distinct()
                .sorted(Comparator.comparing(Finding::pointer))
                .toList();
        if (!schemaErrors.isEmpty()) {
            return schemaErrors;
        }
        var errors = new ArrayList<Finding>();
        new Run(document, errors).all();
        return List.copyOf(errors);
    }

    /** The errors, each as a violation whose message names its test; empty when the document is valid. */
    public List<Violation> validate(JsonNode document) {
        return errors(document).stream()
                .map(f -> new Violation(
                        f.pointer(),
                        f.test().equals("schema")
                                ? f.message()
                                : f.message() + " (CSAF 2.0 mandatory test " + f.test() + ")"))
                .toList();
    }

    private final class Run {
        private final JsonNode doc;
        private final List<Finding> out;
        private final Map<String, List<String>> groupMembers;
        private final Map<String, String> productDefinitions = new LinkedHashMap<>();
        private final Map<String, String> groupDefinitions = new LinkedHashMap<>();

        Run(JsonNode doc, List<Finding> out) {
            this.doc = doc;
            this.out = out;
            this.groupMembers = groupMembers(doc);
        }

        void fail(String pointer, String test, String message) {
            out.add(new Finding(test, pointer, message));
        }

        void all() {
            definitions();
            references();
            cycles();
            productStatus();
            scores();
            cwes();
            languages();
            tracking();
            cves();
            involvements();
            profile();
            remediationsAndFlags();
            justifications();
        }

        // 6.1.2, 6.1.5, 6.1.25, 6.1.31 while collecting definitions
        void definitions() {
            var tree = doc.path("product_tree");
            branches(tree.path("branches"), "/product_tree/branches");
            each(tree.path("full_product_names"), "/product_tree/full_product_names", this::defineProduct);
            each(
                    tree.path("relationships"),
                    "/product_tree/relationships",
                    (node, at) -> defineProduct(node.path("full_product_name"), at + "/full_product_name"));
            each(tree.path("product_groups"), "/product_tree/product_groups", (group, at) -> {
                var id = group.path("group_id").asText();
                if (groupDefinitions.putIfAbsent(id, at) != null) {
                    fail(at + "/group_id", "6.1.5", "group id '%s' is defined more than once".formatted(id));
                }
            });
        }

        void branches(JsonNode branches, String at) {
            each(branches, at, (branch, here) -> {
                if ("product_version".equals(branch.path("category").asText())
                        && VersionRange.looksLikeRange(branch.path("name").asText())) {
                    fail(
                            here + "/name",
                            "6.1.31",
                            "a product_version must not be a range; use category product_version_range");
                }
                if (branch.has("product")) {
                    defineProduct(branch.get("product"), here + "/product");
                }
                branches(branch.path("branches"), here + "/branches");
            });
        }

        void defineProduct(JsonNode product, String at) {
            if (!product.has("product_id")) {
                return;
            }
            var id = product.get("product_id").asText();
            if (productDefinitions.putIfAbsent(id, at) != null) {
                fail(
                        at + "/product_id",
                        "6.1.2",
                        "product id '%s' is defined more than once (first at %s)"
                                .formatted(id, productDefinitions.get(id)));
            }
            var purl = product.path("product_identification_helper").path("purl");
            if (purl.isTextual() && !Purls.valid(purl.asText())) {
                fail(at + "/product_identification_helper/purl", "6.1.13", "not a valid package URL");
            }
            var seen = new HashSet<String>();
            each(
                    product.path("product_identification_helper").path("hashes"),
                    at + "/product_identification_helper/hashes",
                    (hash, h) -> {
                        seen.clear();
                        each(hash.path("file_hashes"), h + "/file_hashes", (fileHash, f) -> {
                            if (!seen.add(fileHash.path("algorithm").asText())) {
                                fail(f + "/algorithm", "6.1.25", "hash algorithm used twice for one file");
                            }
                        });
                    });
        }

        // 6.1.1, 6.1.3, 6.1.4
        void references() {
            var tree = doc.path("product_tree");
            each(
                    tree.path("product_groups"),
                    "/product_tree/product_groups",
                    (group, at) -> ids(group.path("product_ids"), at + "/product_ids", this::productReference));
            each(tree.path("relationships"), "/product_tree/relationships", (rel, at) -> {
                productReference(rel.path("product_reference").asText(), at + "/product_reference");
                productReference(
                        rel.path("relates_to_product_reference").asText(), at + "/relates_to_product_reference");
            });
            each(doc.path("vulnerabilities"), "/vulnerabilities", (vulnerability, at) -> {
                for (var status : STATUS_ALL) {
                    ids(
                            vulnerability.path("product_status").path(status),
                            at + "/product_status/" + status,
                            this::productReference);
                }
                for (var list : List.of("remediations", "threats", "flags")) {
                    each(vulnerability.path(list), at + "/" + list, (item, here) -> {
                        ids(item.path("product_ids"), here + "/product_ids", this::productReference);
                        ids(item.path("group_ids"), here + "/group_ids", this::groupReference);
                    });
                }
                each(
                        vulnerability.path("scores"),
                        at + "/scores",
                        (score, here) -> ids(score.path("products"), here + "/products", this::productReference));
            });
        }

        // 6.1.3: a product a relationship defines must not end up referring to itself
        void cycles() {
            var refers = new HashMap<String, List<String>>();
            var relationships = doc.path("product_tree").path("relationships");
            relationships.forEach(rel -> refers.computeIfAbsent(
                            rel.path("full_product_name").path("product_id").asText(), k -> new ArrayList<>())
                    .addAll(List.of(
                            rel.path("product_reference").asText(),
                            rel.path("relates_to_product_reference").asText())));
            each(relationships, "/product_tree/relationships", (rel, at) -> {
                var own = rel.path("full_product_name").path("product_id").asText();
                var path = cycle(own, refers);
                if (path != null) {
                    fail(
                            at + "/full_product_name/product_id",
                            "6.1.3",
                            "'%s' is defined through itself: %s".formatted(own, String.join(" -> ", path)));
                }
            });
        }

        /** A path of references from the product back to itself, or null (depth-first, each product once). */
        List<String> cycle(String start, Map<String, List<String>> refers) {
            var visited = new HashSet<String>();
            var stack = new java.util.ArrayDeque<List<String>>();
            stack.push(List.of(start));
            while (!stack.isEmpty()) {
                var path = stack.pop();
                for (var next : refers.getOrDefault(path.getLast(), List.of())) {
                    var longer = new ArrayList<>(path);
                    longer.add(next);
                    if (next.equals(start)) {
                        return longer;
                    }
                    if (visited.add(next)) {
                        stack.push(longer);
                    }
                }
            }
            return null;
        }

        void productReference(String id, String at) {
            if (!productDefinitions.containsKey(id)) {
                fail(at, "6.1.1", "product id '%s' is not defined in the product_tree".formatted(id));
            }
        }

        void groupReference(String id, String at) {
            if (!groupDefinitions.containsKey(id)) {
                fail(at, "6.1.4", "group id '%s' is not defined in the product_tree".formatted(id));
            }
        }

        // 6.1.6
        void productStatus() {
            each(doc.path("vulnerabilities"), "/vulnerabilities", (vulnerability, at) -> {
                var groupOf = new HashMap<String, String>();
                for (var group : List.of(STATUS_AFFECTED, STATUS_NOT_AFFECTED, STATUS_FIXED, STATUS_INVESTIGATION)) {
                    var name = group.getFirst();
                    for (var status : group) {
                        ids(
                                vulnerability.path("product_status").path(status),
                                at + "/product_status/" + status,
                                (id, here) -> {
                                    var previous = groupOf.putIfAbsent(id, name);
                                    if (previous != null && !previous.equals(name)) {
                                        fail(
                                                here,
                                                "6.1.6",
                                                "product '%s' has contradicting status (%s and %s)"
                                                        .formatted(id, previous, status));
                                    }
                                });
                    }
                }
            });
        }

        // 6.1.7, 6.1.9, 6.1.10
        void scores() {
            each(doc.path("vulnerabilities"), "/vulnerabilities", (vulnerability, at) -> {
                var seen = new HashSet<String>();
                each(vulnerability.path("scores"), at + "/scores", (score, here) -> {
                    var versions = new ArrayList<String>();
                    if (score.has("cvss_v2")) {
                        versions.add("2.0");
                        cvss2(score.get("cvss_v2"), here + "/cvss_v2");
                    }
                    if (score.has("cvss_v3")) {
                        versions.add(score.get("cvss_v3").path("version").asText());
                        cvss3(score.get("cvss_v3"), here + "/cvss_v3");
                    }
                    ids(score.path("products"), here + "/products", (id, p) -> {
                        for (var version : versions) {
                            if (!seen.add(id + "|" + version)) {
                                fail(p, "6.1.7", "product '%s' has more than one CVSS %s score".formatted(id, version));
                            }
                        }
                    });
                });
            });
        }

        void cvss2(JsonNode cvss, String at) {
            var vector = Cvss2.parse(cvss.path("vectorString").asText());
            if (vector.isEmpty()) {
                fail(at + "/vectorString", "6.1.8", "not a valid CVSS 2 vector");
                return;
            }
            consistent(cvss, at, vector.get().properties());
            var scores = Cvss2.score(vector.get());
            for (var score : List.of(
                    Map.entry("baseScore", scores.base()),
                    Map.entry("temporalScore", scores.temporal()),
                    Map.entry("environmentalScore", scores.environmental()))) {
                var given = cvss.get(score.getKey());
                if (given != null && given.isNumber() && !Cvss3.same(score.getValue(), given.decimalValue())) {
                    fail(
                            at + "/" + score.getKey(),
                            "6.1.9",
                            "is %s but the vector gives %s".formatted(given.asText(), score.getValue()));
                }
            }
        }

        /** 6.1.10: each property the CVSS object states says what its vector says. */
        void consistent(JsonNode cvss, String at, Map<String, String> vectorSays) {
            vectorSays.forEach((property, value) -> {
                if (cvss.has(property) && !cvss.get(property).asText().equals(value)) {
                    fail(
                            at + "/" + property,
                            "6.1.10",
                            "is %s but the vector says %s"
                                    .formatted(cvss.get(property).asText(), value));
                }
            });
        }

        void cvss3(JsonNode cvss, String at) {
            var vector = Cvss3.parse(cvss.path("vectorString").asText());
            if (vector.isEmpty()) {
                fail(at + "/vectorString", "6.1.8", "not a valid CVSS 3 vector");
                return;
            }
            if (!vector.get().version().equals(cvss.path("version").asText())) {
                fail(at + "/version", "6.1.10", "the version does not match the vector's");
            }
            consistent(cvss, at, vector.get().properties());
            var scores = Cvss3.score(vector.get());
            checkScore(cvss, at, "baseScore", "baseSeverity", scores.base(), scores.baseSeverity());
            checkScore(cvss, at, "temporalScore", "temporalSeverity", scores.temporal(), scores.temporalSeverity());
            checkScore(
                    cvss,
                    at,
                    "environmentalScore",
                    "environmentalSeverity",
                    scores.environmental(),
                    scores.environmentalSeverity());
        }

        void checkScore(
                JsonNode cvss, String at, String scoreField, String severityField, double expected, String severity) {
            if (cvss.has(scoreField)
                    && !Cvss3.same(expected, cvss.get(scoreField).decimalValue())) {
                fail(
                        at + "/" + scoreField,
                        "6.1.9",
                        "is %s but the vector gives %s"
                                .formatted(cvss.get(scoreField).asText(), expected));
            }
            if (cvss.has(severityField) && !cvss.get(severityField).asText().equals(severity)) {
                fail(
                        at + "/" + severityField,
                        "6.1.9",
                        "is %s but the score gives %s"
                                .formatted(cvss.get(severityField).asText(), severity));
            }
        }

        // 6.1.11
        void cwes() {
            each(doc.path("vulnerabilities"), "/vulnerabilities", (vulnerability, at) -> {
                if (vulnerability.has("cwe")) {
                    var id = vulnerability.get("cwe").path("id").asText();
                    var name = cwes.get(id);
                    if (name == null) {
                        fail(at + "/cwe/id", "6.1.11", "'%s' is not in the CWE catalogue".formatted(id));
                    } else if (!name.equals(
                            vulnerability.get("cwe").path("name").asText())) {
                        fail(at + "/cwe/name", "6.1.11", "the name of %s is '%s'".formatted(id, name));
                    }
                }
            });
        }

        // 6.1.14, 6.1.16 to 6.1.22, 6.1.30: the tracking's version and revision history
        void tracking() {
            var tracking = doc.path("document").path("tracking");
            var status = tracking.path("status").asText();
            var draft = status.equals("draft");
            var released = status.equals("final") || status.equals("interim");
            var version = DocumentVersion.parse(tracking.path("version").asText());
            var history = tracking.path("revision_history");
            var entries = new ArrayList<Revision>();
            var numbers = new HashMap<String, String>();
            Boolean integer = version.map(DocumentVersion::integer).orElse(null);
            boolean mixed = false;
            for (int i = 0; history.isArray() && i < history.size(); i++) {
                var at = "/document/tracking/revision_history/" + i;
                var text = history.get(i).path("number").asText();
                var parsed = DocumentVersion.parse(text);
                if (parsed.isEmpty()) {
                    fail(at + "/number", "6.1.30", "'%s' is neither an integer nor a semantic version".formatted(text));
                    mixed = true;
                    continue;
                }
                var number = parsed.get();
                if (integer == null) {
                    integer = number.integer();
                } else if (number.integer() != integer) {
                    fail(at + "/number", "6.1.30", "integer and semantic versioning are mixed");
                    mixed = true;
                }
                var first = numbers.putIfAbsent(number.withoutBuild(false), at);
                if (first != null) {
                    fail(
                            at + "/number",
                            "6.1.22",
                            "version %s is already in the revision history at %s".formatted(text, first));
                }
                if (released && number.isZero()) {
                    fail(
                            at + "/number",
                            "6.1.18",
                            "a %s document must not list a version 0 or 0.y.z".formatted(status));
                }
                if (number.hasPreRelease()) {
                    fail(at + "/number", "6.1.19", "a revision must not be a pre-release (%s)".formatted(text));
                }
                entries.add(new Revision(
                        at, number, instant(history.get(i).path("date").asText())));
            }
            if (version.isEmpty()) {
                fail("/document/tracking/version", "6.1.30", "must be an integer or semantic version");
                return;
            }
            if ((version.get().isZero() || version.get().hasPreRelease()) && !draft) {
                fail(
                        "/document/tracking/status",
                        "6.1.17",
                        "version %s requires status draft"
                                .formatted(version.get().text()));
            }
            if (released && version.get().hasPreRelease()) {
                fail(
                        "/document/tracking/version",
                        "6.1.20",
                        "a %s document's version must not be a pre-release".formatted(status));
            }
            if (entries.isEmpty()) {
                return;
            }
            entries.sort(Comparator.comparing(Revision::date, Comparator.nullsLast(Comparator.naturalOrder())));
            var newest = entries.getLast().number();
            if (!newest.withoutBuild(draft).equals(version.get().withoutBuild(draft))) {
                fail(
                        "/document/tracking/version",
                        "6.1.16",
                        "must equal the newest revision's number (%s)".formatted(newest.text()));
            }
            if (mixed) {
                return; // the order of versions of two kinds means nothing (6.1.30 says so)
            }
            for (int i = 1; i < entries.size(); i++) {
                if (entries.get(i).number().compareTo(entries.get(i - 1).number()) < 0) {
                    fail(
                            "/document/tracking/revision_history",
                            "6.1.14",
                            "sorted by date, version %s comes after %s"
                                    .formatted(
                                            entries.get(i).number().text(),
                                            entries.get(i - 1).number().text()));
                    break;
                }
            }
            if (entries.getFirst().number().major().compareTo(BigInteger.ONE) > 0) {
                fail("/document/tracking/revision_history", "6.1.21", "the history must start at 0 or 1");
            }
            for (int i = 1; i < entries.size(); i++) {
                var previous = entries.get(i - 1).number().major();
                if (entries.get(i).number().major().subtract(previous).compareTo(BigInteger.ONE) > 0) {
                    fail(
                            "/document/tracking/revision_history",
                            "6.1.21",
                            "version %s is missing".formatted(previous.add(BigInteger.ONE)));
                }
            }
        }

        // 6.1.23
        void cves() {
            var seen = new HashMap<String, String>();
            each(doc.path("vulnerabilities"), "/vulnerabilities", (vulnerability, at) -> {
                if (vulnerability.has("cve")) {
                    var cve = vulnerability.get("cve").asText();
                    var first = seen.putIfAbsent(cve, at);
                    if (first != null) {
                        fail(at + "/cve", "6.1.23", "%s is already described at %s".formatted(cve, first));
                    }
                }
            });
        }

        // 6.1.26, 6.1.27.1 to 6.1.27.11: what each profile (document category) requires
        void profile() {
            var category = doc.path("document").path("category").asText();
            var advisory = category.equals("csaf_security_advisory");
            var vex = category.equals("csaf_vex");
            var informational = category.equals("csaf_informational_advisory");
            if (!PROFILES.contains(category)) {
                prohibitedCategory(category);
            }
            if (informational || category.equals("csaf_security_incident_response")) {
                var notes = doc.path("document").path("notes");
                if (!anyMatch(
                        notes, n -> NOTE_CATEGORIES.contains(n.path("category").asText()))) {
                    fail(
                            "/document/notes",
                            "6.1.27.1",
                            "needs a note of category description, details, general or summary");
                }
                if (!anyMatch(
                        doc.path("document").path("references"),
                        r -> "external".equals(r.path("category").asText("external")))) {
                    fail("/document/references", "6.1.27.2", "needs a reference of category external");
                }
            }
            if (informational && doc.has("vulnerabilities")) {
                fail("/vulnerabilities", "6.1.27.3", "an informational advisory must not describe vulnerabilities");
            }
            if (!advisory && !vex) {
                return;
            }
            if (!doc.has("product_tree")) {
                fail("/product_tree", "6.1.27.4", "a %s document needs a product_tree".formatted(category));
            }
            if (!doc.has("vulnerabilities")) {
                fail("/vulnerabilities", "6.1.27.11", "a %s document needs vulnerabilities".formatted(category));
            }
            each(doc.path("vulnerabilities"), "/vulnerabilities", (vulnerability, at) -> {
                if (!vulnerability.has("notes")) {
                    fail(at + "/notes", "6.1.27.5", "each vulnerability needs notes");
                }
                var status = vulnerability.path("product_status");
                if (advisory && !vulnerability.has("product_status")) {
                    fail(at + "/product_status", "6.1.27.6", "each vulnerability needs a product_status");
                }
                if (!vex) {
                    return;
                }
                if (VEX_STATUS.stream().noneMatch(status::has)) {
                    fail(
                            at + "/product_status",
                            "6.1.27.7",
                            "needs fixed, known_affected, known_not_affected or under_investigation");
                }
                if (!vulnerability.has("cve") && !vulnerability.has("ids")) {
                    fail(at, "6.1.27.8", "needs a cve or ids");
                }
                var impact = new HashSet<String>();
                vulnerability.path("flags").forEach(flag -> impact.addAll(products(flag)));
                vulnerability.path("threats").forEach(threat -> {
                    if ("impact".equals(threat.path("category").asText())) {
                        impact.addAll(products(threat));
                    }
                });
                ids(status.path("known_not_affected"), at + "/product_status/known_not_affected", (id, here) -> {
                    if (!impact.contains(id)) {
                        fail(
                                here,
                                "6.1.27.9",
                                "product '%s' has no impact statement (flags, or threats of category impact)"
                                        .formatted(id));
                    }
                });
                var action = new HashSet<String>();
                vulnerability.path("remediations").forEach(remediation -> action.addAll(products(remediation)));
                ids(status.path("known_affected"), at + "/product_status/known_affected", (id, here) -> {
                    if (!action.contains(id)) {
                        fail(here, "6.1.27.10", "product '%s' has no action statement (remediations)".formatted(id));
                    }
                });
            });
        }

        /** 6.1.26: a base-profile category must not be another profile's name or value, nor start with csaf_. */
        void prohibitedCategory(String category) {
            var normalized = normalize(category);
            if (PROHIBITED_CATEGORIES.contains(normalized)
                    || category.toLowerCase(Locale.ROOT).startsWith("csaf_")) {
                fail(
                        "/document/category",
                        "6.1.26",
                        "'%s' is reserved: the name or value of a CSAF profile, or the prefix csaf_"
                                .formatted(category));
            }
        }

        // 6.1.12, 6.1.15, 6.1.28: languages
        void languages() {
            var document = doc.path("document");
            for (var field : List.of("lang", "source_lang")) {
                if (document.has(field) && !Languages.valid(document.get(field).asText())) {
                    fail(
                            "/document/" + field,
                            "6.1.12",
                            "'%s' is not a valid language tag"
                                    .formatted(document.get(field).asText()));
                }
            }
            if ("translator".equals(document.path("publisher").path("category").asText())
                    && !document.has("source_lang")) {
                fail("/document/source_lang", "6.1.15", "a translator's document names its source language");
            }
            if (document.has("lang")
                    && document.has("source_lang")
                    && document.get("lang")
                            .asText()
                            .equalsIgnoreCase(document.get("source_lang").asText())) {
                fail("/document/source_lang", "6.1.28", "the source language is the document's language");
            }
        }

        // 6.1.24
        void involvements() {
            each(doc.path("vulnerabilities"), "/vulnerabilities", (vulnerability, at) -> {
                var seen = new HashMap<String, String>();
                each(vulnerability.path("involvements"), at + "/involvements", (involvement, here) -> {
                    var date = instant(involvement.path("date").asText());
                    var key = involvement.path("party").asText() + "|"
                            + (date == null ? involvement.path("date").asText() : date.toString());
                    var first = seen.putIfAbsent(key, here);
                    if (first != null) {
                        fail(
                                here,
                                "6.1.24",
                                "party %s at this date is already at %s"
                                        .formatted(involvement.path("party").asText(), first));
                    }
                });
            });
        }

        // 6.1.33
        void justifications() {
            each(doc.path("vulnerabilities"), "/vulnerabilities", (vulnerability, at) -> {
                var flagged = new HashMap<String, String>();
                each(vulnerability.path("flags"), at + "/flags", (flag, here) -> {
                    if (!VEX_JUSTIFICATIONS.contains(flag.path("label").asText())) {
                        return;
                    }
                    for (var id : products(flag)) {
                        var first = flagged.putIfAbsent(id, here);
                        if (first != null) {
                            fail(
                                    here,
                                    "6.1.33",
                                    "product '%s' already has a VEX justification at %s".formatted(id, first));
                        }
                    }
                });
            });
        }

        /** The products an item names, directly or through its product groups. */
        Set<String> products(JsonNode item) {
            return CsafValidator.products(item, groupMembers);
        }

        // 6.1.29, 6.1.32
        void remediationsAndFlags() {
            each(doc.path("vulnerabilities"), "/vulnerabilities", (vulnerability, at) -> {
                each(vulnerability.path("remediations"), at + "/remediations", (r, here) -> {
                    if (!r.has("product_ids") && !r.has("group_ids")) {
                        fail(here, "6.1.29", "a remediation must name product_ids or group_ids");
                    }
                });
                each(vulnerability.path("flags"), at + "/flags", (f, here) -> {
                    if (!f.has("product_ids") && !f.has("group_ids")) {
                        fail(here, "6.1.32", "a flag must name product_ids or group_ids");
                    }
                });
            });
        }
    }

    /** Each product group's products, by group id. */
    static Map<String, List<String>> groupMembers(JsonNode doc) {
        var members = new HashMap<String, List<String>>();
        doc.path("product_tree").path("product_groups").forEach(group -> {
            var ids = members.computeIfAbsent(group.path("group_id").asText(), g -> new ArrayList<>());
            group.path("product_ids").forEach(id -> ids.add(id.asText()));
        });
        return members;
    }

    /** The products an item names, directly or through its product groups. */
    static Set<String> products(JsonNode item, Map<String, List<String>> groupMembers) {
        var products = new LinkedHashSet<String>();
        item.path("product_ids").forEach(id -> products.add(id.asText()));
        item.path("group_ids").forEach(id -> products.addAll(groupMembers.getOrDefault(id.asText(), List.of())));
        return products;
    }

    /** One revision of the history: where it is, its number, its date (null when it does not parse). */
    private record Revision(String at, DocumentVersion number, Instant date) {}

    /** A date-time of the document as an instant, or null (the schema checks the format; nothing here throws). */
    static Instant instant(String text) {
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static boolean anyMatch(JsonNode array, java.util.function.Predicate<JsonNode> test) {
        for (var item : array) {
            if (test.test(item)) {
                return true;
            }
        }
        return false;
    }

    /** Lower case, without dashes, whitespace and underscores (6.1.26). */
    private static String normalize(String category) {
        return category.toLowerCase(Locale.ROOT).replaceAll("[-\\s_]", "");
    }

    static void each(JsonNode array, String at, BiConsumer<JsonNode, String> action) {
        if (array.isArray()) {
            for (int i = 0; i < array.size(); i++) {
                action.accept(array.get(i), at + "/" + i);
            }
        }
    }

    static void ids(JsonNode array, String at, BiConsumer<String, String> action) {
        each(array, at, (node, here) -> action.accept(node.asText(), here));
    }

    static String pointer(JsonNodePath path) {
        var pointer = new StringBuilder();
        for (int i = 0; i < path.getNameCount(); i++) {
            pointer.append('/').append(escape(path.getName(i)));
        }
        return pointer.toString();
    }

    private static String escape(String token) {
        return token.replace("~", "~0").replace("/", "~1");
    }

    /** Counts of what the platform limits: product ids defined and vulnerabilities. */
    public static Set<String> productIds(JsonNode doc) {
        var ids = new HashSet<String>();
        doc.path("product_tree").findValues("product_id").forEach(n -> ids.add(n.asText()));
        return ids;
    }
}
