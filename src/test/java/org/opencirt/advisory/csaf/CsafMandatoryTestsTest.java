package org.opencirt.advisory.csaf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The mandatory tests of CSAF 2.0, section 6.1, one by one: for each, the specification's own failing
 * example embedded in a schema-valid document, at least one passing document, and the edge cases its
 * wording implies. A failing case expects a finding of that test at the pointer the specification makes
 * obvious (or at one of the few pointers it leaves open); a passing case expects no finding of that test
 * and, where the document is meant to be entirely valid, no error at all.
 *
 * <p>Every document here is schema-valid apart from the fault under test (the JSON schema runs first and
 * hides the 6.1 tests when it fails); each case asserts that, so a broken fixture shows as such. Expected
 * CVSS values were computed from the CVSS v2 guide and the CVSS v3.0 and v3.1 specifications.
 */
class CsafMandatoryTestsTest {

    private static final CsafValidator VALIDATOR = new CsafValidator();
    private static final ObjectMapper MAPPER = new ObjectMapper();

    // ---------------------------------------------------------------------------------------------
    // the cases

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void mandatoryTest(Case c) {
        var errors = VALIDATOR.check(c.doc()).errors();

        assertThat(errors)
                .as("schema findings (the fixture must be schema-valid apart from the fault); all errors: %s", errors)
                .noneMatch(f -> f.test().equals("schema"));
        var ofTest = errors.stream().filter(f -> f.test().equals(c.test())).toList();
        if (c.where().isEmpty()) {
            assertThat(ofTest)
                    .as("no %s finding expected; all errors: %s", c.test(), errors)
                    .isEmpty();
            if (c.clean()) {
                assertThat(errors).as("a valid document").isEmpty();
            }
            return;
        }
        for (var where : c.where()) {
            assertThat(ofTest)
                    .as("a %s finding at %s; all errors: %s", c.test(), where.description(), errors)
                    .anyMatch(f -> where.matches().test(f.pointer()));
        }
        if (c.exactly()) {
            assertThat(ofTest)
                    .as("only the %s findings the specification names; all errors: %s", c.test(), errors)
                    .hasSize(c.where().size());
        }
    }

    static Stream<Case> cases() {
        return Stream.of(
                        validBaseDocuments(),
                        t6_1_1(),
                        t6_1_2(),
                        t6_1_3(),
                        t6_1_4(),
                        t6_1_5(),
                        t6_1_6(),
                        t6_1_7(),
                        t6_1_8(),
                        t6_1_9(),
                        t6_1_10(),
                        t6_1_11(),
                        t6_1_12(),
                        t6_1_13(),
                        t6_1_14(),
                        t6_1_15(),
                        t6_1_16(),
                        t6_1_17(),
                        t6_1_18(),
                        t6_1_19(),
                        t6_1_20(),
                        t6_1_21(),
                        t6_1_22(),
                        t6_1_23(),
                        t6_1_24(),
                        t6_1_25(),
                        t6_1_26(),
                        t6_1_27(),
                        t6_1_28(),
                        t6_1_29(),
                        t6_1_30(),
                        t6_1_31(),
                        t6_1_32(),
                        t6_1_33())
                .flatMap(List::stream);
    }

    static final List<String> CATEGORIES = List.of(
            "csaf_base",
            "csaf_security_incident_response",
            "csaf_informational_advisory",
            "csaf_security_advisory",
            "csaf_vex");

    static List<Case> validBaseDocuments() {
        var cases = new ArrayList<Case>();
        for (var category : CATEGORIES) {
            cases.add(valid("6.1", "the base " + category + " document of this suite is valid", doc(category)));
        }
        cases.add(valid("6.1", "the rich csaf_base document (branches, relationships, every list) is valid", rich()));
        return cases;
    }

    static final List<String> STATUSES = List.of(
            "first_affected",
            "first_fixed",
            "fixed",
            "known_affected",
            "known_not_affected",
            "last_affected",
            "recommended",
            "under_investigation");

    static List<Case> t6_1_1() {
        var cases = new ArrayList<Case>();
        cases.add(fails(
                "6.1.1",
                "a product group of products never defined (example 49)",
                with(base(), "/product_tree", """
                        {'product_groups': [{'group_id': 'CSAFGID-1020300',
                          'product_ids': ['CSAFPID-9080700', 'CSAFPID-9080701']}]}"""),
                at("/product_tree/product_groups/0/product_ids/0"),
                at("/product_tree/product_groups/0/product_ids/1")));
        cases.add(fails(
                "6.1.1",
                "a relationship's product_reference is not defined",
                with(base(), "/product_tree/relationships", relationship("CSAFPID-9080710", UNDEFINED, C)),
                at("/product_tree/relationships/0/product_reference")));
        cases.add(fails(
                "6.1.1",
                "a relationship's relates_to_product_reference is not defined",
                with(base(), "/product_tree/relationships", relationship("CSAFPID-9080710", A, UNDEFINED)),
                at("/product_tree/relationships/0/relates_to_product_reference")));
        for (var status : STATUSES) {
            cases.add(fails(
                    "6.1.1",
                    "an undefined product in product_status/" + status,
                    with(
                            base(),
                            "/vulnerabilities/0/product_status",
                            "{'%s': ['%s', '%s']}".formatted(status, A, UNDEFINED)),
                    at("/vulnerabilities/0/product_status/" + status + "/1")));
        }
        cases.add(fails(
                "6.1.1",
                "a remediation for an undefined product",
                with(
                        base(),
                        "/vulnerabilities/0/remediations",
                        "[{'category': 'vendor_fix', 'details': 'Update.', 'product_ids': ['%s', '%s']}]"
                                .formatted(A, UNDEFINED)),
                at("/vulnerabilities/0/remediations/0/product_ids/1")));
        cases.add(fails(
                "6.1.1",
                "a score for an undefined product",
                with(
                        base(),
                        "/vulnerabilities/0/scores",
                        "[{'products': ['%s'], 'cvss_v3': %s}]".formatted(UNDEFINED, V31_98)),
                at("/vulnerabilities/0/scores/0/products/0")));
        cases.add(fails(
                "6.1.1",
                "a threat for an undefined product",
                with(
                        base(),
                        "/vulnerabilities/0/threats",
                        "[{'category': 'exploit_status', 'details': 'Exploited.', 'product_ids': ['%s']}]"
                                .formatted(UNDEFINED)),
                at("/vulnerabilities/0/threats/0/product_ids/0")));
        cases.add(fails(
                "6.1.1",
                "a flag for an undefined product",
                with(
                        base(),
                        "/vulnerabilities/0/flags",
                        "[{'label': 'component_not_present', 'product_ids': ['%s']}]".formatted(UNDEFINED)),
                at("/vulnerabilities/0/flags/0/product_ids/0")));
        cases.add(fails(
                "6.1.1",
                "an undefined product in the second vulnerability",
                with(
                        with(base(), "/vulnerabilities/1", "{'cve': 'CVE-2021-45046'}"),
                        "/vulnerabilities/1/product_status",
                        "{'fixed': ['%s']}".formatted(UNDEFINED)),
                at("/vulnerabilities/1/product_status/fixed/0")));
        cases.add(valid(
                "6.1.1",
                "every path names products defined in full_product_names, a branch at depth or a relationship",
                rich()));
        return cases;
    }

    static List<Case> t6_1_2() {
        var cases = new ArrayList<Case>();
        cases.add(fails(
                "6.1.2",
                "the same product id in two full_product_names (example 50)",
                with(base(), "/product_tree", """
                        {'full_product_names': [
                          {'product_id': 'CSAFPID-9080700', 'name': 'Product A'},
                          {'product_id': 'CSAFPID-9080700', 'name': 'Product B'}]}"""),
                at("/product_tree/full_product_names/1/product_id")));
        cases.add(fails(
                "6.1.2",
                "the same product id in two branches at depth",
                with(base(), "/product_tree/branches", """
                        [{'category': 'vendor', 'name': 'Example Company', 'branches': [
                          {'category': 'product_name', 'name': 'Product D', 'branches': [
                            {'category': 'product_version', 'name': '4.1',
                             'product': {'product_id': 'CSAFPID-9080703', 'name': 'Product D 4.1'}},
                            {'category': 'product_version', 'name': '4.2',
                             'product': {'product_id': 'CSAFPID-9080703', 'name': 'Product D 4.2'}}]}]}]"""),
                at("/product_tree/branches/0/branches/0/branches/1/product/product_id")));
        cases.add(fails(
                "6.1.2",
                "a relationship's full_product_name reuses a product id of full_product_names",
                with(base(), "/product_tree/relationships", relationship(A, B, C)),
                at("/product_tree/relationships/0/full_product_name/product_id")));
        cases.add(fails(
                "6.1.2",
                "a branch and full_product_names define the same product id",
                branchTree(base(), "product_version", "4.2", A),
                atOneOf(
                        "/product_tree/branches/0/branches/0/branches/0/product/product_id",
                        "/product_tree/full_product_names/0/product_id")));
        cases.add(valid("6.1.2", "distinct ids in branches, full_product_names and relationships", rich()));
        return cases;
    }

    static List<Case> t6_1_3() {
        var cases = new ArrayList<Case>();
        cases.add(fails(
                "6.1.3",
                "a relationship's product relates to itself (example 51)",
                with(base(), "/product_tree", """
                        {'full_product_names': [{'product_id': 'CSAFPID-9080700', 'name': 'Product A'}],
                         'relationships': [{'category': 'installed_on',
                           'full_product_name': {'name': 'Product B', 'product_id': 'CSAFPID-9080701'},
                           'product_reference': 'CSAFPID-9080700',
                           'relates_to_product_reference': 'CSAFPID-9080701'}]}"""),
                at("/product_tree/relationships/0/full_product_name/product_id")));
        cases.add(fails(
                "6.1.3",
                "a relationship's product is its own product_reference",
                with(base(), "/product_tree/relationships", relationship("CSAFPID-9080710", "CSAFPID-9080710", C)),
                at("/product_tree/relationships/0/full_product_name/product_id")));
        cases.add(fails(
                "6.1.3",
                "a cycle through two relationships (X relates to Y, Y relates to X)",
                with(base(), "/product_tree/relationships", """
                        [{'category': 'installed_on',
                          'full_product_name': {'name': 'X', 'product_id': 'CSAFPID-9080710'},
                          'product_reference': 'CSAFPID-9080700', 'relates_to_product_reference': 'CSAFPID-9080711'},
                         {'category': 'installed_on',
                          'full_product_name': {'name': 'Y', 'product_id': 'CSAFPID-9080711'},
                          'product_reference': 'CSAFPID-9080701', 'relates_to_product_reference': 'CSAFPID-9080710'}]"""),
                at("/product_tree/relationships/0/full_product_name/product_id"),
                at("/product_tree/relationships/1/full_product_name/product_id")));
        cases.add(valid(
                "6.1.3",
                "a chain of relationships without a cycle (X = A on C, Y = X on B)",
                with(base(), "/product_tree/relationships", """
                        [{'category': 'installed_on',
                          'full_product_name': {'name': 'X', 'product_id': 'CSAFPID-9080710'},
                          'product_reference': 'CSAFPID-9080700', 'relates_to_product_reference': 'CSAFPID-9080702'},
                         {'category': 'installed_on',
                          'full_product_name': {'name': 'Y', 'product_id': 'CSAFPID-9080711'},
                          'product_reference': 'CSAFPID-9080710', 'relates_to_product_reference': 'CSAFPID-9080701'}]""")));
        return cases;
    }

    static List<Case> t6_1_4() {
        var cases = new ArrayList<Case>();
        cases.add(fails(
                "6.1.4",
                "a threat names an undefined group (example 52)",
                with(base(), "/vulnerabilities/0/threats", """
                        [{'category': 'exploit_status', 'details': 'Reliable exploits integrated in Metasploit.',
                          'group_ids': ['CSAFGID-1020301']}]"""),
                at("/vulnerabilities/0/threats/0/group_ids/0")));
        cases.add(fails(
                "6.1.4",
                "a remediation names an undefined group",
                with(
                        base(),
                        "/vulnerabilities/0/remediations",
                        "[{'category': 'vendor_fix', 'details': 'Update.', 'group_ids': ['CSAFGID-0001', 'CSAFGID-1020301']}]"),
                at("/vulnerabilities/0/remediations/0/group_ids/1")));
        cases.add(fails(
                "6.1.4",
                "a flag names an undefined group",
                with(
                        base(),
                        "/vulnerabilities/0/flags",
                        "[{'label': 'component_not_present', 'group_ids': ['CSAFGID-1020301']}]"),
                at("/vulnerabilities/0/flags/0/group_ids/0")));
        var defined = base();
        with(
                defined,
                "/vulnerabilities/0/threats",
                "[{'category': 'exploit_status', 'details': 'None known.', 'group_ids': ['CSAFGID-0001']}]");
        with(
                defined,
                "/vulnerabilities/0/remediations",
                "[{'category': 'vendor_fix', 'details': 'Update.', 'group_ids': ['CSAFGID-0001']}]");
        with(
                defined,
                "/vulnerabilities/0/flags",
                "[{'label': 'component_not_present', 'group_ids': ['CSAFGID-0001']}]");
        cases.add(valid("6.1.4", "threats, remediations and flags name a defined group", defined));
        return cases;
    }

    static List<Case> t6_1_5() {
        var cases = new ArrayList<Case>();
        cases.add(fails(
                "6.1.5",
                "the same group id defined twice (example 53)",
                with(base(), "/product_tree/product_groups", """
                        [{'group_id': 'CSAFGID-1020300', 'product_ids': ['CSAFPID-9080700', 'CSAFPID-9080701']},
                         {'group_id': 'CSAFGID-1020300', 'product_ids': ['CSAFPID-9080700', 'CSAFPID-9080702']}]"""),
                at("/product_tree/product_groups/1/group_id")));
        cases.add(valid(
                "6.1.5",
                "two groups with distinct ids sharing a product",
                with(base(), "/product_tree/product_groups", """
                        [{'group_id': 'CSAFGID-0001', 'product_ids': ['CSAFPID-9080700', 'CSAFPID-9080701']},
                         {'group_id': 'CSAFGID-0002', 'product_ids': ['CSAFPID-9080700', 'CSAFPID-9080702']}]""")));
        return cases;
    }

    static final List<List<String>> CONTRADICTION_GROUPS = List.of(
            List.of("first_affected", "known_affected", "last_affected"),
            List.of("known_not_affected"),
            List.of("first_fixed", "fixed"),
            List.of("under_investigation"));

    static List<Case> t6_1_6() {
        var cases = new ArrayList<Case>();
        for (int i = 0; i < CONTRADICTION_GROUPS.size(); i++) {
            for (int j = i + 1; j < CONTRADICTION_GROUPS.size(); j++) {
                for (var a : CONTRADICTION_GROUPS.get(i)) {
                    for (var b : CONTRADICTION_GROUPS.get(j)) {
                        var example =
                                a.equals("known_affected") && b.equals("known_not_affected") ? " (example 54)" : "";
                        cases.add(fails(
                                "6.1.6",
                                "a product both %s and %s%s".formatted(a, b, example),
                                with(
                                        base(),
                                        "/vulnerabilities/0/product_status",
                                        "{'%s': ['%s'], '%s': ['%s']}".formatted(a, A, b, A)),
                                atOneOf(
                                        "/vulnerabilities/0/product_status/" + a + "/0",
                                        "/vulnerabilities/0/product_status/" + b + "/0")));
                    }
                }
            }
        }
        cases.add(fails(
                "6.1.6",
                "a contradiction in the second vulnerability, second item of each list",
                with(
                        with(base(), "/vulnerabilities/1", "{'cve': 'CVE-2021-45046'}"),
                        "/vulnerabilities/1/product_status",
                        "{'known_affected': ['%s', '%s'], 'fixed': ['%s', '%s']}".formatted(A, B, C, B)),
                atOneOf(
                        "/vulnerabilities/1/product_status/known_affected/1",
                        "/vulnerabilities/1/product_status/fixed/1")));
        cases.add(valid(
                "6.1.6",
                "one product in first_affected, known_affected and last_affected (one group)",
                with(
                        base(),
                        "/vulnerabilities/0/product_status",
                        "{'first_affected': ['%s'], 'known_affected': ['%s'], 'last_affected': ['%s']}"
                                .formatted(A, A, A))));
        cases.add(valid(
                "6.1.6",
                "one product in first_fixed and fixed (one group)",
                with(
                        base(),
                        "/vulnerabilities/0/product_status",
                        "{'first_fixed': ['%s'], 'fixed': ['%s']}".formatted(A, A))));
        cases.add(valid(
                "6.1.6",
                "a product recommended and known_affected (recommended contradicts nothing)",
                with(
                        base(),
                        "/vulnerabilities/0/product_status",
                        "{'recommended': ['%s'], 'known_affected': ['%s']}".formatted(A, A))));
        cases.add(valid(
                "6.1.6",
                "a product recommended and known_not_affected",
                with(
                        base(),
                        "/vulnerabilities/0/product_status",
                        "{'recommended': ['%s'], 'known_not_affected': ['%s']}".formatted(A, A))));
        cases.add(valid(
                "6.1.6",
                "a product affected by one vulnerability and fixed for another",
                with(
                        with(base(), "/vulnerabilities/0/product_status", "{'known_affected': ['%s']}".formatted(A)),
                        "/vulnerabilities/1",
                        "{'cve': 'CVE-2021-45046', 'product_status': {'fixed': ['%s']}}".formatted(A))));
        return cases;
    }

    static List<Case> t6_1_7() {
        var cases = new ArrayList<Case>();
        cases.add(fails(
                "6.1.7",
                "two CVSS v3.1 scores for one product (example 55)",
                with(base(), "/vulnerabilities/0/scores", """
                        [{'products': ['CSAFPID-9080700'],
                          'cvss_v3': {'version': '3.1', 'vectorString': 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H',
                            'baseScore': 10, 'baseSeverity': 'CRITICAL'}},
                         {'products': ['CSAFPID-9080700'],
                          'cvss_v3': {'version': '3.1', 'vectorString': 'CVSS:3.1/AV:L/AC:L/PR:H/UI:R/S:U/C:H/I:H/A:H',
                            'baseScore': 6.5, 'baseSeverity': 'MEDIUM'}}]"""),
                atOneOf("/vulnerabilities/0/scores/1/products/0", "/vulnerabilities/0/scores/1")));
        cases.add(fails(
                "6.1.7",
                "two CVSS v2 scores for one product",
                with(
                        base(),
                        "/vulnerabilities/0/scores",
                        "[{'products': ['%s'], 'cvss_v2': %s}, {'products': ['%s', '%s'], 'cvss_v2': %s}]"
                                .formatted(A, V2_75, B, A, V2_100)),
                atOneOf("/vulnerabilities/0/scores/1/products/1", "/vulnerabilities/0/scores/1")));
        cases.add(fails(
                "6.1.7",
                "two CVSS v3.0 scores for one product",
                with(
                        base(),
                        "/vulnerabilities/0/scores",
                        "[{'products': ['%s'], 'cvss_v3': %s}, {'products': ['%s'], 'cvss_v3': %s}]"
                                .formatted(A, V30_98, A, V30_98)),
                atOneOf("/vulnerabilities/0/scores/1/products/0", "/vulnerabilities/0/scores/1")));
        cases.add(valid(
                "6.1.7",
                "a CVSS v3.0 and a CVSS v3.1 score for one product (different versions)",
                with(
                        base(),
                        "/vulnerabilities/0/scores",
                        "[{'products': ['%s'], 'cvss_v3': %s}, {'products': ['%s'], 'cvss_v3': %s}]"
                                .formatted(A, V30_98, A, V31_98))));
        cases.add(valid(
                "6.1.7",
                "a CVSS v2 and a CVSS v3.1 score for one product in one score item",
                with(
                        base(),
                        "/vulnerabilities/0/scores",
                        "[{'products': ['%s'], 'cvss_v2': %s, 'cvss_v3': %s}]".formatted(A, V2_75, V31_98))));
        cases.add(valid(
                "6.1.7",
                "two CVSS v3.1 scores for different products",
                with(
                        base(),
                        "/vulnerabilities/0/scores",
                        "[{'products': ['%s'], 'cvss_v3': %s}, {'products': ['%s'], 'cvss_v3': %s}]"
                                .formatted(A, V31_98, B, V31_98))));
        cases.add(valid(
                "6.1.7",
                "one CVSS v3.1 score for the same product in each of two vulnerabilities",
                with(
                        with(
                                base(),
                                "/vulnerabilities/0/scores",
                                "[{'products': ['%s'], 'cvss_v3': %s}]".formatted(A, V31_98)),
                        "/vulnerabilities/1",
                        "{'cve': 'CVE-2021-45046', 'scores': [{'products': ['%s'], 'cvss_v3': %s}]}"
                                .formatted(A, V31_98))));
        return cases;
    }

    static List<Case> t6_1_8() {
        var v3 = "/vulnerabilities/0/scores/0/cvss_v3";
        var v2 = "/vulnerabilities/0/scores/0/cvss_v2";
        var cases = new ArrayList<Case>();
        cases.add(fails(
                "6.1.8",
                "cvss_v3 without baseSeverity (example 56)",
                scored(
                        "cvss_v3",
                        "{'version': '3.1', 'vectorString': 'CVSS:3.1/AV:L/AC:L/PR:H/UI:R/S:U/C:H/I:H/A:H', 'baseScore': 6.5}"),
                under(v3)));
        cases.add(fails(
                "6.1.8",
                "cvss_v3 with a baseScore above 10",
                scored(
                        "cvss_v3",
                        "{'version': '3.1', 'vectorString': 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', 'baseScore': 10.5, 'baseSeverity': 'CRITICAL'}"),
                under(v3)));
        cases.add(fails(
                "6.1.8",
                "cvss_v3 version 3.0 with a CVSS:3.1 vector (no CVSS schema accepts it, so this is 6.1.8, not 6.1.10)",
                scored(
                        "cvss_v3",
                        "{'version': '3.0', 'vectorString': 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', 'baseScore': 9.8, 'baseSeverity': 'CRITICAL'}"),
                under(v3)));
        cases.add(fails(
                "6.1.8",
                "cvss_v3 with an unknown baseSeverity",
                scored(
                        "cvss_v3",
                        "{'version': '3.1', 'vectorString': 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', 'baseScore': 9.8, 'baseSeverity': 'SEVERE'}"),
                under(v3)));
        cases.add(fails(
                "6.1.8",
                "cvss_v2 with a bad vectorString (A:X)",
                scored("cvss_v2", "{'version': '2.0', 'vectorString': 'AV:N/AC:L/Au:N/C:P/I:P/A:X', 'baseScore': 7.5}"),
                under(v2)));
        cases.add(fails(
                "6.1.8",
                "cvss_v2 without baseScore",
                scored("cvss_v2", "{'version': '2.0', 'vectorString': 'AV:N/AC:L/Au:N/C:P/I:P/A:P'}"),
                under(v2)));
        cases.add(valid("6.1.8", "a complete CVSS v3.1 object", scored("cvss_v3", V31_98)));
        cases.add(valid("6.1.8", "a complete CVSS v3.0 object", scored("cvss_v3", V30_98)));
        cases.add(valid("6.1.8", "a complete CVSS v2 object", scored("cvss_v2", V2_75)));
        return cases;
    }

    static final String V31_TEMPORAL = "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/E:P/RL:O/RC:C";
    /** Base 9.8 CRITICAL, temporal 8.9 HIGH, environmental 4.4 MEDIUM. */
    static final String V31_FULL = "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/E:F/RL:W/RC:R"
            + "/CR:L/IR:M/AR:H/MAV:A/MAC:H/MPR:L/MUI:R/MS:U/MC:L/MI:H/MA:N";
    /** Base 9.8 CRITICAL, temporal 8.9 HIGH, environmental 5.3 MEDIUM (scope changed in the environment). */
    static final String V30_FULL = "CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/E:F/RL:W/RC:R"
            + "/CR:L/IR:M/AR:H/MAV:A/MAC:H/MPR:L/MUI:R/MS:C/MC:L/MI:H/MA:N";
    /** The CVSS v2 guide's CVE-2002-0392: base 7.8, temporal 6.4, environmental 9.2. */
    static final String V2_FULL = "AV:N/AC:L/Au:N/C:N/I:N/A:C/E:F/RL:OF/RC:C/CDP:H/TD:H/CR:M/IR:M/AR:H";

    static String cvss3(String vector, String scores) {
        var version = vector.substring(5, 8);
        return "{'version': '%s', 'vectorString': '%s', %s}".formatted(version, vector, scores);
    }

    static List<Case> t6_1_9() {
        var v3 = "/vulnerabilities/0/scores/0/cvss_v3";
        var v2 = "/vulnerabilities/0/scores/0/cvss_v2";
        var cases = new ArrayList<Case>();
        cases.add(fails(
                        "6.1.9",
                        "CVSS v3.1 baseScore 10.0 and baseSeverity LOW for a 6.5 MEDIUM vector (example 57)",
                        scored(
                                "cvss_v3",
                                cvss3(
                                        "CVSS:3.1/AV:L/AC:L/PR:H/UI:R/S:U/C:H/I:H/A:H",
                                        "'baseScore': 10.0, 'baseSeverity': 'LOW'")),
                        at(v3 + "/baseScore"),
                        at(v3 + "/baseSeverity"))
                .only());
        cases.add(fails(
                        "6.1.9",
                        "CVSS v3.1 right baseScore 9.8, wrong baseSeverity HIGH",
                        scored(
                                "cvss_v3",
                                cvss3(
                                        "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H",
                                        "'baseScore': 9.8, 'baseSeverity': 'HIGH'")),
                        at(v3 + "/baseSeverity"))
                .only());
        cases.add(fails(
                        "6.1.9",
                        "CVSS v3.0 baseScore 9.6 for a 9.9 vector",
                        scored(
                                "cvss_v3",
                                cvss3(
                                        "CVSS:3.0/AV:N/AC:L/PR:L/UI:N/S:C/C:H/I:H/A:H",
                                        "'baseScore': 9.6, 'baseSeverity': 'CRITICAL'")),
                        at(v3 + "/baseScore"))
                .only());
        cases.add(fails(
                        "6.1.9",
                        "CVSS v3.1 temporalScore 9.8 where E:P/RL:O/RC:C give 8.8",
                        scored(
                                "cvss_v3",
                                cvss3(
                                        V31_TEMPORAL,
                                        "'baseScore': 9.8, 'baseSeverity': 'CRITICAL', 'temporalScore': 9.8, 'temporalSeverity': 'HIGH'")),
                        at(v3 + "/temporalScore"))
                .only());
        cases.add(fails(
                        "6.1.9",
                        "CVSS v3.1 temporalSeverity CRITICAL for a temporal score of 8.8",
                        scored(
                                "cvss_v3",
                                cvss3(
                                        V31_TEMPORAL,
                                        "'baseScore': 9.8, 'baseSeverity': 'CRITICAL', 'temporalScore': 8.8, 'temporalSeverity': 'CRITICAL'")),
                        at(v3 + "/temporalSeverity"))
                .only());
        cases.add(fails(
                        "6.1.9",
                        "CVSS v3.1 temporalScore 5.0 for a vector without temporal metrics (temporal = base 9.8)",
                        scored(
                                "cvss_v3",
                                cvss3(
                                        "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H",
                                        "'baseScore': 9.8, 'baseSeverity': 'CRITICAL', 'temporalScore': 5.0")),
                        at(v3 + "/temporalScore"))
                .only());
        cases.add(fails(
                        "6.1.9",
                        "CVSS v3.1 environmentalScore 9.8 where the environment gives 4.4",
                        scored(
                                "cvss_v3",
                                cvss3(
                                        V31_FULL,
                                        "'baseScore': 9.8, 'baseSeverity': 'CRITICAL', 'temporalScore': 8.9, 'temporalSeverity': 'HIGH', 'environmentalScore': 9.8, 'environmentalSeverity': 'MEDIUM'")),
                        at(v3 + "/environmentalScore"))
                .only());
        cases.add(fails(
                        "6.1.9",
                        "CVSS v3.1 environmentalSeverity LOW for an environmental score of 4.4",
                        scored(
                                "cvss_v3",
                                cvss3(
                                        V31_FULL,
                                        "'baseScore': 9.8, 'baseSeverity': 'CRITICAL', 'temporalScore': 8.9, 'temporalSeverity': 'HIGH', 'environmentalScore': 4.4, 'environmentalSeverity': 'LOW'")),
                        at(v3 + "/environmentalSeverity"))
                .only());
        cases.add(fails(
                        "6.1.9",
                        "CVSS v3.0 temporalScore 9.8 and environmentalScore 4.4 where the vector gives 8.9 and 5.3",
                        scored(
                                "cvss_v3",
                                cvss3(
                                        V30_FULL,
                                        "'baseScore': 9.8, 'baseSeverity': 'CRITICAL', 'temporalScore': 9.8, 'temporalSeverity': 'HIGH', 'environmentalScore': 4.4, 'environmentalSeverity': 'MEDIUM'")),
                        at(v3 + "/temporalScore"),
                        at(v3 + "/environmentalScore"))
                .only());
        cases.add(fails(
                        "6.1.9",
                        "CVSS v2 baseScore 10.0 for AV:N/AC:L/Au:N/C:P/I:P/A:P (7.5)",
                        scored(
                                "cvss_v2",
                                "{'version': '2.0', 'vectorString': 'AV:N/AC:L/Au:N/C:P/I:P/A:P', 'baseScore': 10.0}"),
                        at(v2 + "/baseScore"))
                .only());
        cases.add(fails(
                        "6.1.9",
                        "CVSS v2 temporalScore 7.8 where E:F/RL:OF/RC:C give 6.4",
                        scored(
                                "cvss_v2",
                                "{'version': '2.0', 'vectorString': '%s', 'baseScore': 7.8, 'temporalScore': 7.8, 'environmentalScore': 9.2}"
                                        .formatted(V2_FULL)),
                        at(v2 + "/temporalScore"))
                .only());
        cases.add(fails(
                        "6.1.9",
                        "CVSS v2 environmentalScore 7.8 where the environment gives 9.2",
                        scored(
                                "cvss_v2",
                                "{'version': '2.0', 'vectorString': '%s', 'baseScore': 7.8, 'temporalScore': 6.4, 'environmentalScore': 7.8}"
                                        .formatted(V2_FULL)),
                        at(v2 + "/environmentalScore"))
                .only());
        cases.add(
                valid(
                        "6.1.9",
                        "CVSS v3.1 base, temporal and environmental scores and severities all right",
                        scored(
                                "cvss_v3",
                                cvss3(
                                        V31_FULL,
                                        "'baseScore': 9.8, 'baseSeverity': 'CRITICAL', 'temporalScore': 8.9, 'temporalSeverity': 'HIGH', 'environmentalScore': 4.4, 'environmentalSeverity': 'MEDIUM'"))));
        cases.add(
                valid(
                        "6.1.9",
                        "CVSS v3.0 base, temporal and environmental scores and severities all right",
                        scored(
                                "cvss_v3",
                                cvss3(
                                        V30_FULL,
                                        "'baseScore': 9.8, 'baseSeverity': 'CRITICAL', 'temporalScore': 8.9, 'temporalSeverity': 'HIGH', 'environmentalScore': 5.3, 'environmentalSeverity': 'MEDIUM'"))));
        cases.add(
                valid(
                        "6.1.9",
                        "CVSS v3.1 AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H is 9.8 CRITICAL, temporal equal to base",
                        scored(
                                "cvss_v3",
                                cvss3(
                                        "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H",
                                        "'baseScore': 9.8, 'baseSeverity': 'CRITICAL', 'temporalScore': 9.8, 'temporalSeverity': 'CRITICAL'"))));
        cases.add(valid(
                "6.1.9",
                "CVSS v3.1 without impact is 0.0 NONE",
                scored(
                        "cvss_v3",
                        cvss3(
                                "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:N",
                                "'baseScore': 0.0, 'baseSeverity': 'NONE'"))));
        cases.add(valid(
                "6.1.9",
                "CVSS v3.1 scope changed AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H is 10.0 CRITICAL",
                scored(
                        "cvss_v3",
                        cvss3(
                                "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H",
                                "'baseScore': 10.0, 'baseSeverity': 'CRITICAL'"))));
        cases.add(valid("6.1.9", "CVSS v2 AV:N/AC:L/Au:N/C:P/I:P/A:P is 7.5", scored("cvss_v2", V2_75)));
        cases.add(valid(
                "6.1.9",
                "CVSS v2 base 7.8, temporal 6.4, environmental 9.2 (the CVSS v2 guide's example)",
                scored(
                        "cvss_v2",
                        "{'version': '2.0', 'vectorString': '%s', 'baseScore': 7.8, 'temporalScore': 6.4, 'environmentalScore': 9.2}"
                                .formatted(V2_FULL))));
        return cases;
    }

    static List<Case> t6_1_10() {
        var v3 = "/vulnerabilities/0/scores/0/cvss_v3";
        var v2 = "/vulnerabilities/0/scores/0/cvss_v2";
        var cases = new ArrayList<Case>();
        cases.add(fails(
                        "6.1.10",
                        "attackVector, scope and availabilityImpact contradict the vector (example 58)",
                        scored("cvss_v3", cvss3("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", """
                        'baseScore': 9.8, 'baseSeverity': 'CRITICAL', 'attackVector': 'LOCAL', 'attackComplexity': 'LOW',
                        'privilegesRequired': 'NONE', 'userInteraction': 'NONE', 'scope': 'CHANGED',
                        'confidentialityImpact': 'HIGH', 'integrityImpact': 'HIGH', 'availabilityImpact': 'LOW'""")),
                        at(v3 + "/attackVector"),
                        at(v3 + "/scope"),
                        at(v3 + "/availabilityImpact"))
                .only());
        cases.add(fails(
                        "6.1.10",
                        "CVSS v3.1 exploitCodeMaturity FUNCTIONAL where the vector says E:P",
                        scored(
                                "cvss_v3",
                                cvss3(
                                        V31_TEMPORAL,
                                        "'baseScore': 9.8, 'baseSeverity': 'CRITICAL', 'exploitCodeMaturity': 'FUNCTIONAL'")),
                        at(v3 + "/exploitCodeMaturity"))
                .only());
        cases.add(fails(
                        "6.1.10",
                        "CVSS v3.1 modifiedAttackVector NETWORK where the vector says MAV:A",
                        scored(
                                "cvss_v3",
                                cvss3(
                                        V31_FULL,
                                        "'baseScore': 9.8, 'baseSeverity': 'CRITICAL', 'modifiedAttackVector': 'NETWORK'")),
                        at(v3 + "/modifiedAttackVector"))
                .only());
        cases.add(fails(
                        "6.1.10",
                        "CVSS v3.0 privilegesRequired HIGH where the vector says PR:N",
                        scored(
                                "cvss_v3",
                                cvss3(
                                        "CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H",
                                        "'baseScore': 9.8, 'baseSeverity': 'CRITICAL', 'privilegesRequired': 'HIGH'")),
                        at(v3 + "/privilegesRequired"))
                .only());
        cases.add(fails(
                        "6.1.10",
                        "CVSS v2 accessVector LOCAL where the vector says AV:N",
                        scored(
                                "cvss_v2",
                                "{'version': '2.0', 'vectorString': 'AV:N/AC:L/Au:N/C:P/I:P/A:P', 'baseScore': 7.5, 'accessVector': 'LOCAL'}"),
                        at(v2 + "/accessVector"))
                .only());
        cases.add(fails(
                        "6.1.10",
                        "CVSS v2 authentication SINGLE and integrityImpact COMPLETE where the vector says Au:N and I:P",
                        scored("cvss_v2", """
                        {'version': '2.0', 'vectorString': 'AV:N/AC:L/Au:N/C:P/I:P/A:P', 'baseScore': 7.5,
                         'accessVector': 'NETWORK', 'authentication': 'SINGLE', 'integrityImpact': 'COMPLETE'}"""),
                        at(v2 + "/authentication"),
                        at(v2 + "/integrityImpact"))
                .only());
        cases.add(fails(
                        "6.1.10",
                        "CVSS v2 exploitability and collateralDamagePotential contradict E:F and CDP:H",
                        scored("cvss_v2", """
                        {'version': '2.0', 'vectorString': '%s', 'baseScore': 7.8, 'temporalScore': 6.4,
                         'environmentalScore': 9.2, 'exploitability': 'PROOF_OF_CONCEPT',
                         'collateralDamagePotential': 'LOW'}""".formatted(V2_FULL)),
                        at(v2 + "/exploitability"),
                        at(v2 + "/collateralDamagePotential"))
                .only());
        cases.add(valid(
                "6.1.10", "every CVSS v3.1 property agrees with the vector", scored("cvss_v3", cvss3(V31_FULL, """
                        'baseScore': 9.8, 'baseSeverity': 'CRITICAL', 'attackVector': 'NETWORK', 'attackComplexity': 'LOW',
                        'privilegesRequired': 'NONE', 'userInteraction': 'NONE', 'scope': 'UNCHANGED',
                        'confidentialityImpact': 'HIGH', 'integrityImpact': 'HIGH', 'availabilityImpact': 'HIGH',
                        'exploitCodeMaturity': 'FUNCTIONAL', 'remediationLevel': 'WORKAROUND', 'reportConfidence': 'REASONABLE',
                        'temporalScore': 8.9, 'temporalSeverity': 'HIGH',
                        'confidentialityRequirement': 'LOW', 'integrityRequirement': 'MEDIUM', 'availabilityRequirement': 'HIGH',
                        'modifiedAttackVector': 'ADJACENT_NETWORK', 'modifiedAttackComplexity': 'HIGH',
                        'modifiedPrivilegesRequired': 'LOW', 'modifiedUserInteraction': 'REQUIRED', 'modifiedScope': 'UNCHANGED',
                        'modifiedConfidentialityImpact': 'LOW', 'modifiedIntegrityImpact': 'HIGH',
                        'modifiedAvailabilityImpact': 'NONE', 'environmentalScore': 4.4, 'environmentalSeverity': 'MEDIUM'"""))));
        cases.add(valid(
                "6.1.10",
                "every CVSS v3.0 base property agrees with the vector",
                scored("cvss_v3", cvss3("CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", """
                        'baseScore': 9.8, 'baseSeverity': 'CRITICAL', 'attackVector': 'NETWORK', 'attackComplexity': 'LOW',
                        'privilegesRequired': 'NONE', 'userInteraction': 'NONE', 'scope': 'UNCHANGED',
                        'confidentialityImpact': 'HIGH', 'integrityImpact': 'HIGH', 'availabilityImpact': 'HIGH'"""))));
        cases.add(valid(
                "6.1.10", "every CVSS v2 property agrees with the vector", scored("cvss_v2", """
                        {'version': '2.0', 'vectorString': '%s', 'accessVector': 'NETWORK', 'accessComplexity': 'LOW',
                         'authentication': 'NONE', 'confidentialityImpact': 'NONE', 'integrityImpact': 'NONE',
                         'availabilityImpact': 'COMPLETE', 'baseScore': 7.8, 'exploitability': 'FUNCTIONAL',
                         'remediationLevel': 'OFFICIAL_FIX', 'reportConfidence': 'CONFIRMED', 'temporalScore': 6.4,
                         'collateralDamagePotential': 'HIGH', 'targetDistribution': 'HIGH',
                         'confidentialityRequirement': 'MEDIUM', 'integrityRequirement': 'MEDIUM',
                         'availabilityRequirement': 'HIGH', 'environmentalScore': 9.2}""".formatted(V2_FULL))));
        return cases;
    }

    static final String XSS = "Improper Neutralization of Input During Web Page Generation ('Cross-site Scripting')";

    static List<Case> t6_1_11() {
        var cases = new ArrayList<Case>();
        cases.add(fails(
                "6.1.11",
                "CWE-79 named 'Improper Input Validation' (example 59)",
                cwe("CWE-79", "Improper Input Validation"),
                atOneOf("/vulnerabilities/0/cwe/name", "/vulnerabilities/0/cwe")));
        cases.add(fails(
                "6.1.11",
                "CWE-999999 does not exist",
                cwe("CWE-999999", "Imaginary Weakness"),
                atOneOf("/vulnerabilities/0/cwe/id", "/vulnerabilities/0/cwe")));
        cases.add(fails(
                "6.1.11",
                "a CWE in the second vulnerability with the name of another weakness",
                text(
                        with(
                                with(base(), "/vulnerabilities/1", "{'cve': 'CVE-2021-45046'}"),
                                "/vulnerabilities/1/cwe",
                                "{'id': 'CWE-20'}"),
                        "/vulnerabilities/1/cwe/name",
                        XSS),
                atOneOf("/vulnerabilities/1/cwe/name", "/vulnerabilities/1/cwe")));
        cases.add(valid("6.1.11", "CWE-79 with its catalogue name", cwe("CWE-79", XSS)));
        cases.add(valid("6.1.11", "CWE-20 'Improper Input Validation'", cwe("CWE-20", "Improper Input Validation")));
        return cases;
    }

    static List<Case> t6_1_12() {
        var cases = new ArrayList<Case>();
        cases.add(fails(
                "6.1.12", "lang EZ, a region not a language (example 60)", lang("EZ", null), at("/document/lang")));
        cases.add(fails("6.1.12", "source_lang EZ", lang("en", "EZ"), at("/document/source_lang")));
        cases.add(fails(
                "6.1.12", "lang qq, well-formed but no such language subtag", lang("qq", null), at("/document/lang")));
        cases.add(fails("6.1.12", "lang en-Abcd, no such script subtag", lang("en-Abcd", null), at("/document/lang")));
        cases.add(fails("6.1.12", "lang de-DX, no such region subtag", lang("de-DX", null), at("/document/lang")));
        cases.add(fails("6.1.12", "lang en-999, no such UN M.49 region", lang("en-999", null), at("/document/lang")));
        for (var tag :
                List.of("en", "en-US", "de-DE", "zh-Hans-CN", "sr-Latn-RS", "es-419", "i-default", "qaa", "qtz")) {
            cases.add(valid("6.1.12", "lang " + tag, lang(tag, null)));
        }
        cases.add(valid("6.1.12", "lang en-US translated from de-DE", lang("en-US", "de-DE")));
        return cases;
    }

    static List<Case> t6_1_13() {
        var cases = new ArrayList<Case>();
        var full = "/product_tree/full_product_names/0/product_identification_helper/purl";
        var branch = "/product_tree/branches/0/branches/0/branches/0/product/product_identification_helper/purl";
        var related = "/product_tree/relationships/0/full_product_name/product_identification_helper/purl";
        cases.add(fails(
                "6.1.13",
                "pkg:maven/@1.3.4 has no name (example 61)",
                text(base(), full, "pkg:maven/@1.3.4"),
                at(full)));
        cases.add(fails(
                "6.1.13",
                "a purl without a name in a branch at depth",
                text(branchTree(base(), "product_version", "4.2", "CSAFPID-9080703"), branch, "pkg:maven/@1.3.4"),
                at(branch)));
        cases.add(fails(
                "6.1.13",
                "a purl without a name in a relationship's full_product_name",
                text(
                        with(base(), "/product_tree/relationships", relationship("CSAFPID-9080710", A, C)),
                        related,
                        "pkg:npm/@1.0.0"),
                at(related)));
        cases.add(fails(
                "6.1.13",
                "a purl qualifier key that starts with a digit",
                text(base(), full, "pkg:npm/foobar@12.3.1?1arch=x86"),
                at(full)));
        cases.add(valid(
                "6.1.13",
                "pkg:npm/%40angular/animation@12.3.1",
                text(base(), full, "pkg:npm/%40angular/animation@12.3.1")));
        cases.add(valid(
                "6.1.13",
                "a purl with namespace and qualifiers in a branch at depth",
                text(
                        branchTree(base(), "product_version", "4.2", "CSAFPID-9080703"),
                        branch,
                        "pkg:maven/org.apache.xmlgraphics/batik-anim@1.9.1?packaging=sources")));
        cases.add(valid(
                "6.1.13",
                "a purl with qualifiers in a relationship's full_product_name",
                text(
                        with(base(), "/product_tree/relationships", relationship("CSAFPID-9080710", A, C)),
                        related,
                        "pkg:deb/debian/curl@7.50.3-1?arch=i386&distro=jessie")));
        return cases;
    }

    static List<Case> t6_1_14() {
        var cases = new ArrayList<Case>();
        cases.add(fails(
                "6.1.14",
                "version 2 dated before version 1 (example 62)",
                tracking("final", "1", "2 2021-07-22T10:00:00.000Z", "1 2021-07-23T10:00:00.000Z"),
                under(HISTORY)));
        cases.add(fails(
                "6.1.14",
                "semantic 1.1.0 dated before 1.0.0",
                tracking("final", "1.0.0", "1.1.0 2021-07-22T10:00:00.000Z", "1.0.0 2021-07-23T10:00:00.000Z"),
                under(HISTORY)));
        cases.add(fails(
                "6.1.14",
                "semantic 1.10.0 dated before 1.9.0 (versions compare by number, not as text)",
                tracking(
                        "final",
                        "1.9.0",
                        "1.0.0 2021-07-20T10:00:00Z",
                        "1.10.0 2021-07-22T10:00:00Z",
                        "1.9.0 2021-07-23T10:00:00Z"),
                under(HISTORY)));
        cases.add(fails(
                "6.1.14",
                "version 2 at 11:00+02:00 is earlier than version 1 at 10:00Z (dates compare as instants)",
                tracking("final", "2", "1 2021-07-22T10:00:00Z", "2 2021-07-22T11:00:00+02:00"),
                under(HISTORY)));
        cases.add(valid(
                "6.1.14",
                "integer versions listed out of order whose dates ascend with the numbers",
                tracking("final", "2", "2 2021-07-22T10:00:00.000Z", "1 2021-07-21T10:00:00.000Z")));
        cases.add(valid(
                "6.1.14",
                "semantic 1.0.0 then 1.1.0 by date",
                tracking("final", "1.1.0", "1.0.0 2021-07-21T10:00:00.000Z", "1.1.0 2021-07-22T10:00:00.000Z")));
        cases.add(valid(
                "6.1.14",
                "semantic 1.9.0 then 1.10.0 by date",
                tracking("final", "1.10.0", "1.9.0 2021-07-21T10:00:00Z", "1.10.0 2021-07-22T10:00:00Z")));
        cases.add(valid(
                "6.1.14",
                "version 1 at 10:00+02:00 is earlier than version 2 at 09:00Z (dates compare as instants)",
                tracking("final", "2", "1 2021-07-22T10:00:00+02:00", "2 2021-07-22T09:00:00Z")));
        return cases;
    }

    static List<Case> t6_1_15() {
        var cases = new ArrayList<Case>();
        var translator =
                "{'category': 'translator', 'name': 'CSAF TC Translator', 'namespace': 'https://csaf.io/translator'}";
        cases.add(fails(
                "6.1.15",
                "publisher translator without source_lang (example 63)",
                with(base(), "/document/publisher", translator),
                at("/document/source_lang")));
        cases.add(valid(
                "6.1.15",
                "publisher translator with source_lang de and lang en",
                with(lang("en", "de"), "/document/publisher", translator)));
        cases.add(valid("6.1.15", "a coordinator publisher without source_lang", base()));
        return cases;
    }

    static final String HISTORY = "/document/tracking/revision_history";
    static final String VERSION = "/document/tracking/version";
    static final String STATUS = "/document/tracking/status";

    static List<Case> t6_1_16() {
        var cases = new ArrayList<Case>();
        cases.add(fails(
                "6.1.16",
                "version 1 with a newest revision 2 (example 64)",
                tracking("final", "1", "1 2021-07-21T09:00:00.000Z", "2 2021-07-21T10:00:00.000Z"),
                at(VERSION)));
        cases.add(fails(
                "6.1.16",
                "version 1 when the newest revision by date is 2, listed first",
                tracking("final", "1", "2 2021-07-21T10:00:00.000Z", "1 2021-07-21T09:00:00.000Z"),
                at(VERSION)));
        cases.add(fails(
                "6.1.16",
                "semantic version 1.0.0 with a newest revision 1.1.0",
                tracking("final", "1.0.0", "1.0.0 2021-07-21T09:00:00.000Z", "1.1.0 2021-07-21T10:00:00.000Z"),
                at(VERSION)));
        cases.add(fails(
                "6.1.16",
                "a final document's pre-release part is not ignored (1.0.0-rc.1 against 1.0.0)",
                tracking("final", "1.0.0-rc.1", "1.0.0 2021-07-21T09:00:00.000Z"),
                at(VERSION)));
        cases.add(valid(
                "6.1.16",
                "version 2 with revisions 1 and 2",
                tracking("final", "2", "1 2021-07-21T09:00:00.000Z", "2 2021-07-21T10:00:00.000Z")));
        cases.add(valid(
                "6.1.16",
                "semantic version 1.1.0 with revisions 1.0.0 and 1.1.0",
                tracking("final", "1.1.0", "1.0.0 2021-07-21T09:00:00.000Z", "1.1.0 2021-07-21T10:00:00.000Z")));
        cases.add(valid(
                "6.1.16",
                "version 1.0.0+build.7 against revision 1.0.0 (build metadata ignored)",
                tracking("final", "1.0.0+build.7", "1.0.0 2021-07-21T09:00:00.000Z")));
        cases.add(valid(
                "6.1.16",
                "version 1.0.0 against revision 1.0.0+exp.sha.5114f85 (build metadata ignored)",
                tracking("final", "1.0.0", "1.0.0+exp.sha.5114f85 2021-07-21T09:00:00.000Z")));
        cases.add(valid(
                "6.1.16",
                "a draft's version 1.1.0-rc.1 against newest revision 1.1.0 (pre-release ignored for draft)",
                tracking("draft", "1.1.0-rc.1", "1.0.0 2021-07-21T09:00:00.000Z", "1.1.0 2021-07-21T10:00:00.000Z")));
        return cases;
    }

    static List<Case> t6_1_17() {
        var cases = new ArrayList<Case>();
        cases.add(fails(
                "6.1.17",
                "final with version 0.9.5 (example 65)",
                tracking("final", "0.9.5", "0.9.5 2021-07-21T09:00:00Z"),
                at(STATUS)));
        cases.add(fails(
                "6.1.17", "interim with version 0", tracking("interim", "0", "0 2021-07-21T09:00:00Z"), at(STATUS)));
        cases.add(fails(
                "6.1.17",
                "final with a pre-release version 1.0.0-rc.1",
                tracking("final", "1.0.0-rc.1", "1.0.0 2021-07-21T09:00:00Z"),
                at(STATUS)));
        cases.add(
                valid("6.1.17", "draft with version 0.9.5", tracking("draft", "0.9.5", "0.9.5 2021-07-21T09:00:00Z")));
        cases.add(valid("6.1.17", "draft with version 0", tracking("draft", "0", "0 2021-07-21T09:00:00Z")));
        cases.add(
                valid("6.1.17", "final with version 1.0.0", tracking("final", "1.0.0", "1.0.0 2021-07-21T09:00:00Z")));
        return cases;
    }

    static List<Case> t6_1_18() {
        var cases = new ArrayList<Case>();
        cases.add(fails(
                "6.1.18",
                "final with a revision numbered 0 (example 66)",
                tracking("final", "1", "0 2021-05-17T10:00:00.000Z", "1 2021-07-21T10:00:00.000Z"),
                at(HISTORY + "/0/number")));
        cases.add(fails(
                "6.1.18",
                "interim with a revision numbered 0.1.0",
                tracking("interim", "1.0.0", "0.1.0 2021-05-17T10:00:00.000Z", "1.0.0 2021-07-21T10:00:00.000Z"),
                at(HISTORY + "/0/number")));
        cases.add(valid(
                "6.1.18",
                "draft with revisions 0 and 1",
                tracking("draft", "1", "0 2021-05-17T10:00:00.000Z", "1 2021-07-21T10:00:00.000Z")));
        cases.add(valid(
                "6.1.18",
                "final with revisions 1.0.0 and 1.0.1",
                tracking("final", "1.0.1", "1.0.0 2021-05-17T10:00:00.000Z", "1.0.1 2021-07-21T10:00:00.000Z")));
        return cases;
    }

    static List<Case> t6_1_19() {
        var cases = new ArrayList<Case>();
        cases.add(fails(
                "6.1.19",
                "a revision 1.0.0-rc (example 67)",
                tracking("final", "1.0.0", "1.0.0-rc 2021-04-22T10:00:00.000Z", "1.0.0 2021-04-23T10:00:00.000Z"),
                at(HISTORY + "/0/number")));
        cases.add(fails(
                "6.1.19",
                "a draft's revision 1.0.0-rc.1 (whatever the status)",
                tracking("draft", "1.0.0-rc.1", "1.0.0-rc.1 2021-04-22T10:00:00.000Z"),
                at(HISTORY + "/0/number")));
        cases.add(valid(
                "6.1.19",
                "a revision 1.0.0+build-5 (a dash in build metadata is no pre-release)",
                tracking("final", "1.0.0+build-5", "1.0.0+build-5 2021-04-22T10:00:00.000Z")));
        cases.add(valid(
                "6.1.19",
                "revisions 1.0.0 and 1.0.1",
                tracking("final", "1.0.1", "1.0.0 2021-04-22T10:00:00.000Z", "1.0.1 2021-04-23T10:00:00.000Z")));
        return cases;
    }

    static List<Case> t6_1_20() {
        var cases = new ArrayList<Case>();
        cases.add(fails(
                "6.1.20",
                "interim with version 1.0.0-alpha (example 68)",
                tracking("interim", "1.0.0-alpha", "1.0.0 2021-04-22T10:00:00.000Z"),
                at(VERSION)));
        cases.add(fails(
                "6.1.20",
                "final with version 1.0.0-rc.1",
                tracking("final", "1.0.0-rc.1", "1.0.0 2021-04-22T10:00:00.000Z"),
                at(VERSION)));
        cases.add(passes(
                "6.1.20",
                "draft with version 1.0.0-alpha",
                tracking("draft", "1.0.0-alpha", "1.0.0 2021-04-22T10:00:00.000Z")));
        cases.add(valid(
                "6.1.20",
                "final with version 1.0.0+build-5 (a dash in build metadata is no pre-release)",
                tracking("final", "1.0.0+build-5", "1.0.0+build-5 2021-04-22T10:00:00.000Z")));
        return cases;
    }

    static List<Case> t6_1_21() {
        var cases = new ArrayList<Case>();
        cases.add(fails(
                "6.1.21",
                "revisions 1 then 3, 2 missing (example 69)",
                tracking("final", "3", "1 2021-04-22T10:00:00.000Z", "3 2021-07-21T10:00:00.000Z"),
                under(HISTORY)));
        cases.add(fails(
                "6.1.21",
                "semantic 1.0.0 then 3.0.0, major 2 missing",
                tracking("final", "3.0.0", "1.0.0 2021-04-22T10:00:00.000Z", "3.0.0 2021-07-21T10:00:00.000Z"),
                under(HISTORY)));
        cases.add(fails(
                "6.1.21",
                "the history starts at 2",
                tracking("final", "3", "2 2021-04-22T10:00:00.000Z", "3 2021-07-21T10:00:00.000Z"),
                under(HISTORY)));
        cases.add(fails(
                "6.1.21",
                "the semantic history starts at 2.0.0",
                tracking("final", "2.0.0", "2.0.0 2021-04-22T10:00:00.000Z"),
                under(HISTORY)));
        cases.add(valid(
                "6.1.21",
                "semantic 1.0.0 then 1.3.0 (only the major version counts)",
                tracking("final", "1.3.0", "1.0.0 2021-04-22T10:00:00.000Z", "1.3.0 2021-07-21T10:00:00.000Z")));
        cases.add(valid(
                "6.1.21",
                "semantic 1.0.0, 1.3.0, 2.0.0",
                tracking(
                        "final",
                        "2.0.0",
                        "1.0.0 2021-04-22T10:00:00.000Z",
                        "1.3.0 2021-07-21T10:00:00.000Z",
                        "2.0.0 2021-08-21T10:00:00.000Z")));
        cases.add(valid(
                "6.1.21",
                "a draft's history 0 then 1",
                tracking("draft", "1", "0 2021-04-22T10:00:00.000Z", "1 2021-07-21T10:00:00.000Z")));
        cases.add(valid(
                "6.1.21",
                "a draft's semantic history 0.1.0 then 0.2.0",
                tracking("draft", "0.2.0", "0.1.0 2021-04-22T10:00:00.000Z", "0.2.0 2021-07-21T10:00:00.000Z")));
        return cases;
    }

    static List<Case> t6_1_22() {
        var cases = new ArrayList<Case>();
        cases.add(fails(
                "6.1.22",
                "revision 1 twice (example 70)",
                tracking("final", "1", "1 2021-07-20T10:00:00.000Z", "1 2021-07-21T10:00:00.000Z"),
                under(HISTORY)));
        cases.add(fails(
                "6.1.22",
                "revision 1.0.0 twice",
                tracking("final", "1.0.0", "1.0.0 2021-07-20T10:00:00.000Z", "1.0.0 2021-07-21T10:00:00.000Z"),
                under(HISTORY)));
        cases.add(valid(
                "6.1.22",
                "revisions 1 and 2",
                tracking("final", "2", "1 2021-07-20T10:00:00.000Z", "2 2021-07-21T10:00:00.000Z")));
        return cases;
    }

    static List<Case> t6_1_23() {
        var cases = new ArrayList<Case>();
        cases.add(fails(
                "6.1.23",
                "CVE-2017-0145 in two vulnerabilities (example 71)",
                with(base(), "/vulnerabilities", "[{'cve': 'CVE-2017-0145'}, {'cve': 'CVE-2017-0145'}]"),
                at("/vulnerabilities/1/cve")));
        cases.add(valid(
                "6.1.23",
                "two vulnerabilities with different CVEs",
                with(base(), "/vulnerabilities", "[{'cve': 'CVE-2017-0144'}, {'cve': 'CVE-2017-0145'}]")));
        cases.add(valid(
                "6.1.23",
                "two vulnerabilities without a CVE",
                with(base(), "/vulnerabilities", "[{'title': 'One'}, {'title': 'Two'}]")));
        return cases;
    }

    static List<Case> t6_1_24() {
        var cases = new ArrayList<Case>();
        cases.add(fails(
                "6.1.24",
                "the vendor twice at the same date, different status (example 72)",
                with(base(), "/vulnerabilities/0/involvements", """
                        [{'date': '2021-04-23T10:00:00.000Z', 'party': 'vendor', 'status': 'completed'},
                         {'date': '2021-04-23T10:00:00.000Z', 'party': 'vendor', 'status': 'in_progress',
                          'summary': 'The vendor has released a mitigation and is working to fully resolve the issue.'}]"""),
                under("/vulnerabilities/0/involvements")));
        cases.add(fails(
                "6.1.24",
                "the coordinator at the same date as the first and the third item",
                with(base(), "/vulnerabilities/0/involvements", """
                        [{'date': '2021-04-23T10:00:00Z', 'party': 'coordinator', 'status': 'open'},
                         {'date': '2021-04-23T10:00:00Z', 'party': 'vendor', 'status': 'open'},
                         {'date': '2021-04-23T10:00:00Z', 'party': 'coordinator', 'status': 'open', 'summary': 'Again.'}]"""),
                under("/vulnerabilities/0/involvements")));
        cases.add(fails(
                "6.1.24",
                "the vendor twice at one instant written as 10:00Z and 12:00+02:00",
                with(base(), "/vulnerabilities/0/involvements", """
                        [{'date': '2021-04-23T10:00:00Z', 'party': 'vendor', 'status': 'completed'},
                         {'date': '2021-04-23T12:00:00+02:00', 'party': 'vendor', 'status': 'in_progress'}]"""),
                under("/vulnerabilities/0/involvements")));
        cases.add(valid(
                "6.1.24", "the vendor at two different dates", with(base(), "/vulnerabilities/0/involvements", """
                        [{'date': '2021-04-23T10:00:00.000Z', 'party': 'vendor', 'status': 'in_progress'},
                         {'date': '2021-04-24T10:00:00.000Z', 'party': 'vendor', 'status': 'completed'}]""")));
        cases.add(valid(
                "6.1.24",
                "the vendor and the coordinator at the same date",
                with(base(), "/vulnerabilities/0/involvements", """
                        [{'date': '2021-04-23T10:00:00.000Z', 'party': 'vendor', 'status': 'completed'},
                         {'date': '2021-04-23T10:00:00.000Z', 'party': 'coordinator', 'status': 'completed'}]""")));
        return cases;
    }

    static final String SHA256_A = "026a37919b182ef7c63791e82c9645e2f897a3f0b73c7a6028c7febf62e93838";
    static final String SHA256_B = "0a853ce2337f0608489ac596a308dc5b7b19d35a52b10bf31261586ac368b175";
    static final String SHA512 = "6c3b2c4a7f1e86cd8e2f1f4e9cfd3f3c0e7b9d8a6f5e4d3c2b1a09f8e7d6c5b4"
            + "a39281706f5e4d3c2b1a0f9e8d7c6b5a4938271605f4e3d2c1b0a9f8e7d6c5b4";

    static String hashes(String... algorithmAndValue) {
        var items = new ArrayList<String>();
        for (int i = 0; i < algorithmAndValue.length; i += 2) {
            items.add("{'algorithm': '%s', 'value': '%s'}".formatted(algorithmAndValue[i], algorithmAndValue[i + 1]));
        }
        return "[{'filename': 'product_a.so', 'file_hashes': [" + String.join(", ", items) + "]}]";
    }

    static List<Case> t6_1_25() {
        var cases = new ArrayList<Case>();
        var twice = hashes("sha256", SHA256_A, "sha256", SHA256_B);
        var full = "/product_tree/full_product_names/0/product_identification_helper/hashes";
        var branch = "/product_tree/branches/0/branches/0/branches/0/product/product_identification_helper/hashes";
        var related = "/product_tree/relationships/0/full_product_name/product_identification_helper/hashes";
        cases.add(fails(
                "6.1.25",
                "sha256 twice for one file (example 73)",
                with(base(), full, twice),
                under(full + "/0/file_hashes")));
        cases.add(fails(
                "6.1.25",
                "sha256 twice for one file in a branch at depth",
                with(branchTree(base(), "product_version", "4.2", "CSAFPID-9080703"), branch, twice),
                under(branch + "/0/file_hashes")));
        cases.add(fails(
                "6.1.25",
                "sha256 twice for one file in a relationship's full_product_name",
                with(
                        with(base(), "/product_tree/relationships", relationship("CSAFPID-9080710", A, C)),
                        related,
                        twice),
                under(related + "/0/file_hashes")));
        cases.add(valid(
                "6.1.25",
                "sha256 and sha512 for one file",
                with(base(), full, hashes("sha256", SHA256_A, "sha512", SHA512))));
        cases.add(valid(
                "6.1.25", "sha256 once for each of two files", with(base(), full, """
                        [{'filename': 'product_a.so', 'file_hashes': [{'algorithm': 'sha256', 'value': '%s'}]},
                         {'filename': 'product_b.so', 'file_hashes': [{'algorithm': 'sha256', 'value': '%s'}]}]""".formatted(SHA256_A, SHA256_B))));
        return cases;
    }

    static List<Case> t6_1_26() {
        var cases = new ArrayList<Case>();
        for (var category : List.of(
                "Csaf_a",
                "Informational Advisory",
                "security-incident-response",
                "Security      Advisory",
                "veX",
                "V_eX")) {
            cases.add(fails(
                    "6.1.26",
                    "category '%s' (example 74)".formatted(category),
                    text(base(), "/document/category", category),
                    at("/document/category")));
        }
        cases.add(fails(
                "6.1.26",
                "category 'Security_Incident_Response' (example 75)",
                text(base(), "/document/category", "Security_Incident_Response"),
                at("/document/category")));
        cases.add(fails(
                "6.1.26",
                "category 'csaf_custom' (reserved prefix)",
                text(base(), "/document/category", "csaf_custom"),
                at("/document/category")));
        cases.add(
                fails("6.1.26", "category 'VEX'", text(base(), "/document/category", "VEX"), at("/document/category")));
        cases.add(fails(
                "6.1.26",
                "category 'CSAF VEX' (a profile value once dashes and spaces are removed)",
                text(base(), "/document/category", "CSAF VEX"),
                at("/document/category")));
        for (var category :
                List.of("generic_csaf", "Example Company Security Notice", "Base", "VEX Report", "Advisory")) {
            cases.add(
                    valid("6.1.26", "category '%s'".formatted(category), text(base(), "/document/category", category)));
        }
        for (var category : CATEGORIES) {
            cases.add(valid("6.1.26", "skipped for the profile value " + category, doc(category)));
        }
        return cases;
    }

    static List<Case> t6_1_27() {
        var cases = new ArrayList<Case>();
        var both = List.of("csaf_informational_advisory", "csaf_security_incident_response");
        var legal =
                "[{'category': 'legal_disclaimer', 'title': 'Terms of Use', 'text': 'The CSAF document is provided to You AS IS.'}]";
        var others = List.of("csaf_base", "csaf_security_advisory", "csaf_vex");

        // 6.1.27.1 document notes
        for (var category : both) {
            cases.add(fails(
                    "6.1.27.1",
                    category + " with only a legal_disclaimer note (example 76)",
                    with(doc(category), "/document/notes", legal),
                    at("/document/notes")));
            cases.add(fails(
                    "6.1.27.1",
                    category + " without document notes",
                    without(doc(category), "/document/notes"),
                    at("/document/notes")));
        }
        for (var note : List.of("description", "details", "general", "summary")) {
            cases.add(valid(
                    "6.1.27.1",
                    "csaf_informational_advisory with a legal_disclaimer and a %s note".formatted(note),
                    with(
                            doc("csaf_informational_advisory"),
                            "/document/notes",
                            "[{'category': 'legal_disclaimer', 'text': 'AS IS.'}, {'category': '%s', 'text': 'About.'}]"
                                    .formatted(note))));
        }
        for (var category : others) {
            cases.add(passes(
                    "6.1.27.1",
                    "does not apply to " + category + " with only a legal_disclaimer note",
                    with(doc(category), "/document/notes", legal)));
        }

        // 6.1.27.2 document references
        var self =
                "[{'category': 'self', 'summary': 'The canonical URL.', 'url': 'https://example.com/security/data/csaf/2021/OASIS_CSAF_TC-CSAF_2_0-2021-6-1-27-02-01.json'}]";
        for (var category : both) {
            cases.add(fails(
                    "6.1.27.2",
                    category + " with only a self reference (example 77)",
                    with(doc(category), "/document/references", self),
                    at("/document/references")));
            cases.add(fails(
                    "6.1.27.2",
                    category + " without document references",
                    without(doc(category), "/document/references"),
                    at("/document/references")));
        }
        cases.add(valid(
                "6.1.27.2",
                "a reference without category is external (the schema's default)",
                with(
                        doc("csaf_informational_advisory"),
                        "/document/references",
                        "[{'summary': 'Background', 'url': 'https://example.com/background'}]")));
        for (var category : others) {
            cases.add(passes(
                    "6.1.27.2",
                    "does not apply to " + category + " with only a self reference",
                    with(doc(category), "/document/references", self)));
        }

        // 6.1.27.3 no vulnerabilities in an informational advisory
        cases.add(fails(
                "6.1.27.3",
                "csaf_informational_advisory with vulnerabilities (example 78)",
                with(
                        doc("csaf_informational_advisory"),
                        "/vulnerabilities",
                        "[{'title': 'A vulnerability item that SHALL NOT exist'}]"),
                at("/vulnerabilities")));
        cases.add(valid(
                "6.1.27.3", "csaf_informational_advisory without vulnerabilities", doc("csaf_informational_advisory")));
        cases.add(valid(
                "6.1.27.3",
                "does not apply to csaf_security_incident_response with vulnerabilities",
                doc("csaf_security_incident_response")));
        cases.add(valid("6.1.27.3", "does not apply to csaf_base with vulnerabilities", doc("csaf_base")));
        cases.add(passes(
                "6.1.27.3",
                "does not apply to csaf_security_advisory without vulnerabilities (that is 6.1.27.11)",
                without(doc("csaf_security_advisory"), "/vulnerabilities")));

        // 6.1.27.4 product tree
        for (var category : List.of("csaf_security_advisory", "csaf_vex")) {
            cases.add(fails(
                    "6.1.27.4",
                    category + " without product_tree (example 79)",
                    without(doc(category), "/product_tree"),
                    at("/product_tree")));
        }
        cases.add(valid(
                "6.1.27.4",
                "does not apply to csaf_base without product_tree",
                without(doc("csaf_base"), "/product_tree")));
        cases.add(valid(
                "6.1.27.4",
                "does not apply to csaf_informational_advisory without product_tree",
                without(doc("csaf_informational_advisory"), "/product_tree")));

        // 6.1.27.5 vulnerability notes
        for (var category : List.of("csaf_security_advisory", "csaf_vex")) {
            cases.add(fails(
                    "6.1.27.5",
                    category + " vulnerability without notes (example 80)",
                    without(doc(category), "/vulnerabilities/0/notes"),
                    at("/vulnerabilities/0/notes")));
        }
        var secondWithoutNotes = doc("csaf_security_advisory");
        with(
                secondWithoutNotes,
                "/vulnerabilities/1",
                "{'cve': 'CVE-2021-45046', 'product_status': {'known_affected': ['%s']}}".formatted(A));
        cases.add(fails(
                "6.1.27.5",
                "csaf_security_advisory whose second vulnerability has no notes",
                secondWithoutNotes,
                at("/vulnerabilities/1/notes")));
        cases.add(valid("6.1.27.5", "does not apply to csaf_base vulnerabilities without notes", doc("csaf_base")));
        cases.add(valid(
                "6.1.27.5",
                "does not apply to csaf_security_incident_response",
                doc("csaf_security_incident_response")));

        // 6.1.27.6 product status
        cases.add(fails(
                "6.1.27.6",
                "csaf_security_advisory vulnerability without product_status (example 81)",
                without(doc("csaf_security_advisory"), "/vulnerabilities/0/product_status"),
                at("/vulnerabilities/0/product_status")));
        cases.add(passes(
                "6.1.27.6",
                "does not apply to csaf_vex",
                without(doc("csaf_vex"), "/vulnerabilities/0/product_status")));
        cases.add(valid("6.1.27.6", "does not apply to csaf_base", doc("csaf_base")));

        // 6.1.27.7 VEX product status
        cases.add(fails(
                "6.1.27.7",
                "csaf_vex product_status with only first_fixed and recommended (example 82)",
                with(
                        vexWithout(),
                        "/vulnerabilities/0/product_status",
                        "{'first_fixed': ['%s'], 'recommended': ['%s']}".formatted(C, C)),
                atOneOf("/vulnerabilities/0/product_status", "/vulnerabilities/0")));
        cases.add(fails(
                "6.1.27.7",
                "csaf_vex vulnerability without product_status",
                without(vexWithout(), "/vulnerabilities/0/product_status"),
                atOneOf("/vulnerabilities/0/product_status", "/vulnerabilities/0")));
        cases.add(valid(
                "6.1.27.7",
                "csaf_vex with only fixed",
                with(vexWithout(), "/vulnerabilities/0/product_status", "{'fixed': ['%s']}".formatted(C))));
        cases.add(valid(
                "6.1.27.7",
                "csaf_vex with only under_investigation",
                with(
                        vexWithout(),
                        "/vulnerabilities/0/product_status",
                        "{'under_investigation': ['%s']}".formatted(C))));
        cases.add(valid(
                "6.1.27.7",
                "csaf_vex with only known_affected (with a remediation)",
                with(
                        with(
                                vexWithout(),
                                "/vulnerabilities/0/product_status",
                                "{'known_affected': ['%s']}".formatted(A)),
                        "/vulnerabilities/0/remediations",
                        "[{'category': 'vendor_fix', 'details': 'Update.', 'product_ids': ['%s']}]".formatted(A))));
        cases.add(valid(
                "6.1.27.7",
                "csaf_vex with only known_not_affected (with an impact statement)",
                with(
                        with(
                                vexWithout(),
                                "/vulnerabilities/0/product_status",
                                "{'known_not_affected': ['%s']}".formatted(B)),
                        "/vulnerabilities/0/flags",
                        "[{'label': 'component_not_present', 'product_ids': ['%s']}]".formatted(B))));
        cases.add(valid(
                "6.1.27.7",
                "does not apply to csaf_security_advisory with only first_fixed",
                with(
                        doc("csaf_security_advisory"),
                        "/vulnerabilities/0/product_status",
                        "{'first_fixed': ['%s']}".formatted(C))));

        // 6.1.27.8 vulnerability id
        cases.add(fails(
                "6.1.27.8",
                "csaf_vex vulnerability without cve or ids (example 83)",
                text(
                        without(doc("csaf_vex"), "/vulnerabilities/0/cve"),
                        "/vulnerabilities/0/title",
                        "A vulnerability item without a CVE or ID"),
                atOneOf("/vulnerabilities/0", "/vulnerabilities/0/cve", "/vulnerabilities/0/ids")));
        cases.add(valid(
                "6.1.27.8",
                "csaf_vex vulnerability with ids only",
                with(
                        without(doc("csaf_vex"), "/vulnerabilities/0/cve"),
                        "/vulnerabilities/0/ids",
                        "[{'system_name': 'GitHub Issue', 'text': 'oasis-tcs/csaf#210'}]")));
        cases.add(valid("6.1.27.8", "csaf_vex vulnerability with a cve", doc("csaf_vex")));
        cases.add(valid(
                "6.1.27.8",
                "does not apply to csaf_security_advisory without cve or ids",
                without(doc("csaf_security_advisory"), "/vulnerabilities/0/cve")));

        // 6.1.27.9 impact statement
        var notAffected = "{'known_not_affected': ['%s', '%s', '%s']}".formatted(A, B, C);
        var example84 = with(
                with(vexWithout(), "/vulnerabilities/0/product_status", notAffected),
                "/vulnerabilities/0/threats",
                "[{'category': 'impact', 'details': 'The vulnerable code is not present in these products.', 'group_ids': ['CSAFGID-0001']}]");
        cases.add(fails(
                        "6.1.27.9",
                        "known_not_affected product without an impact statement; two others have one through a group (example 84)",
                        example84,
                        atOneOf(
                                "/vulnerabilities/0/product_status/known_not_affected/2",
                                "/vulnerabilities/0/threats",
                                "/vulnerabilities/0/flags"))
                .only());
        cases.add(fails(
                "6.1.27.9",
                "known_not_affected product with only a threat of category exploit_status",
                with(
                        with(
                                vexWithout(),
                                "/vulnerabilities/0/product_status",
                                "{'known_not_affected': ['%s']}".formatted(B)),
                        "/vulnerabilities/0/threats",
                        "[{'category': 'exploit_status', 'details': 'Not exploited.', 'product_ids': ['%s']}]"
                                .formatted(B)),
                atOneOf(
                        "/vulnerabilities/0/product_status/known_not_affected/0",
                        "/vulnerabilities/0/threats",
                        "/vulnerabilities/0/flags")));
        cases.add(fails(
                        "6.1.27.9",
                        "known_not_affected product when the only flag names another product",
                        with(
                                with(
                                        vexWithout(),
                                        "/vulnerabilities/0/product_status",
                                        "{'known_not_affected': ['%s', '%s']}".formatted(B, C)),
                                "/vulnerabilities/0/flags",
                                "[{'label': 'component_not_present', 'product_ids': ['%s']}]".formatted(B)),
                        atOneOf(
                                "/vulnerabilities/0/product_status/known_not_affected/1",
                                "/vulnerabilities/0/threats",
                                "/vulnerabilities/0/flags"))
                .only());
        cases.add(valid(
                "6.1.27.9",
                "every known_not_affected product has an impact threat, directly or through a group",
                with(
                        example84.deepCopy(),
                        "/vulnerabilities/0/threats/1",
                        "{'category': 'impact', 'details': 'Not present.', 'product_ids': ['%s']}".formatted(C))));
        cases.add(valid(
                "6.1.27.9",
                "every known_not_affected product has a flag, directly or through a group",
                with(
                        with(vexWithout(), "/vulnerabilities/0/product_status", notAffected),
                        "/vulnerabilities/0/flags",
                        "[{'label': 'component_not_present', 'group_ids': ['CSAFGID-0001']}, {'label': 'vulnerable_code_not_present', 'product_ids': ['%s']}]"
                                .formatted(C))));
        cases.add(valid(
                "6.1.27.9",
                "does not apply to csaf_security_advisory",
                with(doc("csaf_security_advisory"), "/vulnerabilities/0/product_status", notAffected)));

        // 6.1.27.10 action statement
        var affected = "{'known_affected': ['%s', '%s', '%s']}".formatted(A, B, C);
        var example85 = with(
                with(vexWithout(), "/vulnerabilities/0/product_status", affected),
                "/vulnerabilities/0/remediations",
                "[{'category': 'no_fix_planned', 'details': 'These products are end-of-life. Therefore, no fix will be provided.', 'group_ids': ['CSAFGID-0001']}]");
        cases.add(fails(
                        "6.1.27.10",
                        "known_affected product without a remediation; two others have one through a group (example 85)",
                        example85,
                        atOneOf(
                                "/vulnerabilities/0/product_status/known_affected/2",
                                "/vulnerabilities/0/remediations"))
                .only());
        cases.add(fails(
                "6.1.27.10",
                "known_affected product without any remediation",
                with(vexWithout(), "/vulnerabilities/0/product_status", "{'known_affected': ['%s']}".formatted(A)),
                atOneOf(
                        "/vulnerabilities/0/product_status/known_affected/0",
                        "/vulnerabilities/0/remediations",
                        "/vulnerabilities/0")));
        cases.add(valid(
                "6.1.27.10",
                "every known_affected product has a remediation, directly or through a group",
                with(
                        example85.deepCopy(),
                        "/vulnerabilities/0/remediations/1",
                        "{'category': 'vendor_fix', 'details': 'Update to 4.3.', 'product_ids': ['%s']}"
                                .formatted(C))));
        cases.add(valid(
                "6.1.27.10",
                "does not apply to csaf_security_advisory",
                with(doc("csaf_security_advisory"), "/vulnerabilities/0/product_status", affected)));

        // 6.1.27.11 vulnerabilities
        for (var category : List.of("csaf_security_advisory", "csaf_vex")) {
            cases.add(fails(
                    "6.1.27.11",
                    category + " without vulnerabilities (example 86)",
                    without(doc(category), "/vulnerabilities"),
                    at("/vulnerabilities")));
        }
        cases.add(valid(
                "6.1.27.11",
                "does not apply to csaf_base without vulnerabilities",
                without(doc("csaf_base"), "/vulnerabilities")));
        cases.add(valid(
                "6.1.27.11", "does not apply to csaf_informational_advisory", doc("csaf_informational_advisory")));
        return cases;
    }

    static List<Case> t6_1_28() {
        var cases = new ArrayList<Case>();
        cases.add(fails(
                "6.1.28",
                "lang and source_lang both en-US (example 87)",
                lang("en-US", "en-US"),
                atOneOf("/document/source_lang", "/document/lang")));
        cases.add(fails(
                "6.1.28",
                "lang en-US and source_lang en-us (language tags are case-insensitive)",
                lang("en-US", "en-us"),
                atOneOf("/document/source_lang", "/document/lang")));
        cases.add(valid("6.1.28", "a translation from en-US to en-GB", lang("en-GB", "en-US")));
        cases.add(valid("6.1.28", "a translation from de to en", lang("en", "de")));
        cases.add(valid("6.1.28", "lang without source_lang", lang("en", null)));
        return cases;
    }

    static List<Case> t6_1_29() {
        var cases = new ArrayList<Case>();
        cases.add(fails(
                "6.1.29",
                "a remediation naming no product (example 88)",
                with(
                        base(),
                        "/vulnerabilities/0/remediations",
                        "[{'category': 'no_fix_planned', 'details': 'These products are end-of-life. Therefore, no fix will be provided.'}]"),
                at("/vulnerabilities/0/remediations/0")));
        cases.add(fails(
                "6.1.29",
                "the second remediation names no product",
                with(
                        base(),
                        "/vulnerabilities/0/remediations",
                        "[{'category': 'vendor_fix', 'details': 'Update.', 'product_ids': ['%s']}, {'category': 'workaround', 'details': 'Turn it off.'}]"
                                .formatted(A)),
                at("/vulnerabilities/0/remediations/1")));
        cases.add(valid(
                "6.1.29",
                "a remediation with product_ids",
                with(
                        base(),
                        "/vulnerabilities/0/remediations",
                        "[{'category': 'vendor_fix', 'details': 'Update.', 'product_ids': ['%s']}]".formatted(A))));
        cases.add(valid(
                "6.1.29",
                "a remediation with group_ids",
                with(
                        base(),
                        "/vulnerabilities/0/remediations",
                        "[{'category': 'vendor_fix', 'details': 'Update.', 'group_ids': ['CSAFGID-0001']}]")));
        return cases;
    }

    static List<Case> t6_1_30() {
        var cases = new ArrayList<Case>();
        cases.add(fails(
                "6.1.30",
                "revisions 1.0.0 then 2, version 2 (example 89)",
                tracking("final", "2", "1.0.0 2021-07-21T09:00:00.000Z", "2 2021-07-21T10:00:00.000Z"),
                under("/document/tracking")));
        cases.add(fails(
                "6.1.30",
                "revisions 1 then 2, version 2.0.0",
                tracking("final", "2.0.0", "1 2021-07-21T09:00:00.000Z", "2 2021-07-21T10:00:00.000Z"),
                under("/document/tracking")));
        cases.add(valid(
                "6.1.30",
                "integer versioning throughout",
                tracking("final", "2", "1 2021-07-21T09:00:00Z", "2 2021-07-21T10:00:00Z")));
        cases.add(valid(
                "6.1.30",
                "semantic versioning throughout",
                tracking("final", "2.0.0", "1.0.0 2021-07-21T09:00:00Z", "2.0.0 2021-07-21T10:00:00Z")));
        return cases;
    }

    static List<Case> t6_1_31() {
        var cases = new ArrayList<Case>();
        var name = "/product_tree/branches/0/branches/0/branches/0/name";
        cases.add(fails(
                "6.1.31",
                "product_version 'prior to 4.2' (example 90)",
                branchTree(base(), "product_version", "prior to 4.2", "CSAFPID-9080703"),
                at(name)));
        for (var range : List.of(
                "<4.2",
                "<=4.2",
                "> 4.2",
                ">= 4.2",
                "4.2 and after",
                "all",
                "All versions",
                "before 4.2",
                "4.2 and earlier",
                "4.2 and later",
                "PRIOR TO 4.2",
                "4.x versions")) {
            cases.add(fails(
                    "6.1.31",
                    "product_version '%s'".formatted(range),
                    branchTree(base(), "product_version", range, "CSAFPID-9080703"),
                    at(name)));
        }
        cases.add(valid(
                "6.1.31", "product_version '4.2'", branchTree(base(), "product_version", "4.2", "CSAFPID-9080703")));
        cases.add(valid(
                "6.1.31",
                "product_version 'version 4.2' (singular)",
                branchTree(base(), "product_version", "version 4.2", "CSAFPID-9080703")));
        cases.add(valid(
                "6.1.31",
                "product_version_range 'vers:generic/<4.2'",
                branchTree(base(), "product_version_range", "vers:generic/<4.2", "CSAFPID-9080703")));
        cases.add(valid(
                "6.1.31",
                "product_name 'All-in-One Suite' (not a product_version)",
                branchTree(base(), "product_name", "All-in-One Suite", "CSAFPID-9080703")));
        return cases;
    }

    static List<Case> t6_1_32() {
        var cases = new ArrayList<Case>();
        cases.add(fails(
                "6.1.32",
                "a flag naming no product (example 91)",
                with(base(), "/vulnerabilities/0/flags", "[{'label': 'component_not_present'}]"),
                at("/vulnerabilities/0/flags/0")));
        cases.add(valid(
                "6.1.32",
                "a flag with product_ids",
                with(
                        base(),
                        "/vulnerabilities/0/flags",
                        "[{'label': 'component_not_present', 'product_ids': ['%s']}]".formatted(A))));
        cases.add(valid(
                "6.1.32",
                "a flag with group_ids",
                with(
                        base(),
                        "/vulnerabilities/0/flags",
                        "[{'label': 'component_not_present', 'group_ids': ['CSAFGID-0001']}]")));
        return cases;
    }

    static List<Case> t6_1_33() {
        var cases = new ArrayList<Case>();
        var example92 = with(
                with(
                        vexWithout(),
                        "/vulnerabilities/0/product_status",
                        "{'known_not_affected': ['%s', '%s']}".formatted(A, B)),
                "/vulnerabilities/0/flags",
                """
                [{'label': 'component_not_present', 'group_ids': ['CSAFGID-0001']},
                 {'label': 'vulnerable_code_cannot_be_controlled_by_adversary', 'product_ids': ['CSAFPID-9080700']}]""");
        cases.add(fails(
                "6.1.33",
                "a product in two flags, one through a group and one directly (example 92)",
                example92,
                under("/vulnerabilities/0/flags")));
        cases.add(fails(
                "6.1.33",
                "a product named directly by two flags",
                with(base(), "/vulnerabilities/0/flags", """
                        [{'label': 'component_not_present', 'product_ids': ['CSAFPID-9080700']},
                         {'label': 'vulnerable_code_not_present', 'product_ids': ['CSAFPID-9080701', 'CSAFPID-9080700']}]"""),
                under("/vulnerabilities/0/flags")));
        var twoGroups = with(
                base(),
                "/product_tree/product_groups/1",
                "{'group_id': 'CSAFGID-0002', 'product_ids': ['%s', '%s']}".formatted(A, C));
        cases.add(fails(
                "6.1.33",
                "a product in two flags through two groups",
                with(twoGroups, "/vulnerabilities/0/flags", """
                        [{'label': 'component_not_present', 'group_ids': ['CSAFGID-0001']},
                         {'label': 'vulnerable_code_not_present', 'group_ids': ['CSAFGID-0002']}]"""),
                under("/vulnerabilities/0/flags")));
        cases.add(valid("6.1.33", "two flags for different products", with(base(), "/vulnerabilities/0/flags", """
                        [{'label': 'component_not_present', 'product_ids': ['CSAFPID-9080700']},
                         {'label': 'vulnerable_code_not_present', 'product_ids': ['CSAFPID-9080701']}]""")));
        cases.add(valid(
                "6.1.33",
                "one flag naming a product both directly and through its group",
                with(
                        base(),
                        "/vulnerabilities/0/flags",
                        "[{'label': 'component_not_present', 'product_ids': ['%s'], 'group_ids': ['CSAFGID-0001']}]"
                                .formatted(A))));
        cases.add(valid(
                "6.1.33",
                "the same product flagged once in each of two vulnerabilities",
                with(
                        with(
                                base(),
                                "/vulnerabilities/0/flags",
                                "[{'label': 'component_not_present', 'product_ids': ['%s']}]".formatted(A)),
                        "/vulnerabilities/1",
                        "{'cve': 'CVE-2021-45046', 'flags': [{'label': 'vulnerable_code_not_present', 'product_ids': ['%s']}]}"
                                .formatted(A))));
        return cases;
    }

    static final List<String> MANDATORY_TESTS = Stream.concat(
                    Stream.iterate(1, i -> i <= 33, i -> i + 1)
                            .filter(i -> i != 27)
                            .map(i -> "6.1." + i),
                    Stream.iterate(1, i -> i <= 11, i -> i + 1).map(i -> "6.1.27." + i))
            .toList();

    @Test
    void everyMandatoryTestHasAFailingAndAPassingCase() {
        var all = cases().toList();
        for (var test : MANDATORY_TESTS) {
            var mine = all.stream().filter(c -> c.test().equals(test)).toList();
            assertThat(mine)
                    .as("failing cases of %s", test)
                    .anyMatch(c -> !c.where().isEmpty());
            assertThat(mine)
                    .as("passing cases of %s", test)
                    .anyMatch(c -> c.where().isEmpty());
        }
        // the number of cases per test, for whoever reads the build log
        MANDATORY_TESTS.forEach(test -> System.out.printf(
                "cases %s: %d failing, %d passing%n",
                test,
                all.stream()
                        .filter(c -> c.test().equals(test) && !c.where().isEmpty())
                        .count(),
                all.stream()
                        .filter(c -> c.test().equals(test) && c.where().isEmpty())
                        .count()));
    }

    // ---------------------------------------------------------------------------------------------
    // robustness: whatever a schema-valid (or not) document holds, check returns a verdict

    @Test
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void mixedIntegerAndSemanticVersionsGiveFindingsAndNeverThrow() {
        var doc = tracking("final", "2", "1.0.0 2021-07-21T09:00:00.000Z", "2 2021-07-21T10:00:00.000Z");

        var result = VALIDATOR.check(doc);

        assertThat(result.errors()).extracting(CsafValidator.Finding::test).contains("6.1.30");
    }

    static Stream<Named<ObjectNode>> oddities() {
        var forty = "1234567890123456789012345678901234567890";
        var deep = new StringBuilder(
                "{'category': 'product_version', 'name': '1', 'product': {'product_id': 'CSAFPID-DEEP', 'name': 'Deep'}}");
        for (int i = 0; i < 40; i++) {
            deep.insert(0, "{'category': 'product_family', 'name': 'level %d', 'branches': [".formatted(i))
                    .append("]}");
        }
        return Stream.of(
                Named.of("a 40-digit integer version", tracking("final", forty, forty + " 2021-07-21T09:00:00Z")),
                Named.of(
                        "a 40-digit integer version after revision 1",
                        tracking("final", forty, "1 2021-07-21T09:00:00Z", forty + " 2021-07-21T10:00:00Z")),
                Named.of(
                        "semantic versions with 20-digit parts",
                        tracking(
                                "draft",
                                "99999999999999999999.99999999999999999999.99999999999999999999-rc.1+b",
                                "1.0.0 2021-07-21T09:00:00Z",
                                "99999999999999999999.0.0 2021-07-21T10:00:00Z")),
                Named.of("an empty revision history (a schema error)", with(base(), HISTORY, "[]")),
                Named.of(
                        "mixed versioning: version 1.0.0, revisions 1 and 1.0.0",
                        tracking("final", "1.0.0", "1 2021-07-21T09:00:00Z", "1.0.0 2021-07-21T10:00:00Z")),
                Named.of(
                        "unicode in names, ids, titles and branch names",
                        text(
                                text(
                                        text(
                                                branchTree(
                                                        base(), "product_version", "версия ∀ 4.2 🚀", "CSAFPID-ÄÖÜ-🚀"),
                                                "/product_tree/full_product_names/0/name",
                                                "Prodükt 🚀 Ω 製品"),
                                        "/document/title",
                                        "Sicherheitshinweis 🛡 — 安全公告"),
                                "/vulnerabilities/0/title",
                                "\u202Eevil\u202C zero\u200Bwidth")),
                Named.of(
                        "product and group ids with JSON pointer characters",
                        with(
                                with(
                                        base(),
                                        "/product_tree/product_groups/1",
                                        "{'group_id': 'a/b~c', 'product_ids': ['%s', '%s']}".formatted(A, B)),
                                "/vulnerabilities/0/remediations",
                                "[{'category': 'vendor_fix', 'details': 'x', 'group_ids': ['a/b~c', '~0~1']}]")),
                Named.of("branches nested 40 deep", with(base(), "/product_tree/branches", "[" + deep + "]")),
                Named.of(
                        "an incomplete CVSS v2 vector the schema allows",
                        scored(
                                "cvss_v2",
                                "{'version': '2.0', 'vectorString': 'AV:N', 'baseScore': 0, 'temporalScore': 0, 'environmentalScore': 0}")),
                Named.of(
                        "an incomplete CVSS v3.1 vector the schema allows",
                        scored(
                                "cvss_v3",
                                "{'version': '3.1', 'vectorString': 'CVSS:3.1/AV:N', 'baseScore': 0, 'baseSeverity': 'NONE', 'temporalScore': 0, 'environmentalScore': 0}")),
                Named.of(
                        "a CVSS v3.1 vector with a repeated metric",
                        scored(
                                "cvss_v3",
                                "{'version': '3.1', 'vectorString': 'CVSS:3.1/AV:N/AV:L/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', 'baseScore': 9.8, 'baseSeverity': 'CRITICAL'}")),
                Named.of(
                        "a leap second and offsets in revision dates",
                        tracking("final", "2", "1 2016-12-31T23:59:60Z", "2 2017-01-01T00:59:59+01:00")),
                Named.of(
                        "revisions all at the same instant",
                        tracking(
                                "final",
                                "3",
                                "1 2021-07-21T09:00:00Z",
                                "2 2021-07-21T09:00:00Z",
                                "3 2021-07-21T09:00:00Z")),
                Named.of(
                        "a product in every status list, flagged through itself and a group",
                        with(
                                with(
                                        rich(),
                                        "/vulnerabilities/0/product_status",
                                        "{'first_affected': ['%s'], 'known_not_affected': ['%s'], 'fixed': ['%s'], 'under_investigation': ['%s']}"
                                                .formatted(A, A, A, A)),
                                "/vulnerabilities/0/flags",
                                "[{'label': 'component_not_present', 'product_ids': ['%s'], 'group_ids': ['CSAFGID-0001', 'CSAFGID-9999']}]"
                                        .formatted(A))),
                Named.of(
                        "a vex document without product_tree and vulnerabilities",
                        without(without(doc("csaf_vex"), "/vulnerabilities"), "/product_tree")),
                Named.of("lang and source_lang private-use and grandfathered", lang("x-private", "i-default")));
    }

    @ParameterizedTest(name = "check returns without an exception: {0}")
    @MethodSource("oddities")
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void oddDocumentsGetAVerdict(ObjectNode doc) {
        assertThatNoException().isThrownBy(() -> {
            var result = VALIDATOR.check(doc);
            assertThat(result.errors()).allSatisfy(f -> {
                assertThat(f.test()).isNotBlank();
                assertThat(f.pointer()).startsWith("/");
                assertThat(f.message()).isNotBlank();
            });
        });
    }

    // ---------------------------------------------------------------------------------------------
    // documents

    static final String A = "CSAFPID-9080700";
    static final String B = "CSAFPID-9080701";
    static final String C = "CSAFPID-9080702";
    static final String UNDEFINED = "CSAFPID-9089999";

    static final String V31_98 =
            "{'version': '3.1', 'vectorString': 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', 'baseScore': 9.8, 'baseSeverity': 'CRITICAL'}";
    static final String V30_98 =
            "{'version': '3.0', 'vectorString': 'CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', 'baseScore': 9.8, 'baseSeverity': 'CRITICAL'}";
    static final String V2_75 = "{'version': '2.0', 'vectorString': 'AV:N/AC:L/Au:N/C:P/I:P/A:P', 'baseScore': 7.5}";
    static final String V2_100 = "{'version': '2.0', 'vectorString': 'AV:N/AC:L/Au:N/C:C/I:C/A:C', 'baseScore': 10.0}";

    /** The valid document of {@code CsafRulesTestDocs.VALID}, with three products, a group and a vulnerability. */
    static final String BASE = """
            {'document': {'category': 'csaf_base', 'csaf_version': '2.0', 'title': 'T',
              'publisher': {'category': 'coordinator', 'name': 'X', 'namespace': 'https://x.example'},
              'distribution': {'tlp': {'label': 'WHITE'}},
              'tracking': {'id': 'X-1', 'status': 'final', 'version': '1',
                'initial_release_date': '2026-01-01T00:00:00Z', 'current_release_date': '2026-01-01T00:00:00Z',
                'revision_history': [{'number': '1', 'date': '2026-01-01T00:00:00Z', 'summary': 'a'}]}},
             'product_tree': {
               'full_product_names': [
                 {'product_id': 'CSAFPID-9080700', 'name': 'Product A'},
                 {'product_id': 'CSAFPID-9080701', 'name': 'Product B'},
                 {'product_id': 'CSAFPID-9080702', 'name': 'Product C'}],
               'product_groups': [{'group_id': 'CSAFGID-0001', 'product_ids': ['CSAFPID-9080700', 'CSAFPID-9080701']}]},
             'vulnerabilities': [{'cve': 'CVE-2021-44228', 'title': 'A vulnerability'}]}
            """;

    static final String VULNERABILITY_NOTES = "[{'category': 'description', 'text': 'What the vulnerability is.'}]";

    /** A valid document of a profile: what its profile tests ask for, and nothing more. */
    static ObjectNode doc(String category) {
        var doc = text(json(BASE), "/document/category", category);
        switch (category) {
            case "csaf_informational_advisory", "csaf_security_incident_response" -> {
                with(doc, "/document/notes", "[{'category': 'summary', 'text': 'What this is about.'}]");
                with(
                        doc,
                        "/document/references",
                        "[{'category': 'external', 'summary': 'Background', 'url': 'https://example.com/background'}]");
                if (category.equals("csaf_informational_advisory")) {
                    without(doc, "/vulnerabilities");
                }
            }
            case "csaf_security_advisory" -> {
                with(doc, "/vulnerabilities/0/notes", VULNERABILITY_NOTES);
                with(doc, "/vulnerabilities/0/product_status", "{'known_affected': ['%s']}".formatted(A));
            }
            case "csaf_vex" -> {
                with(doc, "/vulnerabilities/0/notes", VULNERABILITY_NOTES);
                with(
                        doc,
                        "/vulnerabilities/0/product_status",
                        "{'known_affected': ['%s'], 'known_not_affected': ['%s'], 'fixed': ['%s']}".formatted(A, B, C));
                with(
                        doc,
                        "/vulnerabilities/0/remediations",
                        "[{'category': 'vendor_fix', 'details': 'Update to 4.3.', 'product_ids': ['%s']}]"
                                .formatted(A));
                with(
                        doc,
                        "/vulnerabilities/0/flags",
                        "[{'label': 'vulnerable_code_not_present', 'product_ids': ['%s']}]".formatted(B));
            }
            default -> {}
        }
        return doc;
    }

    static ObjectNode base() {
        return doc("csaf_base");
    }

    /** A VEX document whose vulnerability has no product_status, remediations or flags yet. */
    static ObjectNode vexWithout() {
        var doc = doc("csaf_vex");
        without(doc, "/vulnerabilities/0/remediations");
        without(doc, "/vulnerabilities/0/flags");
        return doc;
    }

    /** A valid csaf_base document that uses every reference path, with products defined in all three places. */
    static ObjectNode rich() {
        var doc = branchTree(base(), "product_version", "4.2", "CSAFPID-9080703");
        text(
                doc,
                "/product_tree/branches/0/branches/0/branches/0/product/product_identification_helper/purl",
                "pkg:maven/com.example/product-d@4.2");
        with(doc, "/product_tree/relationships", relationship("CSAFPID-9080704", A, "CSAFPID-9080703"));
        with(doc, "/vulnerabilities/0", """
                {'cve': 'CVE-2021-44228', 'title': 'A vulnerability',
                 'product_status': {'first_affected': ['CSAFPID-9080700'], 'known_affected': ['CSAFPID-9080700'],
                   'last_affected': ['CSAFPID-9080700'], 'known_not_affected': ['CSAFPID-9080701'],
                   'first_fixed': ['CSAFPID-9080702'], 'fixed': ['CSAFPID-9080702'], 'recommended': ['CSAFPID-9080702'],
                   'under_investigation': ['CSAFPID-9080704', 'CSAFPID-9080703']},
                 'remediations': [{'category': 'vendor_fix', 'details': 'Update to 4.3.',
                   'product_ids': ['CSAFPID-9080700'], 'group_ids': ['CSAFGID-0001']}],
                 'scores': [{'products': ['CSAFPID-9080700', 'CSAFPID-9080703'], 'cvss_v3': %s}],
                 'threats': [{'category': 'impact', 'details': 'Not present.', 'product_ids': ['CSAFPID-9080701']}],
                 'flags': [{'label': 'component_not_present', 'product_ids': ['CSAFPID-9080701']}]}""".formatted(V31_98));
        return doc;
    }

    /** Adds vendor / product_name / (category, name) branches to the product tree, the last one defining a product. */
    static ObjectNode branchTree(ObjectNode doc, String category, String name, String productId) {
        var branches = json("""
                [{'category': 'vendor', 'name': 'Example Company', 'branches': [
                  {'category': 'product_name', 'name': 'Product D', 'branches': [
                    {'category': 'CATEGORY', 'product': {'product_id': 'PRODUCT', 'name': 'Product D'}}]}]}]""".replace("CATEGORY", category).replace("PRODUCT", productId));
        ((ObjectNode) branches.at("/0/branches/0/branches/0")).put("name", name);
        return put(doc, "/product_tree/branches", branches);
    }

    static String relationship(String id, String reference, String relatesTo) {
        return "[{'category': 'installed_on', 'full_product_name': {'name': 'Product %s', 'product_id': '%s'}, 'product_reference': '%s', 'relates_to_product_reference': '%s'}]"
                .formatted(id, id, reference, relatesTo);
    }

    /** A csaf_base document whose first vulnerability has one score, for product A. */
    static ObjectNode scored(String key, String cvss) {
        return with(base(), "/vulnerabilities/0/scores", "[{'products': ['%s'], '%s': %s}]".formatted(A, key, cvss));
    }

    static ObjectNode cwe(String id, String name) {
        return text(text(base(), "/vulnerabilities/0/cwe/id", id), "/vulnerabilities/0/cwe/name", name);
    }

    static ObjectNode lang(String lang, String sourceLang) {
        var doc = text(base(), "/document/lang", lang);
        return sourceLang == null ? doc : text(doc, "/document/source_lang", sourceLang);
    }

    /** A csaf_base document with this status, version and revision history; each revision is "number date". */
    static ObjectNode tracking(String status, String version, String... revisions) {
        var doc = text(text(base(), STATUS, status), VERSION, version);
        var history = MAPPER.createArrayNode();
        for (var revision : revisions) {
            var parts = revision.split(" ");
            history.addObject().put("date", parts[1]).put("number", parts[0]).put("summary", "Revision " + parts[0]);
        }
        return put(doc, HISTORY, history);
    }

    // ---------------------------------------------------------------------------------------------
    // JSON helpers: single quotes in the shorthand stand for double quotes

    static JsonNode json(String text) {
        try {
            return MAPPER.readTree(text.replace('\'', '"'));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ObjectNode with(JsonNode doc, String pointer, String json) {
        return put(doc, pointer, json(json));
    }

    static ObjectNode text(JsonNode doc, String pointer, String value) {
        return put(doc, pointer, TextNode.valueOf(value));
    }

    /** Sets the value at a JSON pointer, creating missing objects on the way; an array index may append. */
    static ObjectNode put(JsonNode doc, String pointer, JsonNode value) {
        var tokens = tokens(pointer);
        var parent = doc;
        for (var token : tokens.subList(0, tokens.size() - 1)) {
            var child = parent.isArray() ? parent.get(Integer.parseInt(token)) : parent.get(token);
            if (child == null) {
                child = ((ObjectNode) parent).putObject(token);
            }
            parent = child;
        }
        var last = tokens.getLast();
        if (parent instanceof ArrayNode array) {
            var index = last.equals("-") ? array.size() : Integer.parseInt(last);
            if (index == array.size()) {
                array.add(value);
            } else {
                array.set(index, value);
            }
        } else {
            ((ObjectNode) parent).set(last, value);
        }
        return (ObjectNode) doc;
    }

    static ObjectNode without(JsonNode doc, String pointer) {
        var tokens = tokens(pointer);
        var parent = doc;
        for (var token : tokens.subList(0, tokens.size() - 1)) {
            parent = parent.isArray() ? parent.get(Integer.parseInt(token)) : parent.get(token);
        }
        if (parent instanceof ArrayNode array) {
            array.remove(Integer.parseInt(tokens.getLast()));
        } else {
            ((ObjectNode) parent).remove(tokens.getLast());
        }
        return (ObjectNode) doc;
    }

    static List<String> tokens(String pointer) {
        return Arrays.stream(pointer.substring(1).split("/", -1))
                .map(t -> t.replace("~1", "/").replace("~0", "~"))
                .toList();
    }

    // ---------------------------------------------------------------------------------------------
    // cases

    /** Where a finding is expected: a description for the report and a test of its pointer. */
    record Where(String description, Predicate<String> matches) {}

    static Where at(String pointer) {
        return new Where(pointer, pointer::equals);
    }

    /** The specification leaves the pointer open between a few candidates. */
    static Where atOneOf(String... pointers) {
        var set = Set.of(pointers);
        return new Where("one of " + set, set::contains);
    }

    /** The pointer or anything inside it: the specification names only the list or object. */
    static Where under(String prefix) {
        return new Where(prefix + " or inside it", p -> p.equals(prefix) || p.startsWith(prefix + "/"));
    }

    /**
     * One case: a document, the test it concerns, where findings are expected (none for a passing case),
     * whether those are the only findings of that test, and whether the document must be entirely valid.
     */
    record Case(String name, ObjectNode doc, String test, List<Where> where, boolean exactly, boolean clean) {

        Case only() {
            return new Case(name, doc, test, where, true, clean);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    static Case fails(String test, String what, ObjectNode doc, Where... where) {
        return new Case(test + " fails: " + what, doc, test, List.of(where), false, false);
    }

    /** No finding of this test; other findings may occur. */
    static Case passes(String test, String what, ObjectNode doc) {
        return new Case(test + " passes: " + what, doc, test, List.of(), false, false);
    }

    /** No finding of this test, and no error at all. */
    static Case valid(String test, String what, ObjectNode doc) {
        return new Case(test + " passes: " + what, doc, test, List.of(), false, true);
    }
}
