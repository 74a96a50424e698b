package org.opencirt.advisory.csaf;

import static org.opencirt.advisory.csaf.CsafValidator.each;
import static org.opencirt.advisory.csaf.CsafValidator.ids;
import static org.opencirt.advisory.csaf.CsafValidator.instant;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.opencirt.advisory.csaf.CsafValidator.Finding;

/**
 * The optional tests of CSAF 2.0, section 6.2 (6.2.1 to 6.2.19; 6.2.20 is the strict schema, which
 * {@link CsafValidator} runs), each as the specification words it: a failure is a warning, never an
 * error. They run on a document without errors only.
 */
final class OptionalTests {

    private static final Pattern CVE = Pattern.compile("^CVE-[0-9]{4}-[0-9]{4,}$");
    private static final Pattern VERS = Pattern.compile("^vers:[a-z.\\-+][a-z0-9.\\-+]*/.+");

    private final JsonNode doc;
    private final List<Finding> out = new ArrayList<>();
    private final Map<String, List<String>> groupMembers;

    private OptionalTests(JsonNode doc) {
        this.doc = doc;
        this.groupMembers = CsafValidator.groupMembers(doc);
    }

    /** The warnings of the optional tests. */
    static List<Finding> run(JsonNode doc) {
        var tests = new OptionalTests(doc);
        tests.products();
        tests.statuses();
        tests.tracking();
        tests.document();
        tests.sorting(doc, "");
        tests.vulnerabilities();
        return List.copyOf(tests.out);
    }

    private void warn(String pointer, String test, String message) {
        out.add(new Finding(test, pointer.isEmpty() ? "/" : pointer, message));
    }

    // 6.2.1, 6.2.8, 6.2.9, 6.2.16, 6.2.18: what the product tree defines
    private void products() {
        var referenced = referenced();
        var informational = "csaf_informational_advisory"
                .equals(doc.path("document").path("category").asText());
        var tree = doc.path("product_tree");
        var defined = new ArrayList<Map.Entry<JsonNode, String>>();
        branches(tree.path("branches"), "/product_tree/branches", defined);
        each(
                tree.path("full_product_names"),
                "/product_tree/full_product_names",
                (p, at) -> defined.add(Map.entry(p, at)));
        each(
                tree.path("relationships"),
                "/product_tree/relationships",
                (r, at) -> defined.add(Map.entry(r.path("full_product_name"), at + "/full_product_name")));
        for (var product : defined) {
            var node = product.getKey();
            var at = product.getValue();
            var id = node.path("product_id").asText();
            if (!informational && !referenced.contains(id)) {
                warn(at + "/product_id", "6.2.1", "product '%s' is defined but never used".formatted(id));
            }
            if (!node.has("product_identification_helper")) {
                warn(at, "6.2.16", "product '%s' has no product_identification_helper".formatted(id));
            }
            each(
                    node.path("product_identification_helper").path("hashes"),
                    at + "/product_identification_helper/hashes",
                    (hash, h) -> {
                        var algorithms = new HashSet<String>();
                        hash.path("file_hashes")
                                .forEach(f -> algorithms.add(
                                        f.path("algorithm").asText().toLowerCase(Locale.ROOT)));
                        if (algorithms.equals(Set.of("md5"))) {
                            warn(h + "/file_hashes", "6.2.8", "md5 is the only hash algorithm");
                        }
                        if (algorithms.equals(Set.of("sha1"))) {
                            warn(h + "/file_hashes", "6.2.9", "sha1 is the only hash algorithm");
                        }
                    });
        }
    }

    private void branches(JsonNode branches, String at, List<Map.Entry<JsonNode, String>> defined) {
        each(branches, at, (branch, here) -> {
            if ("product_version_range".equals(branch.path("category").asText())
                    && !VERS.matcher(branch.path("name").asText()).matches()) {
                warn(here + "/name", "6.2.18", "a product_version_range is written in vers (vers:TYPE/CONSTRAINTS)");
            }
            if (branch.has("product")) {
                defined.add(Map.entry(branch.get("product"), here + "/product"));
            }
            branches(branch.path("branches"), here + "/branches", defined);
        });
    }

    /** Every product id the document refers to, outside the product's own definition. */
    private Set<String> referenced() {
        var ids = new HashSet<String>();
        var tree = doc.path("product_tree");
        tree.path("product_groups").forEach(g -> g.path("product_ids").forEach(id -> ids.add(id.asText())));
        tree.path("relationships").forEach(r -> {
            ids.add(r.path("product_reference").asText());
            ids.add(r.path("relates_to_product_reference").asText());
        });
        doc.path("vulnerabilities").forEach(v -> {
            v.path("product_status").forEach(list -> list.forEach(id -> ids.add(id.asText())));
            for (var list : List.of("remediations", "threats", "flags")) {
                v.path(list).forEach(item -> item.path("product_ids").forEach(id -> ids.add(id.asText())));
            }
            v.path("scores").forEach(s -> s.path("products").forEach(id -> ids.add(id.asText())));
        });
        return ids;
    }

    // 6.2.2, 6.2.3, 6.2.19: what each vulnerability's product status asks for
    private void statuses() {
        each(doc.path("vulnerabilities"), "/vulnerabilities", (v, at) -> {
            var remediated = new HashSet<String>();
            v.path("remediations").forEach(r -> remediated.addAll(products(r)));
            var scored = new HashMap<String, List<JsonNode>>();
            v.path("scores")
                    .forEach(score -> score.path("products")
                            .forEach(id -> scored.computeIfAbsent(id.asText(), k -> new ArrayList<>())
                                    .add(score)));
            var status = v.path("product_status");
            for (var list : List.of("first_affected", "known_affected", "last_affected", "under_investigation")) {
                ids(status.path(list), at + "/product_status/" + list, (id, here) -> {
                    if (!remediated.contains(id)) {
                        warn(here, "6.2.2", "product '%s' is %s but has no remediation".formatted(id, list));
                    }
                    if (CsafValidator.STATUS_AFFECTED.contains(list) && !scored.containsKey(id)) {
                        warn(here, "6.2.3", "product '%s' is %s but no score covers it".formatted(id, list));
                    }
                });
            }
            for (var list : CsafValidator.STATUS_FIXED) {
                ids(status.path(list), at + "/product_status/" + list, (id, here) -> {
                    for (var score : scored.getOrDefault(id, List.of())) {
                        if (!environmentalZero(score)) {
                            warn(
                                    here,
                                    "6.2.19",
                                    "product '%s' is fixed but a CVSS for it has an environmental score other than 0"
                                            .formatted(id));
                            return;
                        }
                    }
                });
            }
        });
    }

    /** Whether every CVSS of the score gives an environmental score of 0: as written, else from its vector. */
    private static boolean environmentalZero(JsonNode score) {
        var v3 = score.path("cvss_v3");
        if (!v3.isMissingNode()
                && environmental(
                                v3,
                                () -> Cvss3.parse(v3.path("vectorString").asText())
                                        .filter(Cvss3.Vector::hasEnvironmental)
                                        .map(v -> Cvss3.score(v).environmental()))
                        != 0) {
            return false;
        }
        var v2 = score.path("cvss_v2");
        return v2.isMissingNode()
                || environmental(
                                v2,
                                () -> Cvss2.parse(v2.path("vectorString").asText())
                                        .filter(v -> v.metrics().containsKey("CDP")
                                                || v.metrics().containsKey("TD"))
                                        .map(v -> Cvss2.score(v).environmental()))
                        == 0;
    }

    /** The environmental score as written, else as the vector gives it, else -1 (none). */
    private static double environmental(
            JsonNode cvss, java.util.function.Supplier<java.util.Optional<Double>> fromVector) {
        if (cvss.path("environmentalScore").isNumber()) {
            return cvss.path("environmentalScore").doubleValue();
        }
        return fromVector.get().orElse(-1.0);
    }

    // 6.2.4, 6.2.5, 6.2.6
    private void tracking() {
        var tracking = doc.path("document").path("tracking");
        Instant oldest = null;
        Instant newest = null;
        var history = tracking.path("revision_history");
        for (int i = 0; i < history.size(); i++) {
            var entry = history.get(i);
            if (entry.path("number").asText().contains("+")) {
                warn(
                        "/document/tracking/revision_history/" + i + "/number",
                        "6.2.4",
                        "a revision number carries build metadata");
            }
            var date = instant(entry.path("date").asText());
            if (date != null) {
                oldest = oldest == null || date.isBefore(oldest) ? date : oldest;
                newest = newest == null || date.isAfter(newest) ? date : newest;
            }
        }
        var initial = instant(tracking.path("initial_release_date").asText());
        if (initial != null && oldest != null && initial.isBefore(oldest)) {
            warn(
                    "/document/tracking/initial_release_date",
                    "6.2.5",
                    "is older than the oldest revision (%s)".formatted(oldest));
        }
        var current = instant(tracking.path("current_release_date").asText());
        if (current != null && newest != null && current.isBefore(newest)) {
            warn(
                    "/document/tracking/current_release_date",
                    "6.2.6",
                    "is older than the newest revision (%s)".formatted(newest));
        }
    }

    // 6.2.10, 6.2.11, 6.2.12, 6.2.14, 6.2.15
    private void document() {
        var document = doc.path("document");
        if (!document.path("distribution").path("tlp").has("label")) {
            warn("/document/distribution/tlp/label", "6.2.10", "the document has no TLP label");
        }
        var fileName = CsafFileName.of(document.path("tracking").path("id").asText());
        var canonical = false;
        for (var reference : document.path("references")) {
            var url = reference.path("url").asText();
            canonical |= "self".equals(reference.path("category").asText("external"))
                    && url.startsWith("https://")
                    && url.endsWith("/" + fileName);
        }
        if (!canonical) {
            warn(
                    "/document/references",
                    "6.2.11",
                    "no self reference is the canonical URL (https://.../" + fileName + ")");
        }
        if (!document.has("lang")) {
            warn("/document/lang", "6.2.12", "the document's language is not set");
        }
        for (var field : List.of("lang", "source_lang")) {
            if (!document.has(field)) {
                continue;
            }
            var tag = document.get(field).asText();
            if (tag.equalsIgnoreCase("i-default")) {
                warn("/document/" + field, "6.2.15", "i-default is not a language");
            } else if (Languages.privateUse(tag)) {
                warn("/document/" + field, "6.2.14", "'%s' uses subtags reserved for private use".formatted(tag));
            }
        }
    }

    // 6.2.13: every object's keys in alphabetical order
    private void sorting(JsonNode node, String at) {
        if (node.isObject()) {
            String previous = null;
            for (var names = node.fieldNames(); names.hasNext(); ) {
                var name = names.next();
                if (previous != null && name.compareTo(previous) < 0) {
                    warn(at, "6.2.13", "key '%s' comes after '%s'".formatted(name, previous));
                    break;
                }
                previous = name;
            }
            node.properties()
                    .forEach(e -> sorting(
                            e.getValue(),
                            at + "/" + e.getKey().replace("~", "~0").replace("/", "~1")));
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                sorting(node.get(i), at + "/" + i);
            }
        }
    }

    // 6.2.7, 6.2.17
    private void vulnerabilities() {
        each(doc.path("vulnerabilities"), "/vulnerabilities", (v, at) -> {
            each(v.path("involvements"), at + "/involvements", (involvement, here) -> {
                if (!involvement.has("date")) {
                    warn(here, "6.2.7", "an involvement without date");
                }
            });
            each(v.path("ids"), at + "/ids", (id, here) -> {
                if (CVE.matcher(id.path("text").asText()).matches()) {
                    warn(
                            here,
                            "6.2.17",
                            "%s belongs in cve, not in ids"
                                    .formatted(id.path("text").asText()));
                }
            });
        });
    }

    /** The products an item names, directly or through its product groups. */
    private Set<String> products(JsonNode item) {
        return CsafValidator.products(item, groupMembers);
    }
}
