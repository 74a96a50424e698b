package org.opencirt.advisory.csaf;

import static org.opencirt.advisory.csaf.CsafValidator.each;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.opencirt.advisory.csaf.CsafValidator.Finding;

/**
 * The informative tests of CSAF 2.0, section 6.3, each as the specification words it: a finding is
 * information. They run on a document without errors only. Not run, by choice: 6.3.6 and 6.3.7 would
 * fetch every URL a document names from the server on each validation (a request any analyst can make
 * would make the server call out to any address), and 6.3.8's spell check needs a dictionary per
 * language that the service does not ship.
 */
final class InformativeTests {

    private static final java.util.regex.Pattern V_NUMBER = java.util.regex.Pattern.compile("[vV][0-9]");

    private final JsonNode doc;
    private final List<Finding> out = new ArrayList<>();

    private InformativeTests(JsonNode doc) {
        this.doc = doc;
    }

    /** The information of the informative tests. */
    static List<Finding> run(JsonNode doc) {
        var tests = new InformativeTests(doc);
        tests.vulnerabilities();
        var tree = doc.path("product_tree");
        tests.branches(tree.path("branches"), "/product_tree/branches", List.of());
        tests.hashes();
        return List.copyOf(tests.out);
    }

    private void inform(String pointer, String test, String message) {
        out.add(new Finding(test, pointer, message));
    }

    // 6.3.1, 6.3.2, 6.3.3, 6.3.4
    private void vulnerabilities() {
        each(doc.path("vulnerabilities"), "/vulnerabilities", (v, at) -> {
            if (!v.has("cve")) {
                inform(at, "6.3.3", "the vulnerability has no CVE");
            }
            if (!v.has("cwe")) {
                inform(at, "6.3.4", "the vulnerability has no CWE");
            }
            each(v.path("scores"), at + "/scores", (score, here) -> {
                if (score.has("cvss_v2") && !score.has("cvss_v3")) {
                    inform(here, "6.3.1", "CVSS v2 is the only score");
                }
                if ("3.0".equals(score.path("cvss_v3").path("version").asText())) {
                    inform(here + "/cvss_v3", "6.3.2", "CVSS v3.0 is used (v3.1 is current)");
                }
            });
        });
    }

    // 6.3.9, 6.3.10, 6.3.11: the branches' categories and names
    private void branches(JsonNode branches, String at, List<String> above) {
        each(branches, at, (branch, here) -> {
            var category = branch.path("category").asText();
            if (category.equals("product_version_range")) {
                inform(here + "/category", "6.3.10", "a product_version_range is used");
            }
            // "v" as a version indicator: a v before the number ("v4.2"), not a word ("version 4.2")
            if (category.equals("product_version")
                    && V_NUMBER.matcher(branch.path("name").asText()).lookingAt()) {
                inform(here + "/name", "6.3.11", "a product_version starts with v as a version indicator");
            }
            var path = new ArrayList<>(above);
            path.add(category);
            if (branch.has("product")) {
                if (!inOrder(path, "vendor", "product_name", "product_version")) {
                    inform(
                            here + "/product",
                            "6.3.9",
                            "the branches above the product are not vendor, product_name, product_version");
                }
                hashes(branch.get("product"), here + "/product");
            }
            branches(branch.path("branches"), here + "/branches", path);
        });
    }

    private static boolean inOrder(List<String> path, String... categories) {
        int next = 0;
        for (var category : path) {
            if (next < categories.length && category.equals(categories[next])) {
                next++;
            }
        }
        return next == categories.length;
    }

    // 6.3.5: every product's file hashes, wherever the product is defined
    private void hashes() {
        var tree = doc.path("product_tree");
        each(tree.path("full_product_names"), "/product_tree/full_product_names", this::hashes);
        each(
                tree.path("relationships"),
                "/product_tree/relationships",
                (r, at) -> hashes(r.path("full_product_name"), at + "/full_product_name"));
    }

    private void hashes(JsonNode product, String at) {
        each(
                product.path("product_identification_helper").path("hashes"),
                at + "/product_identification_helper/hashes",
                (hash, h) -> each(hash.path("file_hashes"), h + "/file_hashes", (fileHash, f) -> {
                    if (fileHash.path("value").asText().length() < 64) {
                        inform(f + "/value", "6.3.5", "a hash shorter than 64 characters");
                    }
                }));
    }
}
