package org.opencirt.advisory.csaf;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which declared products (CPE 2.3, package URLs) a CSAF document names as affected, and which not. */
class AffectedProductsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Example Networks' Router OS: 4.2.1 affected, 4.2.2 fixed, 4.0.0 not affected; a range 3.x affected. */
    private static final String ROUTER = """
            {"product_tree": {"branches": [{"category": "vendor", "name": "Example Networks", "branches": [
               {"category": "product_name", "name": "Router OS", "branches": [
                 {"category": "product_version", "name": "4.2.1", "product": {"name": "Router OS 4.2.1", "product_id": "P421",
                   "product_identification_helper": {"cpe": "cpe:2.3:o:example:router_os:4.2.1:*:*:*:*:*:*:*"}}},
                 {"category": "product_version", "name": "4.2.2", "product": {"name": "Router OS 4.2.2", "product_id": "P422",
                   "product_identification_helper": {"cpe": "cpe:2.3:o:example:router_os:4.2.2:*:*:*:*:*:*:*"}}},
                 {"category": "product_version", "name": "4.0.0", "product": {"name": "Router OS 4.0.0", "product_id": "P400",
                   "product_identification_helper": {"cpe": "cpe:2.3:o:example:router_os:4.0.0:*:*:*:*:*:*:*"}}},
                 {"category": "product_version_range", "name": "vers:generic/>=3.0.0|<4.0.0", "product": {"name": "Router OS 3.x",
                   "product_id": "P3", "product_identification_helper": {"cpe": "cpe:2.3:o:example:router_os:*:*:*:*:*:*:*:*"}}},
                 {"category": "product_version_range", "name": "all versions before 2.0", "product": {"name": "Router OS 1.x",
                   "product_id": "P1"}}]}]}]},
             "vulnerabilities": [
               {"cve": "CVE-2026-1001", "product_status": {"known_affected": ["P421", "P3", "P1"], "fixed": ["P422"],
                 "known_not_affected": ["P400"]}},
               {"cve": "cve-2026-1002", "product_status": {"first_affected": ["P421"]}}]}
            """;

    private static JsonNode doc(String json) throws Exception {
        return JSON.readTree(json);
    }

    private static List<String> products(String json, String... declared) throws Exception {
        return AffectedProducts.affected(doc(json), List.of(declared)).stream()
                .map(AffectedProducts.Hit::productId)
                .toList();
    }

    @Test
    void anAffectedVersionMatchesAndAFixedOrNotAffectedOneDoesNot() throws Exception {
        var hits = AffectedProducts.affected(
                doc(ROUTER),
                List.of(
                        "cpe:2.3:o:example:router_os:4.2.1:*:*:*:*:*:*:*",
                        "cpe:2.3:o:example:router_os:4.2.2:*:*:*:*:*:*:*",
                        "cpe:2.3:o:example:router_os:4.0.0:*:*:*:*:*:*:*"));
        assertThat(hits).singleElement().satisfies(hit -> {
            assertThat(hit.declared()).isEqualTo("cpe:2.3:o:example:router_os:4.2.1:*:*:*:*:*:*:*");
            assertThat(hit.productName()).isEqualTo("Router OS 4.2.1");
            assertThat(hit.cves()).containsExactly("CVE-2026-1001", "CVE-2026-1002");
        });
    }

    @Test
    void aVersionInsideAVersRangeMatchesAndOneOutsideDoesNot() throws Exception {
        assertThat(products(ROUTER, "cpe:2.3:o:example:router_os:3.5.1:*:*:*:*:*:*:*"))
                .containsExactly("P3");
        assertThat(products(ROUTER, "cpe:2.3:o:example:router_os:2.9:*:*:*:*:*:*:*"))
                .isEmpty();
        assertThat(products(ROUTER, "cpe:2.3:o:other:router_os:3.5.1:*:*:*:*:*:*:*"))
                .isEmpty();
    }

    @Test
    void aDeclaredProductWithoutVersionMatchesEveryAffectedVersionButAFreeTextRangeNothing() throws Exception {
        // P1 has only a range in words: it cannot be evaluated, so it matches nothing
        assertThat(products(ROUTER, "cpe:2.3:o:example:router_os:*:*:*:*:*:*:*:*"))
                .containsExactly("P421", "P3");
    }

    @Test
    void withoutACpeTheVendorAndProductBranchNamesAreMatched() throws Exception {
        var json = """
                {"product_tree": {"branches": [{"category": "vendor", "name": "Example Networks", "branches": [
                   {"category": "product_name", "name": "Router OS", "branches": [
                     {"category": "product_version", "name": "5.1", "product": {"name": "Router OS 5.1", "product_id": "P51"}}]}]}]},
                 "vulnerabilities": [{"cve": "CVE-2026-2001", "product_status": {"known_affected": ["P51"]}}]}
                """;
        assertThat(products(json, "cpe:2.3:o:example_networks:router_os:5.1:*:*:*:*:*:*:*"))
                .containsExactly("P51");
        assertThat(products(json, "cpe:2.3:o:example_networks:router_os:5.2:*:*:*:*:*:*:*"))
                .isEmpty();
    }

    @Test
    void packageUrlsMatchByTypeNamespaceNameAndVersionOrRange() throws Exception {
        var json = """
                {"product_tree": {"branches": [{"category": "vendor", "name": "npm", "branches": [
                   {"category": "product_name", "name": "lodash", "branches": [
                     {"category": "product_version", "name": "4.17.20", "product": {"name": "lodash 4.17.20", "product_id": "L20",
                       "product_identification_helper": {"purl": "pkg:npm/lodash@4.17.20"}}},
                     {"category": "product_version_range", "name": "vers:npm/<4.17.12", "product": {"name": "lodash < 4.17.12",
                       "product_id": "LOLD"}}]}]}]},
                 "vulnerabilities": [{"cve": "CVE-2026-3001", "product_status": {"known_affected": ["L20", "LOLD"]}}]}
                """;
        assertThat(products(json, "pkg:npm/lodash@4.17.20")).containsExactly("L20");
        assertThat(products(json, "pkg:npm/lodash@4.17.21")).isEmpty();
        assertThat(products(json, "pkg:npm/lodash@4.17.5")).containsExactly("LOLD");
        assertThat(products(json, "pkg:npm/underscore@4.17.20")).isEmpty();
        assertThat(products(json, "pkg:pypi/lodash@4.17.20")).isEmpty();
    }

    @Test
    void aRelationshipsProductIsKnownAsItsComponent() throws Exception {
        var json = """
                {"product_tree": {"full_product_names": [
                   {"name": "libfoo 1.2", "product_id": "LIB", "product_identification_helper": {"purl": "pkg:generic/libfoo@1.2"}},
                   {"name": "Appliance", "product_id": "APP"}],
                  "relationships": [{"category": "installed_on", "product_reference": "LIB", "relates_to_product_reference": "APP",
                   "full_product_name": {"name": "libfoo 1.2 on Appliance", "product_id": "LIB-ON-APP"}}]},
                 "vulnerabilities": [{"cve": "CVE-2026-4001", "product_status": {"known_affected": ["LIB-ON-APP"],
                   "known_not_affected": ["LIB"]}}]}
                """;
        assertThat(AffectedProducts.affected(doc(json), List.of("pkg:generic/libfoo@1.2")))
                .singleElement()
                .satisfies(hit -> assertThat(hit.productName()).isEqualTo("libfoo 1.2 on Appliance"));
    }

    @Test
    void valuesThatAreNeitherCpeNorPackageUrlAndBrokenDocumentsMatchNothing() throws Exception {
        assertThat(products(ROUTER, "Router OS 4.2.1", "cpe:2.3:broken", "pkg:"))
                .isEmpty();
        assertThat(products("{}", "cpe:2.3:o:example:router_os:4.2.1:*:*:*:*:*:*:*"))
                .isEmpty();
        assertThat(products("""
                {"vulnerabilities": [{"product_status": {"known_affected": "P1"}}], "product_tree": {"branches": 3}}""", "pkg:npm/x@1")).isEmpty();
    }
}
