package org.opencirt.advisory.csaf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.opencirt.advisory.csaf.CsafMandatoryTestsTest.A;
import static org.opencirt.advisory.csaf.CsafMandatoryTestsTest.B;
import static org.opencirt.advisory.csaf.CsafMandatoryTestsTest.C;
import static org.opencirt.advisory.csaf.CsafMandatoryTestsTest.SHA256_A;
import static org.opencirt.advisory.csaf.CsafMandatoryTestsTest.UNDEFINED;
import static org.opencirt.advisory.csaf.CsafMandatoryTestsTest.V2_75;
import static org.opencirt.advisory.csaf.CsafMandatoryTestsTest.V31_FULL;
import static org.opencirt.advisory.csaf.CsafMandatoryTestsTest.XSS;
import static org.opencirt.advisory.csaf.CsafMandatoryTestsTest.at;
import static org.opencirt.advisory.csaf.CsafMandatoryTestsTest.atOneOf;
import static org.opencirt.advisory.csaf.CsafMandatoryTestsTest.hashes;
import static org.opencirt.advisory.csaf.CsafMandatoryTestsTest.json;
import static org.opencirt.advisory.csaf.CsafMandatoryTestsTest.put;
import static org.opencirt.advisory.csaf.CsafMandatoryTestsTest.text;
import static org.opencirt.advisory.csaf.CsafMandatoryTestsTest.under;
import static org.opencirt.advisory.csaf.CsafMandatoryTestsTest.with;
import static org.opencirt.advisory.csaf.CsafMandatoryTestsTest.without;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.opencirt.advisory.csaf.CsafMandatoryTestsTest.Case;
import org.opencirt.advisory.csaf.CsafMandatoryTestsTest.Where;

/**
 * The optional tests of CSAF 2.0, section 6.2 (6.2.1 to 6.2.20), one by one, from the specification's wording
 * and examples: for each, the specification's failing example (where it gives one) embedded in a valid document,
 * at least one passing document, and the edge cases the wording implies. A failing optional test is a warning,
 * never an error.
 *
 * <p>Every case starts from {@link #clean()}, a document that is valid (no error) and raises no warning at all
 * (checked by {@link #cleanDocuments}), and changes one thing. Every case asserts that the document has no error
 * (the optional tests run only on a valid document; a broken fixture shows that way), that a warning case has a
 * warning of its test at the pointer the specification makes obvious (or one of the few it leaves open), that a
 * passing case has none of its test, and ({@link #noWarningOfAnotherTest}) that no other optional test warns.
 *
 * <p>Documents are written with their keys sorted (6.2.13): each case's document is sorted deeply before the check,
 * except the 6.2.13 cases, which unsort one object on purpose. Sorting is by code point; no two keys used here
 * compare differently case-insensitively.
 */
class CsafOptionalTestsTest {

    private static final CsafValidator VALIDATOR = new CsafValidator();
    private static final ObjectMapper MAPPER = new ObjectMapper();

    static final String D = "CSAFPID-9080703";
    static final String E = "CSAFPID-9080704";
    static final String GROUP = "CSAFGID-0001";
    static final String MD5 = "6ae24620ea9656230f49234efd078935";
    static final String SHA1 = "e067035314dd8673fe1c9fc6b01414fe0950fdc4";

    static final String FPN = "/product_tree/full_product_names";
    static final String BRANCH = "/product_tree/branches/0/branches/0/branches/0";
    static final String BRANCH_PRODUCT = BRANCH + "/product";
    static final String RELATIONSHIP_PRODUCT = "/product_tree/relationships/0/full_product_name";
    static final String VULNERABILITY = "/vulnerabilities/0";
    static final String STATUS = VULNERABILITY + "/product_status";
    static final String TRACKING = "/document/tracking";
    static final String REFERENCES = "/document/references";

    /** The canonical URL of {@link #CLEAN}: tracking id OpenCIRT-SA-2026-0001 makes opencirt-sa-2026-0001.json. */
    static final String CANONICAL = "https://example.com/.well-known/csaf/white/2026/opencirt-sa-2026-0001.json";

    /** CVSS v3.1 of example 111: base 6.5 MEDIUM, no environmental metrics. */
    static final String V31_65 = "{'baseScore': 6.5, 'baseSeverity': 'MEDIUM',"
            + " 'vectorString': 'CVSS:3.1/AV:L/AC:L/PR:H/UI:R/S:U/C:H/I:H/A:H', 'version': '3.1'}";
    /**
     * Example 111's vector with every modified impact None: the modified impact sub score is 0, so the environmental
     * score is 0.0 and its severity NONE (CVSS v3.1 section 7.3, "if ModifiedImpact <= 0 then 0").
     */
    static final String V31_65_ENV_0 = "{'baseScore': 6.5, 'baseSeverity': 'MEDIUM', 'environmentalScore': 0.0,"
            + " 'environmentalSeverity': 'NONE',"
            + " 'vectorString': 'CVSS:3.1/AV:L/AC:L/PR:H/UI:R/S:U/C:H/I:H/A:H/MC:N/MI:N/MA:N', 'version': '3.1'}";

    /**
     * A document without a single optional fault: a language, a TLP label, a canonical URL, every product referenced
     * and identified (purl or cpe), the affected product remediated and scored, the fixed product in no score, the
     * keys sorted at every level. Document notes, an external reference and vulnerability notes and flags make it
     * valid for every profile too (see {@link #clean(String)}).
     */
    static final String CLEAN = """
            {'document': {'category': 'csaf_base', 'csaf_version': '2.0',
              'distribution': {'text': 'Distribute freely.', 'tlp': {'label': 'WHITE'}},
              'lang': 'en',
              'notes': [{'category': 'summary', 'text': 'What this advisory is about.'}],
              'publisher': {'category': 'vendor', 'name': 'Example Company', 'namespace': 'https://example.com'},
              'references': [
                {'category': 'self', 'summary': 'This advisory.', 'url': 'CANONICAL'},
                {'category': 'external', 'summary': 'Background.', 'url': 'https://example.com/background'}],
              'title': 'An advisory without optional faults',
              'tracking': {'current_release_date': '2026-01-01T00:00:00Z', 'id': 'OpenCIRT-SA-2026-0001',
                'initial_release_date': '2026-01-01T00:00:00Z',
                'revision_history': [{'date': '2026-01-01T00:00:00Z', 'number': '1', 'summary': 'Initial version.'}],
                'status': 'final', 'version': '1'}},
             'product_tree': {'full_product_names': [
               {'name': 'Product A', 'product_id': 'CSAFPID-9080700',
                'product_identification_helper': {'purl': 'pkg:maven/com.example/product-a@4.2'}},
               {'name': 'Product B', 'product_id': 'CSAFPID-9080701',
                'product_identification_helper': {'cpe': 'cpe:2.3:a:example:product_b:1.0:*:*:*:*:*:*:*'}},
               {'name': 'Product C', 'product_id': 'CSAFPID-9080702',
                'product_identification_helper': {'purl': 'pkg:maven/com.example/product-c@4.3'}}]},
             'vulnerabilities': [{'cve': 'CVE-2021-44228',
               'flags': [{'label': 'component_not_present', 'product_ids': ['CSAFPID-9080701']}],
               'notes': [{'category': 'description', 'text': 'What the vulnerability is.'}],
               'product_status': {'fixed': ['CSAFPID-9080702'], 'known_affected': ['CSAFPID-9080700'],
                 'known_not_affected': ['CSAFPID-9080701']},
               'remediations': [{'category': 'vendor_fix', 'details': 'Update to 4.3.', 'product_ids': ['CSAFPID-9080700']}],
               'scores': [{'cvss_v3': {'baseScore': 9.8, 'baseSeverity': 'CRITICAL',
                   'vectorString': 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', 'version': '3.1'},
                 'products': ['CSAFPID-9080700']}],
               'title': 'A vulnerability'}]}
            """.replace("CANONICAL", CANONICAL);

    // ---------------------------------------------------------------------------------------------
    // the clean documents, and errors before warnings

    static Stream<Named<ObjectNode>> cleanDocuments() {
        return Stream.of(
                Named.of("the clean csaf_base document", clean()),
                Named.of(
                        "the clean document as csaf_security_incident_response",
                        clean("csaf_security_incident_response")),
                Named.of("the clean document as csaf_security_advisory", clean("csaf_security_advisory")),
                Named.of("the clean document as csaf_vex", clean("csaf_vex")),
                Named.of(
                        "the clean document as csaf_informational_advisory (no vulnerabilities)",
                        clean("csaf_informational_advisory")),
                Named.of("the rich clean document (branches, relationships, groups, hashes, ids)", rich()));
    }

    @ParameterizedTest(name = "{0} has no error and no warning")
    @MethodSource("cleanDocuments")
    void cleanDocumentsRaiseNothing(ObjectNode doc) {
        var result = VALIDATOR.check(doc);
        assertThat(result.errors()).as("errors").isEmpty();
        assertThat(result.warnings()).as("warnings").isEmpty();
    }

    static Stream<Named<ObjectNode>> invalidWithOptionalFaults() {
        // a mandatory (6.1.1) error, with no lang (6.2.12), no TLP label (6.2.10) and unsorted keys (6.2.13)
        var mandatory = clean();
        without(mandatory, "/document/lang");
        without(mandatory, "/document/distribution/tlp");
        addTo(mandatory, STATUS + "/known_affected", UNDEFINED);
        moveFirst(mandatory, "/document", "csaf_version");
        // a schema error (no title), with the same optional faults
        var schema = clean();
        without(schema, "/document/title");
        without(schema, "/document/lang");
        without(schema, "/document/distribution/tlp");
        moveFirst(schema, "/document", "csaf_version");
        return Stream.of(
                Named.of("a 6.1.1 error with optional faults: only the error", mandatory),
                Named.of("a schema error with optional faults: only the error", schema));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidWithOptionalFaults")
    void errorsComeWithoutWarnings(ObjectNode doc) {
        var result = VALIDATOR.check(doc);
        assertThat(result.errors()).as("errors").isNotEmpty();
        assertThat(result.warnings()).as("warnings of a document with errors").isEmpty();
    }

    // ---------------------------------------------------------------------------------------------
    // the cases

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void optionalTest(Case c) {
        var result = VALIDATOR.check(c.doc());
        assertThat(result.errors())
                .as("errors (the fixture must be valid apart from the optional fault)")
                .isEmpty();
        var warnings = result.warnings();
        var ofTest = warnings.stream().filter(f -> f.test().equals(c.test())).toList();
        if (c.where().isEmpty()) {
            assertThat(ofTest)
                    .as("no %s warning expected; all warnings: %s", c.test(), warnings)
                    .isEmpty();
            return;
        }
        for (var where : c.where()) {
            assertThat(ofTest)
                    .as("a %s warning at %s; all warnings: %s", c.test(), where.description(), warnings)
                    .anyMatch(f -> where.matches().test(f.pointer()));
        }
        if (c.exactly()) {
            assertThat(ofTest)
                    .as("only the %s warnings the specification names; all warnings: %s", c.test(), warnings)
                    .hasSize(c.where().size());
        }
    }

    /** Each case changes one thing of the clean document: no other optional test may warn. */
    @ParameterizedTest(name = "{0}: no warning of another test")
    @MethodSource("cases")
    void noWarningOfAnotherTest(Case c) {
        var result = VALIDATOR.check(c.doc());
        assertThat(result.errors()).as("errors").isEmpty();
        assertThat(result.warnings())
                .as("warnings of tests other than %s", c.test())
                .allMatch(f -> f.test().equals(c.test()));
    }

    static Stream<Case> cases() {
        return Stream.of(
                        t6_2_1(), t6_2_2(), t6_2_3(), t6_2_4(), t6_2_5(), t6_2_6(), t6_2_7(), t6_2_8(), t6_2_9(),
                        t6_2_10(), t6_2_11(), t6_2_12(), t6_2_13(), t6_2_14(), t6_2_15(), t6_2_16(), t6_2_17(),
                        t6_2_18(), t6_2_19(), t6_2_20())
                .flatMap(List::stream);
    }

    // 6.2.1 Unused Definition of Product ID
    static List<Case> t6_2_1() {
        var cases = new ArrayList<Case>();
        cases.add(warns(
                        "6.2.1",
                        "a full product name referenced nowhere (example 93)",
                        withFullProduct(clean(), product(D)),
                        at(FPN + "/3/product_id"))
                .only());
        cases.add(warns(
                        "6.2.1",
                        "a product of a branch three levels deep referenced nowhere",
                        withBranch(clean(), "product_version", "4.2", product(D)),
                        at(BRANCH_PRODUCT + "/product_id"))
                .only());
        cases.add(warns(
                        "6.2.1",
                        "a relationship's product referenced nowhere",
                        withRelationship(clean(), product(D), A, B),
                        at(RELATIONSHIP_PRODUCT + "/product_id"))
                .only());
        cases.add(warns(
                "6.2.1",
                "a csaf_vex document runs the test too",
                withFullProduct(clean("csaf_vex"), product(D)),
                at(FPN + "/3/product_id")));
        cases.add(warns(
                "6.2.1",
                "a csaf_security_advisory document runs the test too",
                withFullProduct(clean("csaf_security_advisory"), product(D)),
                at(FPN + "/3/product_id")));
        cases.add(passes(
                "6.2.1",
                "informational advisory whose products are referenced nowhere (the test is skipped)",
                clean("csaf_informational_advisory")));
        cases.add(passes(
                "6.2.1",
                "informational advisory with products in branches and relationships referenced nowhere (skipped)",
                withRelationship(
                        withBranch(clean("csaf_informational_advisory"), "product_version", "4.2", product(D)),
                        product(E),
                        A,
                        D)));
        cases.add(passes(
                "6.2.1",
                "a product referenced only in a product group",
                with(
                        withFullProduct(clean(), product(D)),
                        "/product_tree/product_groups",
                        "[{'group_id': '%s', 'product_ids': ['%s', '%s']}]".formatted(GROUP, A, D))));
        var viaRelationship = withRelationship(withFullProduct(clean(), product(D)), product(E), D, A);
        addTo(viaRelationship, STATUS + "/fixed", E);
        cases.add(passes("6.2.1", "a product referenced only as a relationship's product_reference", viaRelationship));
        var viaRelatesTo =
                withRelationship(withBranch(clean(), "product_version", "4.2", product(D)), product(E), A, D);
        addTo(viaRelatesTo, STATUS + "/fixed", E);
        cases.add(passes(
                "6.2.1",
                "a branch product referenced only as a relationship's relates_to_product_reference",
                viaRelatesTo));
        cases.add(passes(
                "6.2.1",
                "a product referenced only in a threat",
                with(
                        withFullProduct(clean(), product(D)),
                        VULNERABILITY + "/threats",
                        "[{'category': 'impact', 'details': 'Less impact.', 'product_ids': ['%s']}]".formatted(D))));
        cases.add(passes(
                "6.2.1",
                "a product referenced only in a remediation",
                addTo(withFullProduct(clean(), product(D)), VULNERABILITY + "/remediations/0/product_ids", D)));
        cases.add(passes(
                "6.2.1",
                "a product referenced only in a score",
                addTo(withFullProduct(clean(), product(D)), VULNERABILITY + "/scores/0/products", D)));
        cases.add(passes(
                "6.2.1",
                "a branch product referenced in a product status",
                referenced(withBranch(clean(), "product_version", "4.2", product(D)), D)));
        return cases;
    }

    static final List<String> AFFECTED = List.of("first_affected", "known_affected", "last_affected");

    // 6.2.2 Missing Remediation
    static List<Case> t6_2_2() {
        var cases = new ArrayList<Case>();
        for (var status : List.of("first_affected", "known_affected", "last_affected", "under_investigation")) {
            var doc = affected(status, D);
            var index = doc.at(STATUS + "/" + status).size() - 1;
            cases.add(warns(
                    "6.2.2",
                    "a product in " + status + " without a remediation"
                            + (status.equals("last_affected") ? " (example 94)" : ""),
                    doc,
                    at(STATUS + "/" + status + "/" + index)));
        }
        var withoutAny = clean();
        without(withoutAny, VULNERABILITY + "/remediations");
        cases.add(warns(
                "6.2.2",
                "a known_affected product of a vulnerability without remediations",
                withoutAny,
                at(STATUS + "/known_affected/0")));
        cases.add(warns(
                "6.2.2",
                "a remediation for another product does not count",
                affected("known_affected", D),
                at(STATUS + "/known_affected/1")));
        cases.add(warns(
                "6.2.2",
                "a remediation for a group without the product does not count",
                remediation(
                        with(
                                affected("known_affected", D),
                                "/product_tree/product_groups",
                                "[{'group_id': '%s', 'product_ids': ['%s', '%s']}]".formatted(GROUP, B, C)),
                        "{'category': 'vendor_fix', 'details': 'Update.', 'group_ids': ['%s']}".formatted(GROUP)),
                at(STATUS + "/known_affected/1")));
        for (var category : List.of("none_available", "no_fix_planned", "workaround", "mitigation", "vendor_fix")) {
            cases.add(passes(
                    "6.2.2",
                    "a remediation of category " + category + " counts",
                    remediation(
                            affected("known_affected", D),
                            "{'category': '%s', 'details': 'What to do.', 'product_ids': ['%s']}"
                                    .formatted(category, D))));
        }
        cases.add(passes(
                "6.2.2",
                "a remediation naming the product through a product group counts",
                remediation(
                        with(
                                affected("last_affected", D),
                                "/product_tree/product_groups",
                                "[{'group_id': '%s', 'product_ids': ['%s', '%s']}]".formatted(GROUP, A, D)),
                        "{'category': 'vendor_fix', 'details': 'Update.', 'group_ids': ['%s']}".formatted(GROUP))));
        cases.add(passes(
                "6.2.2",
                "an under_investigation product with a mitigation",
                remediation(
                        affected("under_investigation", D),
                        "{'category': 'mitigation', 'details': 'Disable it.', 'product_ids': ['%s']}".formatted(D))));
        cases.add(passes(
                "6.2.2", "fixed and known_not_affected products need no remediation (the clean document)", clean()));
        cases.add(passes(
                "6.2.2",
                "a recommended product needs no remediation",
                addTo(withFullProduct(clean(), product(D)), STATUS + "/recommended", D)));
        cases.add(passes(
                "6.2.2",
                "a first_fixed product needs no remediation",
                addTo(withFullProduct(clean(), product(D)), STATUS + "/first_fixed", D)));
        return cases;
    }

    // 6.2.3 Missing Score
    static List<Case> t6_2_3() {
        var cases = new ArrayList<Case>();
        for (var status : AFFECTED) {
            var doc = remediated(affectedUnscored(status, D), D);
            var index = doc.at(STATUS + "/" + status).size() - 1;
            cases.add(warns(
                    "6.2.3",
                    "a product in " + status + " without a score"
                            + (status.equals("first_affected") ? " (example 95)" : ""),
                    doc,
                    at(STATUS + "/" + status + "/" + index)));
        }
        var withoutScores = clean();
        without(withoutScores, VULNERABILITY + "/scores");
        cases.add(warns(
                "6.2.3",
                "a known_affected product of a vulnerability without scores",
                withoutScores,
                at(STATUS + "/known_affected/0")));
        cases.add(passes(
                "6.2.3",
                "an affected product covered by a score together with another product",
                remediated(affected("last_affected", D), D)));
        cases.add(passes(
                "6.2.3",
                "an affected product covered by a CVSS v2 score",
                with(
                        remediated(affectedUnscored("first_affected", D), D),
                        VULNERABILITY + "/scores/1",
                        "{'cvss_v2': %s, 'products': ['%s']}".formatted(V2_75, D))));
        cases.add(passes(
                "6.2.3",
                "an under_investigation product needs no score",
                remediated(affected("under_investigation", D), D)));
        cases.add(passes("6.2.3", "fixed and known_not_affected products need no score (the clean document)", clean()));
        return cases;
    }

    // 6.2.4 Build Metadata in Revision History
    static List<Case> t6_2_4() {
        var cases = new ArrayList<Case>();
        cases.add(warns(
                "6.2.4",
                "a revision number with build metadata (example 96)",
                history(
                        "2021-04-23T10:00:00.000Z",
                        "2021-04-23T10:00:00.000Z",
                        "1.0.0",
                        "1.0.0+exp.sha.ac00785 2021-04-23T10:00:00.000Z"),
                at(TRACKING + "/revision_history/0/number")));
        cases.add(warns(
                "6.2.4",
                "the second revision's number has build metadata",
                history(
                        "2026-01-01T00:00:00Z",
                        "2026-02-01T00:00:00Z",
                        "2.0.0",
                        "1.0.0 2026-01-01T00:00:00Z",
                        "2.0.0+build.7 2026-02-01T00:00:00Z"),
                at(TRACKING + "/revision_history/1/number")));
        cases.add(passes(
                "6.2.4",
                "semantic versions without build metadata",
                history(
                        "2026-01-01T00:00:00Z",
                        "2026-02-01T00:00:00Z",
                        "2.0.0",
                        "1.0.0 2026-01-01T00:00:00Z",
                        "2.0.0 2026-02-01T00:00:00Z")));
        cases.add(passes(
                "6.2.4",
                "build metadata in /document/tracking/version only (not a revision number)",
                history(
                        "2026-01-01T00:00:00Z",
                        "2026-01-01T00:00:00Z",
                        "1.0.0+build.7",
                        "1.0.0 2026-01-01T00:00:00Z")));
        cases.add(passes("6.2.4", "integer versions (the clean document)", clean()));
        return cases;
    }

    // 6.2.5 Older Initial Release Date than Revision History
    static List<Case> t6_2_5() {
        var initial = at(TRACKING + "/initial_release_date");
        var cases = new ArrayList<Case>();
        cases.add(warns(
                "6.2.5",
                "initial release date older than the oldest revision (example 97)",
                history(
                        "2021-04-22T10:00:00.000Z",
                        "2021-07-21T11:00:00.000Z",
                        "2",
                        "1 2021-05-06T10:00:00.000Z",
                        "2 2021-07-21T11:00:00.000Z"),
                initial));
        cases.add(warns(
                "6.2.5",
                "older than the oldest revision, which is not the first item of the history",
                history(
                        "2025-12-31T00:00:00Z",
                        "2026-02-01T00:00:00Z",
                        "2",
                        "2 2026-02-01T00:00:00Z",
                        "1 2026-01-01T00:00:00Z"),
                initial));
        cases.add(warns(
                "6.2.5",
                "compared as instants: 01:30+02:00 is before 00:00Z (the text sorts after it)",
                history("2026-01-01T01:30:00+02:00", "2026-01-01T00:00:00Z", "1", "1 2026-01-01T00:00:00Z"),
                initial));
        cases.add(passes(
                "6.2.5", "initial release date equal to the only revision's date (the clean document)", clean()));
        cases.add(passes(
                "6.2.5",
                "initial release date newer than the oldest revision",
                history("2026-01-01T12:00:00Z", "2026-01-01T12:00:00Z", "1", "1 2026-01-01T00:00:00Z")));
        cases.add(passes(
                "6.2.5",
                "equal to the oldest revision, which is the last item of the history (the first is newer)",
                history(
                        "2026-01-01T00:00:00Z",
                        "2026-02-01T00:00:00Z",
                        "2",
                        "2 2026-02-01T00:00:00Z",
                        "1 2026-01-01T00:00:00Z")));
        cases.add(passes(
                "6.2.5",
                "compared as instants: 00:30-01:00 is after 01:00Z (the text sorts before it)",
                history("2026-01-01T00:30:00-01:00", "2026-01-01T01:00:00Z", "1", "1 2026-01-01T01:00:00Z")));
        cases.add(passes(
                "6.2.5",
                "compared as instants: 00:00:00.000Z equals 00:00:00Z",
                history("2026-01-01T00:00:00.000Z", "2026-01-01T00:00:00Z", "1", "1 2026-01-01T00:00:00Z")));
        return cases;
    }

    // 6.2.6 Older Current Release Date than Revision History
    static List<Case> t6_2_6() {
        var current = at(TRACKING + "/current_release_date");
        var cases = new ArrayList<Case>();
        cases.add(warns(
                "6.2.6",
                "current release date older than the newest revision (example 98)",
                history(
                        "2021-05-06T10:00:00.000Z",
                        "2021-05-06T10:00:00.000Z",
                        "2",
                        "1 2021-05-06T10:00:00.000Z",
                        "2 2021-07-21T11:00:00.000Z"),
                current));
        cases.add(warns(
                "6.2.6",
                "older than the newest revision, which is the first item of the history",
                history(
                        "2026-01-01T00:00:00Z",
                        "2026-01-15T00:00:00Z",
                        "2",
                        "2 2026-02-01T00:00:00Z",
                        "1 2026-01-01T00:00:00Z"),
                current));
        cases.add(warns(
                "6.2.6",
                "compared as instants: 01:30+02:00 is before 00:00Z (the text sorts after it)",
                history("2026-01-01T00:00:00Z", "2026-01-01T01:30:00+02:00", "1", "1 2026-01-01T00:00:00Z"),
                current));
        cases.add(passes(
                "6.2.6", "current release date equal to the only revision's date (the clean document)", clean()));
        cases.add(passes(
                "6.2.6",
                "current release date newer than the newest revision",
                history("2026-01-01T00:00:00Z", "2026-03-01T00:00:00Z", "1", "1 2026-01-01T00:00:00Z")));
        cases.add(passes(
                "6.2.6",
                "equal to the newest revision, which is the first item of the history",
                history(
                        "2026-01-01T00:00:00Z",
                        "2026-02-01T00:00:00Z",
                        "2",
                        "2 2026-02-01T00:00:00Z",
                        "1 2026-01-01T00:00:00Z")));
        cases.add(passes(
                "6.2.6",
                "compared as instants: 00:30-01:00 is after 01:00Z (the text sorts before it)",
                history("2026-01-01T01:00:00Z", "2026-01-01T00:30:00-01:00", "1", "1 2026-01-01T01:00:00Z")));
        cases.add(passes(
                "6.2.6",
                "compared as instants: 00:00:00.000Z equals 00:00:00Z",
                history("2026-01-01T00:00:00Z", "2026-01-01T00:00:00.000Z", "1", "1 2026-01-01T00:00:00Z")));
        return cases;
    }

    // 6.2.7 Missing Date in Involvements
    static List<Case> t6_2_7() {
        var involvements = VULNERABILITY + "/involvements";
        var cases = new ArrayList<Case>();
        cases.add(warns(
                "6.2.7",
                "an involvement without date (example 99)",
                with(clean(), involvements, "[{'party': 'vendor', 'status': 'in_progress'}]"),
                atOneOf(involvements + "/0", involvements + "/0/date")));
        cases.add(warns(
                "6.2.7",
                "the second involvement without date",
                with(clean(), involvements, """
                        [{'date': '2026-01-01T00:00:00Z', 'party': 'coordinator', 'status': 'completed'},
                         {'party': 'vendor', 'status': 'in_progress'}]"""),
                atOneOf(involvements + "/1", involvements + "/1/date")));
        cases.add(passes(
                "6.2.7",
                "an involvement with date",
                with(
                        clean(),
                        involvements,
                        "[{'date': '2026-01-01T00:00:00Z', 'party': 'vendor', 'status': 'in_progress'}]")));
        cases.add(passes("6.2.7", "no involvements (the clean document)", clean()));
        return cases;
    }

    // 6.2.8 Use of MD5 as the only Hash Algorithm
    static List<Case> t6_2_8() {
        return onlyHash("6.2.8", "md5", MD5, "100");
    }

    // 6.2.9 Use of SHA-1 as the only Hash Algorithm
    static List<Case> t6_2_9() {
        return onlyHash("6.2.9", "sha1", SHA1, "101");
    }

    /** 6.2.8 and 6.2.9, word for word the same test for a different algorithm. */
    static List<Case> onlyHash(String test, String algorithm, String value, String example) {
        var helperA = FPN + "/0/product_identification_helper";
        var cases = new ArrayList<Case>();
        cases.add(warns(
                test,
                algorithm + " the only hash algorithm of a full product name's file (example " + example + ")",
                put(clean(), helperA + "/hashes", json(hashes(algorithm, value))),
                under(helperA + "/hashes/0/file_hashes")));
        cases.add(warns(
                test,
                algorithm + " the only hash algorithm of a branch product's file",
                referenced(
                        withBranch(clean(), "product_version", "4.2", product(D, helper(D, hashes(algorithm, value)))),
                        D),
                under(BRANCH_PRODUCT + "/product_identification_helper/hashes/0/file_hashes")));
        cases.add(warns(
                test,
                algorithm + " the only hash algorithm of a relationship product's file",
                referenced(withRelationship(clean(), product(D, helper(D, hashes(algorithm, value))), A, B), D),
                under(RELATIONSHIP_PRODUCT + "/product_identification_helper/hashes/0/file_hashes")));
        var twoFiles = "[{'file_hashes': [{'algorithm': 'sha256', 'value': '%s'}], 'filename': 'product_a.so'},"
                + " {'file_hashes': [{'algorithm': '%s', 'value': '%s'}], 'filename': 'product_a.jar'}]";
        cases.add(warns(
                test,
                algorithm + " the only hash algorithm of the second file (the first has sha256)",
                with(clean(), helperA + "/hashes", twoFiles.formatted(SHA256_A, algorithm, value)),
                under(helperA + "/hashes/1/file_hashes")));
        cases.add(passes(
                test,
                algorithm + " together with sha256",
                put(clean(), helperA + "/hashes", json(hashes(algorithm, value, "sha256", SHA256_A)))));
        cases.add(passes(
                test,
                "md5 together with sha1: per the wording (\"" + algorithm
                        + " is not the only one present\") there is a second algorithm, so no warning",
                put(clean(), helperA + "/hashes", json(hashes("md5", MD5, "sha1", SHA1)))));
        cases.add(passes(
                test,
                "sha256 the only hash algorithm",
                put(clean(), helperA + "/hashes", json(hashes("sha256", SHA256_A)))));
        return cases;
    }

    // 6.2.10 Missing TLP label
    static List<Case> t6_2_10() {
        var label = "/document/distribution/tlp/label";
        var cases = new ArrayList<Case>();
        cases.add(warns(
                "6.2.10",
                "a distribution with text only (example 102)",
                with(clean(), "/document/distribution", "{'text': 'Distribute freely.'}"),
                atOneOf(label, "/document/distribution/tlp", "/document/distribution")));
        cases.add(warns(
                "6.2.10",
                "no distribution at all",
                without(clean(), "/document/distribution"),
                atOneOf(label, "/document/distribution", "/document")));
        for (var tlp : List.of("AMBER", "GREEN", "RED", "WHITE")) {
            cases.add(passes("6.2.10", "TLP label " + tlp, text(clean(), label, tlp)));
        }
        cases.add(passes(
                "6.2.10",
                "a TLP label with its URL and no text",
                with(
                        clean(),
                        "/document/distribution",
                        "{'tlp': {'label': 'GREEN', 'url': 'https://www.first.org/tlp/'}}")));
        return cases;
    }

    // 6.2.11 Missing Canonical URL
    static List<Case> t6_2_11() {
        var self = REFERENCES + "/0/url";
        var references = under(REFERENCES);
        var cases = new ArrayList<Case>();
        var example103 = text(clean(), TRACKING + "/id", "OASIS_CSAF_TC-CSAF_2.0-2021-6-2-11-01");
        with(example103, REFERENCES + "/0", """
                {'category': 'self', 'summary': 'A non-canonical URL.',
                 'url': 'https://example.com/security/data/csaf/2021/OASIS_CSAF_TC-CSAF_2.0-2021-6-2-11-01_1.json'}""");
        cases.add(warns("6.2.11", "the id with a _1 suffix, not lower-cased (example 103)", example103, references));
        cases.add(passes(
                "6.2.11",
                "the valid file name of example 103's id (oasis_csaf_tc-csaf_2_0-2021-6-2-11-01.json)",
                text(
                        text(clean(), TRACKING + "/id", "OASIS_CSAF_TC-CSAF_2.0-2021-6-2-11-01"),
                        self,
                        "https://example.com/security/data/csaf/2021/oasis_csaf_tc-csaf_2_0-2021-6-2-11-01.json")));
        cases.add(passes(
                "6.2.11", "a self reference over https ending with the valid file name (the clean document)", clean()));
        cases.add(warns(
                "6.2.11",
                "self reference over http",
                text(clean(), self, CANONICAL.replace("https://", "http://")),
                references));
        cases.add(warns(
                "6.2.11",
                "self reference to a wrong file name",
                text(clean(), self, CANONICAL.replace("0001.json", "0002.json")),
                references));
        cases.add(warns(
                "6.2.11",
                "the valid file name with a _1 suffix",
                text(clean(), self, CANONICAL.replace("0001.json", "0001_1.json")),
                references));
        cases.add(warns(
                "6.2.11",
                "the file name not lower-cased (OpenCIRT-SA-2026-0001.json)",
                text(clean(), self, CANONICAL.replace("opencirt-sa", "OpenCIRT-SA")),
                references));
        cases.add(warns(
                "6.2.11",
                "the file name without .json",
                text(clean(), self, CANONICAL.replace(".json", "")),
                references));
        cases.add(warns(
                "6.2.11",
                "the canonical URL under category external, no self reference",
                text(clean(), REFERENCES + "/0/category", "external"),
                references));
        cases.add(warns(
                "6.2.11", "no references at all", without(clean(), REFERENCES), atOneOf(REFERENCES, "/document")));
        cases.add(passes("6.2.11", "two self references, one over http, the other canonical", twoSelfReferences()));
        cases.add(passes(
                "6.2.11",
                "a run of characters outside a-z 0-9 + - becomes a single underscore (section 5.1)",
                text(
                        text(clean(), TRACKING + "/id", "OpenCIRT :: SA 2026/0001"),
                        self,
                        "https://example.com/csaf/opencirt_sa_2026_0001.json")));
        cases.add(warns(
                "6.2.11",
                "an underscore for each character of such a run is not the valid file name (section 5.1)",
                text(
                        text(clean(), TRACKING + "/id", "OpenCIRT :: SA 2026/0001"),
                        self,
                        "https://example.com/csaf/opencirt____sa_2026_0001.json"),
                references));
        cases.add(passes(
                "6.2.11",
                "+ stays in the file name (section 5.1)",
                text(
                        text(clean(), TRACKING + "/id", "OpenCIRT-SA+2026-0001"),
                        self,
                        "https://example.com/csaf/opencirt-sa+2026-0001.json")));
        return cases;
    }

    /** The clean document with a second self reference over http before the canonical one. */
    static ObjectNode twoSelfReferences() {
        var doc = clean();
        var references = (ArrayNode) doc.at(REFERENCES);
        references.insert(
                0,
                json("{'category': 'self', 'summary': 'The same over http.', 'url': '%s'}"
                        .formatted(CANONICAL.replace("https://", "http://"))));
        return doc;
    }

    // 6.2.12 Missing Document Language
    static List<Case> t6_2_12() {
        var cases = new ArrayList<Case>();
        cases.add(warns(
                "6.2.12",
                "no /document/lang (example 104)",
                without(clean(), "/document/lang"),
                atOneOf("/document/lang", "/document")));
        cases.add(warns(
                "6.2.12",
                "a source_lang without lang",
                text(without(clean(), "/document/lang"), "/document/source_lang", "de"),
                atOneOf("/document/lang", "/document")));
        cases.add(passes("6.2.12", "lang en (the clean document)", clean()));
        cases.add(passes("6.2.12", "lang de-DE", text(clean(), "/document/lang", "de-DE")));
        return cases;
    }

    // 6.2.13 Sorting
    static List<Case> t6_2_13() {
        var cases = new ArrayList<Case>();
        cases.add(warnsAsWritten(
                "6.2.13",
                "csaf_version before category in /document (example 105)",
                moveFirst(clean(), "/document", "csaf_version"),
                objectOrKey("/document")));
        cases.add(warnsAsWritten(
                "6.2.13",
                "vulnerabilities before document at the top",
                moveFirst(clean(), "", "vulnerabilities"),
                objectOrKey("")));
        cases.add(warnsAsWritten(
                "6.2.13",
                "product_id before name in a full product name",
                moveFirst(clean(), FPN + "/0", "product_id"),
                objectOrKey(FPN + "/0")));
        cases.add(warnsAsWritten(
                "6.2.13",
                "number before date in a revision",
                moveFirst(clean(), TRACKING + "/revision_history/0", "number"),
                objectOrKey(TRACKING + "/revision_history/0")));
        cases.add(warnsAsWritten(
                "6.2.13",
                "version before baseScore in a CVSS object",
                moveFirst(clean(), VULNERABILITY + "/scores/0/cvss_v3", "version"),
                objectOrKey(VULNERABILITY + "/scores/0/cvss_v3")));
        cases.add(warnsAsWritten(
                "6.2.13",
                "title before tracking at the end of /document",
                moveLast(clean(), "/document", "title"),
                objectOrKey("/document")));
        cases.add(passes("6.2.13", "keys sorted at every level (the clean document)", clean()));
        var reversed = clean();
        var products = (ArrayNode) reversed.at(FPN);
        var items = new ArrayList<JsonNode>();
        products.forEach(items::add);
        Collections.reverse(items);
        products.removeAll();
        products.addAll(items);
        cases.add(passes("6.2.13", "array items in any order (products C, B, A), keys sorted", reversed));
        cases.add(passes("6.2.13", "product_id before product_identification_helper (a prefix sorts first)", clean()));
        return cases;
    }

    // 6.2.14 Use of Private Language
    static List<Case> t6_2_14() {
        var lang = at("/document/lang");
        var cases = new ArrayList<Case>();
        cases.add(warns("6.2.14", "lang qtx (example 106)", text(clean(), "/document/lang", "qtx"), lang));
        cases.add(warns(
                "6.2.14",
                "lang qaa (first of the private use range qaa-qtz)",
                text(clean(), "/document/lang", "qaa"),
                lang));
        cases.add(warns(
                "6.2.14",
                "lang qtz (last of the private use range qaa-qtz)",
                text(clean(), "/document/lang", "qtz"),
                lang));
        cases.add(warns(
                "6.2.14",
                "source_lang qtx",
                text(clean(), "/document/source_lang", "qtx"),
                at("/document/source_lang")));
        cases.add(warns(
                "6.2.14",
                "lang en-x-private (a private use section)",
                text(clean(), "/document/lang", "en-x-private"),
                lang));
        cases.add(warns(
                "6.2.14", "lang x-private (a private use tag)", text(clean(), "/document/lang", "x-private"), lang));
        cases.add(warns(
                "6.2.14",
                "lang en-Qaaa (a private use script subtag, Qaaa-Qabx in the IANA registry)",
                text(clean(), "/document/lang", "en-Qaaa"),
                lang));
        cases.add(warns(
                "6.2.14",
                "lang de-QM (a private use region subtag, QM-QZ in the IANA registry)",
                text(clean(), "/document/lang", "de-QM"),
                lang));
        cases.add(passes("6.2.14", "lang en (the clean document)", clean()));
        cases.add(passes("6.2.14", "lang de-DE", text(clean(), "/document/lang", "de-DE")));
        cases.add(passes(
                "6.2.14",
                "lang xh (Xhosa: an x that is not the private use singleton)",
                text(clean(), "/document/lang", "xh")));
        cases.add(passes(
                "6.2.14", "lang qu (Quechua: a q language outside qaa-qtz)", text(clean(), "/document/lang", "qu")));
        cases.add(passes("6.2.14", "source_lang de beside lang en", text(clean(), "/document/source_lang", "de")));
        return cases;
    }

    // 6.2.15 Use of Default Language
    static List<Case> t6_2_15() {
        var cases = new ArrayList<Case>();
        cases.add(warns(
                "6.2.15",
                "lang i-default (example 107)",
                text(clean(), "/document/lang", "i-default"),
                at("/document/lang")));
        cases.add(warns(
                "6.2.15",
                "source_lang i-default",
                text(clean(), "/document/source_lang", "i-default"),
                at("/document/source_lang")));
        cases.add(warns(
                "6.2.15",
                "lang I-DEFAULT (language tags are case-insensitive, BCP 47 section 2.1.1)",
                text(clean(), "/document/lang", "I-DEFAULT"),
                at("/document/lang")));
        cases.add(passes("6.2.15", "lang en (the clean document)", clean()));
        cases.add(passes(
                "6.2.15", "lang i-mingo (another grandfathered tag)", text(clean(), "/document/lang", "i-mingo")));
        return cases;
    }

    // 6.2.16 Missing Product Identification Helper
    static List<Case> t6_2_16() {
        var cases = new ArrayList<Case>();
        cases.add(warns(
                "6.2.16",
                "a full product name without helper (example 108)",
                referenced(withFullProduct(clean(), bare(D)), D),
                atOneOf(FPN + "/3", FPN + "/3/product_identification_helper")));
        cases.add(warns(
                "6.2.16",
                "a branch product without helper",
                referenced(withBranch(clean(), "product_version", "4.2", bare(D)), D),
                atOneOf(BRANCH_PRODUCT, BRANCH_PRODUCT + "/product_identification_helper")));
        cases.add(warns(
                "6.2.16",
                "a relationship's product without helper",
                referenced(withRelationship(clean(), bare(D), A, B), D),
                atOneOf(RELATIONSHIP_PRODUCT, RELATIONSHIP_PRODUCT + "/product_identification_helper")));
        cases.add(passes("6.2.16", "products with a purl or a cpe (the clean document)", clean()));
        var helpers = List.of(
                "{'hashes': %s}".formatted(hashes("sha256", SHA256_A)),
                "{'model_numbers': ['PD-4200']}",
                "{'sbom_urls': ['https://example.com/sbom/product-d.json']}",
                "{'serial_numbers': ['143-D-354']}",
                "{'skus': ['PD-4200-EU']}",
                "{'x_generic_uris': [{'namespace': 'https://example.com/ids', 'uri': 'https://example.com/ids/product-d'}]}");
        for (var helper : helpers) {
            var kind = helper.substring(2, helper.indexOf("'", 2));
            cases.add(passes(
                    "6.2.16",
                    "a product whose helper has only " + kind,
                    referenced(withFullProduct(clean(), product(D, helper)), D)));
        }
        cases.add(passes(
                "6.2.16",
                "a branch product and a relationship's product with helpers",
                referenced(
                        referenced(
                                withRelationship(
                                        withBranch(clean(), "product_version", "4.2", product(D)), product(E), A, D),
                                D),
                        E)));
        return cases;
    }

    // 6.2.17 CVE in field IDs
    static List<Case> t6_2_17() {
        var ids = VULNERABILITY + "/ids";
        var cases = new ArrayList<Case>();
        cases.add(warns(
                "6.2.17",
                "ids text CVE-2021-44228 (example 109)",
                with(clean(), ids, "[{'system_name': 'CVE Project', 'text': 'CVE-2021-44228'}]"),
                atOneOf(ids + "/0", ids + "/0/text")));
        cases.add(warns(
                "6.2.17",
                "the second ids item a CVE id with seven digits",
                with(clean(), ids, """
                        [{'system_name': 'GitHub', 'text': 'GHSA-jfh8-c2jp-5v3q'},
                         {'system_name': 'CVE Project', 'text': 'CVE-2021-1234567'}]"""),
                atOneOf(ids + "/1", ids + "/1/text")));
        cases.add(warns(
                "6.2.17",
                "a CVE id in ids of a vulnerability without cve",
                with(
                        without(clean(), VULNERABILITY + "/cve"),
                        ids,
                        "[{'system_name': 'CVE Project', 'text': 'CVE-2022-22965'}]"),
                atOneOf(ids + "/0", ids + "/0/text")));
        cases.add(passes(
                "6.2.17",
                "ids text GHSA-jfh8-c2jp-5v3q",
                with(clean(), ids, "[{'system_name': 'GitHub', 'text': 'GHSA-jfh8-c2jp-5v3q'}]")));
        cases.add(passes(
                "6.2.17",
                "ids text CVE-2021-442 (three digits: not ^CVE-[0-9]{4}-[0-9]{4,}$)",
                with(clean(), ids, "[{'system_name': 'Tracker', 'text': 'CVE-2021-442'}]")));
        cases.add(passes(
                "6.2.17",
                "ids text cve-2021-44228 (lower case: the regex is case-sensitive)",
                with(clean(), ids, "[{'system_name': 'Tracker', 'text': 'cve-2021-44228'}]")));
        cases.add(passes(
                "6.2.17",
                "ids text CVE-2021-44228-FOLLOWUP (the regex is anchored at the end)",
                with(clean(), ids, "[{'system_name': 'Tracker', 'text': 'CVE-2021-44228-FOLLOWUP'}]")));
        cases.add(passes(
                "6.2.17",
                "ids text TRACKER-CVE-2021-44228 (the regex is anchored at the start)",
                with(clean(), ids, "[{'system_name': 'Tracker', 'text': 'TRACKER-CVE-2021-44228'}]")));
        return cases;
    }

    // 6.2.18 Product Version Range without vers
    static List<Case> t6_2_18() {
        var name = at(BRANCH + "/name");
        var cases = new ArrayList<Case>();
        for (var range : List.of(
                ">4.2", "vers:Generic/>4.2", "VERS:generic/>4.2", "vers:generic/", "vers:generic>4.2", "vers:/>4.2")) {
            cases.add(warns(
                    "6.2.18",
                    "product_version_range '" + range + "'" + (range.equals(">4.2") ? " (example 110)" : ""),
                    range(range),
                    name));
        }
        for (var range : List.of(
                "vers:generic/>4.2", "vers:npm/>=1.0.0|<2.0.0", "vers:semver/1.2.3", "vers:maven/>=4.0|<=4.2")) {
            cases.add(passes("6.2.18", "product_version_range '" + range + "'", range(range)));
        }
        cases.add(passes(
                "6.2.18",
                "a product_version branch '4.2' (not a range: not subject to the test)",
                referenced(withBranch(clean(), "product_version", "4.2", product(D)), D)));
        cases.add(passes(
                "6.2.18",
                "a product_name branch without vers (not subject to the test)",
                referenced(withBranch(clean(), "product_name", "Product D Enterprise", product(D)), D)));
        return cases;
    }

    static ObjectNode range(String name) {
        return referenced(withBranch(clean(), "product_version_range", name, product(D)), D);
    }

    // 6.2.19 CVSS for Fixed Products
    static List<Case> t6_2_19() {
        var cases = new ArrayList<Case>();
        cases.add(warns(
                "6.2.19",
                "a fixed product scored without environmental score (example 111)",
                score(clean(), "cvss_v3", V31_65, C),
                fixedOrScore(STATUS + "/fixed/0", VULNERABILITY + "/scores/1")));
        var firstFixed = clean();
        without(firstFixed, STATUS + "/fixed");
        addTo(firstFixed, STATUS + "/first_fixed", C);
        cases.add(warns(
                "6.2.19",
                "a first_fixed product scored without environmental score",
                score(firstFixed, "cvss_v3", V31_65, C),
                fixedOrScore(STATUS + "/first_fixed/0", VULNERABILITY + "/scores/1")));
        cases.add(warns(
                "6.2.19",
                "a fixed product scored with an environmental score of 4.4",
                score(
                        clean(),
                        "cvss_v3",
                        "{'baseScore': 9.8, 'baseSeverity': 'CRITICAL', 'environmentalScore': 4.4,"
                                + " 'environmentalSeverity': 'MEDIUM', 'vectorString': '%s', 'version': '3.1'}"
                                        .formatted(V31_FULL),
                        C),
                fixedOrScore(STATUS + "/fixed/0", VULNERABILITY + "/scores/1")));
        cases.add(warns(
                "6.2.19",
                "a fixed product in the affected product's score (no environmental score)",
                addTo(clean(), VULNERABILITY + "/scores/0/products", C),
                fixedOrScore(STATUS + "/fixed/0", VULNERABILITY + "/scores/0")));
        cases.add(warns(
                "6.2.19",
                "a fixed product scored with CVSS v2 without environmental score",
                score(clean(), "cvss_v2", V2_75, C),
                fixedOrScore(STATUS + "/fixed/0", VULNERABILITY + "/scores/1")));
        cases.add(passes("6.2.19", "a fixed product in no score (the clean document)", clean()));
        cases.add(passes(
                "6.2.19",
                "a fixed product scored with MC:N/MI:N/MA:N, environmentalScore 0.0 (NONE)",
                score(clean(), "cvss_v3", V31_65_ENV_0, C)));
        cases.add(passes(
                "6.2.19",
                "the same with the modified impact properties set to NONE",
                score(
                        clean(),
                        "cvss_v3",
                        V31_65_ENV_0.replace(
                                "'environmentalSeverity': 'NONE',",
                                "'environmentalSeverity': 'NONE', 'modifiedAvailabilityImpact': 'NONE',"
                                        + " 'modifiedConfidentialityImpact': 'NONE', 'modifiedIntegrityImpact': 'NONE',"),
                        C)));
        cases.add(passes(
                "6.2.19",
                "a fixed product scored with CVSS 3.0 MC:N/MI:N/MA:N, environmentalScore 0.0",
                score(clean(), "cvss_v3", V31_65_ENV_0.replace("3.1", "3.0"), C)));
        cases.add(passes(
                "6.2.19",
                "a fixed product scored with CVSS v2 TD:N, environmentalScore 0.0",
                score(
                        clean(),
                        "cvss_v2",
                        "{'baseScore': 7.5, 'environmentalScore': 0.0,"
                                + " 'vectorString': 'AV:N/AC:L/Au:N/C:P/I:P/A:P/E:ND/RL:ND/RC:ND/CDP:N/TD:N/CR:ND/IR:ND/AR:ND',"
                                + " 'version': '2.0'}",
                        C)));
        cases.add(passes("6.2.19", "an affected product scored without environmental score (not fixed)", clean()));
        return cases;
    }

    // 6.2.20 Additional Properties
    static List<Case> t6_2_20() {
        var cases = new ArrayList<Case>();
        cases.add(warns(
                "6.2.20",
                "document.custom_property (example 112)",
                text(clean(), "/document/custom_property", "any"),
                atOneOf("/document", "/document/custom_property")));
        cases.add(
                warns("6.2.20", "a property at the top", text(clean(), "/custom", "any"), atOneOf("", "/", "/custom")));
        cases.add(warns(
                "6.2.20",
                "a property in a full product name",
                text(clean(), FPN + "/0/x_vendor_data", "any"),
                atOneOf(FPN + "/0", FPN + "/0/x_vendor_data")));
        cases.add(warns(
                "6.2.20",
                "a property in a remediation",
                text(clean(), VULNERABILITY + "/remediations/0/priority", "high"),
                atOneOf(VULNERABILITY + "/remediations/0", VULNERABILITY + "/remediations/0/priority")));
        cases.add(warns(
                "6.2.20",
                "an object-valued property in the tracking",
                with(clean(), TRACKING + "/internal", "{'ticket': 'SEC-1'}"),
                atOneOf(TRACKING, TRACKING + "/internal")));
        cases.add(warns(
                "6.2.20",
                "a property in a CVSS v3 object that the CVSS v3.1 schema the CSAF schema references does not define",
                text(clean(), VULNERABILITY + "/scores/0/cvss_v3/customMetric", "any"),
                atOneOf(VULNERABILITY + "/scores/0/cvss_v3", VULNERABILITY + "/scores/0/cvss_v3/customMetric")));
        cases.add(passes("6.2.20", "only properties of the schema (the clean document)", clean()));
        var optional = clean();
        with(optional, "/document/acknowledgments", "[{'names': ['Jane Doe'], 'summary': 'Reported the issue.'}]");
        with(
                optional,
                "/document/aggregate_severity",
                "{'namespace': 'https://example.com/severity', 'text': 'Critical'}");
        with(optional, "/document/tracking/generator", "{'engine': {'name': 'OpenCIRT', 'version': '1.0'}}");
        text(optional, VULNERABILITY + "/cwe/id", "CWE-79");
        text(optional, VULNERABILITY + "/cwe/name", XSS);
        text(optional, VULNERABILITY + "/discovery_date", "2025-12-01T00:00:00Z");
        text(optional, VULNERABILITY + "/release_date", "2026-01-01T00:00:00Z");
        cases.add(passes("6.2.20", "optional properties the schema defines", optional));
        return cases;
    }

    // ---------------------------------------------------------------------------------------------
    // documents

    /** The clean document, its keys sorted. */
    static ObjectNode clean() {
        return sorted(json(CLEAN));
    }

    /** The clean document as a profile; an informational advisory without vulnerabilities. */
    static ObjectNode clean(String category) {
        var doc = text(clean(), "/document/category", category);
        if (category.equals("csaf_informational_advisory")) {
            without(doc, "/vulnerabilities");
        }
        return sorted(doc);
    }

    /** A clean csaf_base document with every kind of product definition and reference. */
    static ObjectNode rich() {
        var doc = withBranch(
                clean(),
                "product_version_range",
                "vers:generic/>=4.0|<4.3",
                product(D, helper(D, hashes("md5", MD5, "sha256", SHA256_A))));
        withRelationship(doc, product(E), A, D);
        with(
                doc,
                "/product_tree/product_groups",
                "[{'group_id': '%s', 'product_ids': ['%s', '%s']}]".formatted(GROUP, A, D));
        with(doc, VULNERABILITY + "/ids", "[{'system_name': 'GitHub', 'text': 'GHSA-jfh8-c2jp-5v3q'}]");
        with(
                doc,
                VULNERABILITY + "/involvements",
                "[{'date': '2026-01-01T00:00:00Z', 'party': 'vendor', 'status': 'completed'}]");
        addTo(doc, STATUS + "/known_affected", D);
        addTo(doc, STATUS + "/under_investigation", E);
        with(doc, VULNERABILITY + "/remediations", """
                [{'category': 'vendor_fix', 'details': 'Update to 4.3.', 'group_ids': ['%s']},
                 {'category': 'mitigation', 'details': 'Disable the plugin.', 'product_ids': ['%s']}]""".formatted(GROUP, E));
        addTo(doc, VULNERABILITY + "/scores/0/products", D);
        with(doc, "/document/acknowledgments", "[{'names': ['Jane Doe'], 'summary': 'Reported the issue.'}]");
        return sorted(doc);
    }

    /** A full product name with a purl. */
    static String product(String id) {
        return product(id, helper(id, null));
    }

    static String product(String id, String helper) {
        return "{'name': 'Product %s', 'product_id': '%s', 'product_identification_helper': %s}"
                .formatted(id, id, helper);
    }

    /** A full product name without product_identification_helper. */
    static String bare(String id) {
        return "{'name': 'Product %s', 'product_id': '%s'}".formatted(id, id);
    }

    /** A helper with a purl for the product, and hashes when given. */
    static String helper(String id, String hashes) {
        var purl = "'purl': 'pkg:maven/com.example/product-%s@4.2'".formatted(id.substring(id.length() - 4));
        return hashes == null ? "{" + purl + "}" : "{'hashes': " + hashes + ", " + purl + "}";
    }

    static ObjectNode withFullProduct(ObjectNode doc, String product) {
        return put(doc, FPN + "/-", json(product));
    }

    /** vendor / product_name / (category, name) branches, the last one with the product; appended to the tree. */
    static ObjectNode withBranch(ObjectNode doc, String category, String name, String product) {
        var branch = (ObjectNode) json("""
                {'branches': [{'branches': [{'product': PRODUCT}], 'category': 'product_name', 'name': 'Product D'}],
                 'category': 'vendor', 'name': 'Example Company'}""".replace("PRODUCT", product));
        ((ObjectNode) branch.at("/branches/0/branches/0"))
                .put("category", category)
                .put("name", name);
        if (doc.at("/product_tree/branches").isMissingNode()) {
            put(doc, "/product_tree/branches", MAPPER.createArrayNode());
        }
        ((ArrayNode) doc.at("/product_tree/branches")).add(branch);
        return doc;
    }

    /** A relationship: the product is the first product installed on the second. */
    static ObjectNode withRelationship(ObjectNode doc, String product, String reference, String relatesTo) {
        var relationship = MAPPER.createObjectNode();
        relationship.put("category", "installed_on");
        relationship.set("full_product_name", json(product));
        relationship.put("product_reference", reference);
        relationship.put("relates_to_product_reference", relatesTo);
        if (doc.at("/product_tree/relationships").isMissingNode()) {
            put(doc, "/product_tree/relationships", MAPPER.createArrayNode());
        }
        ((ArrayNode) doc.at("/product_tree/relationships")).add(relationship);
        return doc;
    }

    /** Appends a value to the array at the pointer, creating it when missing. */
    static ObjectNode addTo(ObjectNode doc, String pointer, String value) {
        if (doc.at(pointer).isMissingNode()) {
            put(doc, pointer, MAPPER.createArrayNode());
        }
        ((ArrayNode) doc.at(pointer)).add(value);
        return doc;
    }

    /** References the product as fixed: no remediation nor score needed. */
    static ObjectNode referenced(ObjectNode doc, String id) {
        return addTo(doc, STATUS + "/fixed", id);
    }

    /** A new product in this status of the clean document, scored when affected, with no remediation. */
    static ObjectNode affected(String status, String id) {
        var doc = affectedUnscored(status, id);
        if (AFFECTED.contains(status)) {
            addTo(doc, VULNERABILITY + "/scores/0/products", id);
        }
        return doc;
    }

    /** A new product in this status of the clean document, with neither remediation nor score. */
    static ObjectNode affectedUnscored(String status, String id) {
        return addTo(withFullProduct(clean(), product(id)), STATUS + "/" + status, id);
    }

    static ObjectNode remediation(ObjectNode doc, String remediation) {
        return put(doc, VULNERABILITY + "/remediations/-", json(remediation));
    }

    /** A vendor fix for the product. */
    static ObjectNode remediated(ObjectNode doc, String id) {
        return remediation(
                doc, "{'category': 'vendor_fix', 'details': 'Update.', 'product_ids': ['%s']}".formatted(id));
    }

    /** A second score of the vulnerability, for one product. */
    static ObjectNode score(ObjectNode doc, String key, String cvss, String id) {
        return with(doc, VULNERABILITY + "/scores/1", "{'%s': %s, 'products': ['%s']}".formatted(key, cvss, id));
    }

    /** The clean document with these release dates, version and revisions ("number date"). */
    static ObjectNode history(String initial, String current, String version, String... revisions) {
        var doc = clean();
        text(doc, TRACKING + "/initial_release_date", initial);
        text(doc, TRACKING + "/current_release_date", current);
        text(doc, TRACKING + "/version", version);
        var history = MAPPER.createArrayNode();
        for (var revision : revisions) {
            var parts = revision.split(" ");
            history.addObject().put("date", parts[1]).put("number", parts[0]).put("summary", "Revision " + parts[0]);
        }
        return put(doc, TRACKING + "/revision_history", history);
    }

    /** A deep copy with the keys of every object sorted (by code point). */
    static ObjectNode sorted(JsonNode node) {
        return (ObjectNode) sortedNode(node);
    }

    private static JsonNode sortedNode(JsonNode node) {
        if (node.isObject()) {
            var names = new ArrayList<String>();
            node.fieldNames().forEachRemaining(names::add);
            Collections.sort(names);
            var out = MAPPER.createObjectNode();
            names.forEach(name -> out.set(name, sortedNode(node.get(name))));
            return out;
        }
        if (node.isArray()) {
            var out = MAPPER.createArrayNode();
            node.forEach(item -> out.add(sortedNode(item)));
            return out;
        }
        return node.deepCopy();
    }

    /** Moves a key of the object at the pointer ("" for the top) to its front: the object is no longer sorted. */
    static ObjectNode moveFirst(ObjectNode doc, String pointer, String key) {
        var object = (ObjectNode) (pointer.isEmpty() ? doc : doc.at(pointer));
        var value = object.get(key);
        var rest = object.deepCopy();
        rest.remove(key);
        object.removeAll();
        object.set(key, value);
        object.setAll(rest);
        return doc;
    }

    /** Moves a key of the object at the pointer to its end. */
    static ObjectNode moveLast(ObjectNode doc, String pointer, String key) {
        var object = (ObjectNode) doc.at(pointer);
        var value = object.remove(key);
        object.set(key, value);
        return doc;
    }

    // ---------------------------------------------------------------------------------------------
    // cases

    static Case warns(String test, String what, ObjectNode doc, Where... where) {
        return new Case(test + " warns: " + what, sorted(doc), test, List.of(where), false, true);
    }

    /** A warning case whose document keeps its keys in the order written (6.2.13). */
    static Case warnsAsWritten(String test, String what, ObjectNode doc, Where... where) {
        return new Case(test + " warns: " + what, doc, test, List.of(where), false, true);
    }

    static Case passes(String test, String what, ObjectNode doc) {
        return new Case(test + " passes: " + what, sorted(doc), test, List.of(), false, true);
    }

    /** The object whose keys are out of order ("" or "/" for the top), or one of its keys. */
    static Where objectOrKey(String object) {
        return new Where(
                (object.isEmpty() ? "/" : object) + " or one of its keys",
                p -> p.equals(object)
                        || (object.isEmpty() && p.equals("/"))
                        || (p.startsWith(object + "/") && p.indexOf('/', object.length() + 1) < 0));
    }

    /** 6.2.19 names the product status item; the score covering it is as telling. */
    static Where fixedOrScore(String statusItem, String score) {
        return new Where(
                statusItem + " or the score " + score,
                p -> p.equals(statusItem) || p.equals(score) || p.startsWith(score + "/"));
    }
}
