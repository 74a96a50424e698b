package org.opencirt.advisory.csaf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.opencirt.advisory.csaf.CsafMandatoryTestsTest.with;
import static org.opencirt.advisory.csaf.CsafMandatoryTestsTest.without;
import static org.opencirt.advisory.csaf.CsafOptionalTestsTest.clean;
import static org.opencirt.advisory.csaf.CsafOptionalTestsTest.withBranch;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The informative tests of CSAF 2.0, section 6.3, that the validator runs (6.3.1 to 6.3.5, 6.3.9 to
 * 6.3.11): each informs on the document its wording describes, at the pointer it names, and not on the
 * same document without the fault. They inform on a valid document only, and never make it invalid.
 */
class CsafInformativeTestsTest {

    private static final CsafValidator VALIDATOR = new CsafValidator();
    private static final String CWE = "{'id': 'CWE-502', 'name': 'Deserialization of Untrusted Data'}";

    /** The clean document of the optional tests, with a CWE: it informs of nothing. */
    private static ObjectNode base() {
        return with(clean(), "/vulnerabilities/0/cwe", CWE);
    }

    private static List<String> infos(ObjectNode doc, String test) {
        var result = VALIDATOR.check(doc);
        assertThat(result.errors()).as("a valid document").isEmpty();
        return result.infos().stream()
                .filter(f -> f.test().equals(test))
                .map(CsafValidator.Finding::pointer)
                .toList();
    }

    @Test
    void theBaseDocumentInformsOfNothing() {
        assertThat(VALIDATOR.check(base()).infos()).isEmpty();
    }

    @Test
    void aScoreWithCvssV2AloneInforms631AndOneWithV3TooDoesNot() {
        var v2 = "{'baseScore': 7.5, 'vectorString': 'AV:N/AC:L/Au:N/C:P/I:P/A:P', 'version': '2.0'}";
        assertThat(infos(
                        with(
                                without(base(), "/vulnerabilities/0/scores/0/cvss_v3"),
                                "/vulnerabilities/0/scores/0/cvss_v2",
                                v2),
                        "6.3.1"))
                .containsExactly("/vulnerabilities/0/scores/0");
        assertThat(infos(with(base(), "/vulnerabilities/0/scores/0/cvss_v2", v2), "6.3.1"))
                .isEmpty();
    }

    @Test
    void cvssV30Informs632() {
        var v30 =
                "{'baseScore': 9.8, 'baseSeverity': 'CRITICAL', 'vectorString': 'CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', 'version': '3.0'}";
        assertThat(infos(with(base(), "/vulnerabilities/0/scores/0/cvss_v3", v30), "6.3.2"))
                .containsExactly("/vulnerabilities/0/scores/0/cvss_v3");
        assertThat(infos(base(), "6.3.2")).isEmpty();
    }

    @Test
    void aVulnerabilityWithoutCveInforms633AndWithoutCwe634() {
        assertThat(infos(without(base(), "/vulnerabilities/0/cve"), "6.3.3")).containsExactly("/vulnerabilities/0");
        assertThat(infos(clean(), "6.3.4")).containsExactly("/vulnerabilities/0");
        assertThat(infos(base(), "6.3.3")).isEmpty();
        assertThat(infos(base(), "6.3.4")).isEmpty();
    }

    @Test
    void aHashShorterThan64CharactersInforms635WhereverTheProductIs() {
        var md5AndSha256 = "{'file_hashes': [{'algorithm': 'md5', 'value': '6ae24620ea9656230f49234efd078935'},"
                + " {'algorithm': 'sha256', 'value': '026a37919b182ef7c63791e82c9645e2f897a3f0b73c7a6028c7febf62e93838'}],"
                + " 'filename': 'product_a.so'}";
        var doc = with(
                base(),
                "/product_tree/full_product_names/0/product_identification_helper/hashes",
                "[" + md5AndSha256 + "]");
        assertThat(infos(doc, "6.3.5"))
                .containsExactly(
                        "/product_tree/full_product_names/0/product_identification_helper/hashes/0/file_hashes/0/value");
    }

    @Test
    void branchesInformOfTheirCategoriesAndNames() {
        var product = "{'name': 'Product D', 'product_id': 'CSAFPID-9080703',"
                + " 'product_identification_helper': {'purl': 'pkg:maven/com.example/product-d@4.2'}}";
        // vendor / product_name / product_version: nothing
        var fine = withBranch(base(), "product_version", "4.2", product);
        referenced(fine);
        assertThat(infos(fine, "6.3.9")).isEmpty();
        assertThat(infos(fine, "6.3.11")).isEmpty();
        // a version that starts with v
        var v = withBranch(base(), "product_version", "v4.2", product);
        referenced(v);
        assertThat(infos(v, "6.3.11")).containsExactly("/product_tree/branches/0/branches/0/branches/0/name");
        // a range instead of a version: 6.3.10, and no product_version above the product: 6.3.9
        var range = withBranch(base(), "product_version_range", "vers:generic/>=4.0|<4.3", product);
        referenced(range);
        assertThat(infos(range, "6.3.10")).containsExactly("/product_tree/branches/0/branches/0/branches/0/category");
        assertThat(infos(range, "6.3.9")).containsExactly("/product_tree/branches/0/branches/0/branches/0/product");
    }

    @Test
    void aDocumentWithErrorsGetsNoInformation() {
        var invalid = with(
                without(base(), "/vulnerabilities/0/cve"),
                "/vulnerabilities/0/product_status/fixed",
                "['CSAFPID-0000000']");
        var result = VALIDATOR.check(invalid);
        assertThat(result.errors()).isNotEmpty();
        assertThat(result.infos()).isEmpty();
    }

    /** The new product D is named by a status, so that no optional or mandatory test minds it. */
    private static void referenced(ObjectNode doc) {
        ((com.fasterxml.jackson.databind.node.ArrayNode) doc.at("/vulnerabilities/0/product_status/fixed"))
                .add("CSAFPID-9080703");
    }
}
