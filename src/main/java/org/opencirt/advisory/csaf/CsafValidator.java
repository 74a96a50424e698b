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
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.regex.Pattern;
import org.opencirt.common.problem.Problem.Violation;

/**
 * Checks a CSAF 2.0 document: the official JSON schema (with the FIRST CVSS schemas it references,
 * format assertions on), then the mandatory tests of section 6.1 that apply to what the platform
 * produces. Every finding names a JSON pointer into the document. Thread-safe.
 *
 * <p>Mandatory tests implemented: 6.1.1 (product ids defined), 6.1.2 (product ids unique), 6.1.3
 * (a relationship's product refers to itself), 6.1.4 and 6.1.5 (group ids defined, unique), 6.1.6
 * (contradicting product status), 6.1.7 (one score per CVSS version and product), 6.1.9 and 6.1.10
 * (CVSS v3 scores and properties consistent with the vector), 6.1.11 (CWE id and name), 6.1.14,
 * 6.1.16, 6.1.17, 6.1.18, 6.1.21, 6.1.22, 6.1.30 (tracking and revision history), 6.1.23 (no CVE
 * twice), 6.1.25 (hash algorithms), 6.1.27.4-6 (security advisory profile), 6.1.29 and 6.1.32
 * (remediations and flags name products), 6.1.31 (no version range in product_version).
 */
public final class CsafValidator {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Pattern INTEGER_VERSION = Pattern.compile("^(0|[1-9][0-9]*)$");
    /** RE2J: a long pre-release part repeats a group thousands of times, which the JDK engine recurses on. */
    private static final com.google.re2j.Pattern SEMVER = com.google.re2j.Pattern.compile(
            "^(0|[1-9]\\d*)\\.(0|[1-9]\\d*)\\.(0|[1-9]\\d*)(?:-((?:0|[1-9]\\d*|\\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\\.(?:0|[1-9]\\d*|\\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\\+([0-9a-zA-Z-]+(?:\\.[0-9a-zA-Z-]+)*))?$");

    private static final List<String> STATUS_AFFECTED = List.of("first_affected", "known_affected", "last_affected");
    private static final List<String> STATUS_NOT_AFFECTED = List.of("known_not_affected");
    private static final List<String> STATUS_FIXED = List.of("first_fixed", "fixed");
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

    /** A JSON Schema {@code pattern}: matches when found anywhere in the value (ECMA 262 semantics). */
    private static RegularExpression linearPattern(String regex) {
        var pattern = com.google.re2j.Pattern.compile(regex);
        return value -> pattern.matcher(value).find();
    }

    /** The CWE catalogue entry's name for an id such as {@code CWE-79}, or null. */
    public String cweName(String id) {
        return cwes.get(id);
    }

    /** All findings, schema first; empty when the document is valid. */
    public List<Violation> validate(JsonNode document) {
        var schemaErrors = schema.validate(document).stream()
                .map(m -> {
                    var pointer = pointer(m.getInstanceLocation());
                    if ("required".equals(m.getType()) && m.getProperty() != null) {
                        pointer = pointer + "/" + escape(m.getProperty());
                    }
                    return new Violation(pointer.isEmpty() ? "/" : pointer, m.getError());
                })
                .distinct()
                .sorted(Comparator.comparing(Violation::pointer))
                .toList();
        if (!schemaErrors.isEmpty()) {
            return schemaErrors; // the mandatory tests assume a document of the schema's shape
        }
        var findings = new ArrayList<Violation>();
        new Run(document, findings).all();
        return findings;
    }

    private final class Run {
        private final JsonNode doc;
        private final List<Violation> out;
        private final Map<String, String> productDefinitions = new LinkedHashMap<>();
        private final Map<String, String> groupDefinitions = new LinkedHashMap<>();

        Run(JsonNode doc, List<Violation> out) {
            this.doc = doc;
            this.out = out;
        }

        void fail(String pointer, String test, String message) {
            out.add(new Violation(pointer, message + " (CSAF 2.0 mandatory test " + test + ")"));
        }

        void all() {
            definitions();
            references();
            productStatus();
            scores();
            cwes();
            tracking();
            cves();
            profile();
            remediationsAndFlags();
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
                var own = rel.path("full_product_name").path("product_id").asText();
                if (own.equals(rel.path("product_reference").asText())
                        || own.equals(rel.path("relates_to_product_reference").asText())) {
                    fail(
                            at + "/full_product_name/product_id",
                            "6.1.3",
                            "a relationship's product must not refer to itself");
                }
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

        void cvss3(JsonNode cvss, String at) {
            var vector = Cvss3.parse(cvss.path("vectorString").asText());
            if (vector.isEmpty()) {
                fail(at + "/vectorString", "6.1.8", "not a valid CVSS 3 vector");
                return;
            }
            if (!vector.get().version().equals(cvss.path("version").asText())) {
                fail(at + "/version", "6.1.10", "the version does not match the vector's");
            }
            vector.get().properties().forEach((property, value) -> {
                if (cvss.has(property) && !cvss.get(property).asText().equals(value)) {
                    fail(
                            at + "/" + property,
                            "6.1.10",
                            "is %s but the vector says %s"
                                    .formatted(cvss.get(property).asText(), value));
                }
            });
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

        // 6.1.14, 6.1.16, 6.1.17, 6.1.18, 6.1.21, 6.1.22, 6.1.30
        void tracking() {
            var tracking = doc.path("document").path("tracking");
            var version = tracking.path("version").asText();
            var status = tracking.path("status").asText();
            var history = tracking.path("revision_history");
            var integer = INTEGER_VERSION.matcher(version).matches();
            var numbers = new ArrayList<String>();
            var seen = new HashSet<String>();
            each(history, "/document/tracking/revision_history", (entry, at) -> {
                var number = entry.path("number").asText();
                if (INTEGER_VERSION.matcher(number).matches() != integer) {
                    fail(at + "/number", "6.1.30", "integer and semantic versioning are mixed");
                }
                if (!seen.add(number)) {
                    fail(
                            at + "/number",
                            "6.1.22",
                            "version %s appears more than once in the revision history".formatted(number));
                }
                if (!"draft".equals(status) && isZero(number)) {
                    fail(
                            at + "/number",
                            "6.1.18",
                            "a %s document must not list a version 0 or 0.y.z".formatted(status));
                }
                numbers.add(number);
            });
            if (numbers.isEmpty()) {
                return;
            }
            if (integer) {
                // any number of digits is an integer version: BigInteger, never a long that overflows
                var sorted = numbers.stream()
                        .filter(n -> INTEGER_VERSION.matcher(n).matches())
                        .map(BigInteger::new)
                        .sorted()
                        .toList();
                // (a semantic version among them is 6.1.30, reported above)
                if (!sorted.isEmpty() && !sorted.getLast().toString().equals(version)) {
                    fail(
                            "/document/tracking/version",
                            "6.1.16",
                            "must equal the newest revision history number (%s)".formatted(sorted.getLast()));
                }
                for (int i = 1; i < sorted.size(); i++) {
                    if (sorted.get(i).subtract(sorted.get(i - 1)).compareTo(BigInteger.ONE) > 0) {
                        fail(
                                "/document/tracking/revision_history",
                                "6.1.21",
                                "version %s is missing"
                                        .formatted(sorted.get(i - 1).add(BigInteger.ONE)));
                    }
                }
                if (!sorted.isEmpty() && sorted.getFirst().compareTo(BigInteger.ONE) > 0) {
                    fail("/document/tracking/revision_history", "6.1.21", "the history must start at 0 or 1");
                }
                // 6.1.14: dates ascend with the numbers
                var byNumber = new ArrayList<JsonNode>();
                history.forEach(entry -> {
                    if (INTEGER_VERSION.matcher(entry.path("number").asText()).matches()) {
                        byNumber.add(entry);
                    }
                });
                byNumber.sort(Comparator.comparing(
                        e -> new BigInteger(e.path("number").asText())));
                for (int i = 1; i < byNumber.size(); i++) {
                    if (byNumber.get(i)
                                    .path("date")
                                    .asText()
                                    .compareTo(byNumber.get(i - 1).path("date").asText())
                            < 0) {
                        fail(
                                "/document/tracking/revision_history",
                                "6.1.14",
                                "revision history dates are not in version order");
                        break;
                    }
                }
            } else if (!SEMVER.matcher(version).matches()) {
                fail("/document/tracking/version", "6.1.30", "must be an integer or semantic version");
            } else if (!numbers.contains(version)) {
                fail("/document/tracking/version", "6.1.16", "must equal the newest revision history number");
            }
            if (isZero(version) && !"draft".equals(status)) {
                fail("/document/tracking/status", "6.1.17", "version %s requires status draft".formatted(version));
            }
        }

        boolean isZero(String version) {
            return version.equals("0") || version.startsWith("0.");
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

        // 6.1.27.4, 6.1.27.5, 6.1.27.6 (profile "Security Advisory")
        void profile() {
            if (!"csaf_security_advisory"
                    .equals(doc.path("document").path("category").asText())) {
                return;
            }
            if (!doc.has("product_tree")) {
                fail("/product_tree", "6.1.27.4", "a security advisory needs a product_tree");
            }
            if (!doc.has("vulnerabilities")) {
                fail("/vulnerabilities", "6.1.27.3", "a security advisory describes at least one vulnerability");
            }
            each(doc.path("vulnerabilities"), "/vulnerabilities", (vulnerability, at) -> {
                if (!vulnerability.has("notes")) {
                    fail(at + "/notes", "6.1.27.5", "each vulnerability of a security advisory needs notes");
                }
                if (!vulnerability.has("product_status")) {
                    fail(
                            at + "/product_status",
                            "6.1.27.6",
                            "each vulnerability of a security advisory needs a product_status");
                }
            });
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

    private static void each(JsonNode array, String at, BiConsumer<JsonNode, String> action) {
        if (array.isArray()) {
            for (int i = 0; i < array.size(); i++) {
                action.accept(array.get(i), at + "/" + i);
            }
        }
    }

    private static void ids(JsonNode array, String at, BiConsumer<String, String> action) {
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
