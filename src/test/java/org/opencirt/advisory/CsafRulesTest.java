package org.opencirt.advisory;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.opencirt.advisory.csaf.CsafFileName;
import org.opencirt.advisory.csaf.CsafValidator;
import org.opencirt.advisory.csaf.Cvss3;
import org.opencirt.advisory.csaf.VersionRange;
import org.opencirt.common.problem.Problem.Violation;

/** The file-name rule, CVSS 3 scoring, and the schema and mandatory tests, without the service. */
class CsafRulesTest {

    private static final CsafValidator VALIDATOR = new CsafValidator();
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "Example Company - 2019-YH3234 | example_company_-_2019-yh3234.json",
                "CERT-AB-2026-0001             | cert-ab-2026-0001.json",
                "RHBA-2019:0024                | rhba-2019_0024.json",
                "cisco-sa-20190513-secureboot  | cisco-sa-20190513-secureboot.json",
                "a+b  c__d                     | a+b_c_d.json",
                "../../etc/passwd              | _etc_passwd.json",
                "ÄÖÜ-x                         | _-x.json"
            })
    void fileNamesFollowTheCsafRule(String trackingId, String expected) {
        assertThat(CsafFileName.of(trackingId)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H | 9.8 | CRITICAL",
                "CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N | 6.1 | MEDIUM",
                "CVSS:3.1/AV:L/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:H | 7.8 | HIGH",
                "CVSS:3.1/AV:P/AC:H/PR:H/UI:R/S:U/C:L/I:N/A:N | 1.6 | LOW",
                "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:N | 0.0 | NONE",
                "CVSS:3.0/AV:N/AC:L/PR:L/UI:N/S:C/C:H/I:H/A:H | 9.9 | CRITICAL",
                "CVSS:3.1/AV:A/AC:H/PR:L/UI:R/S:C/C:L/I:H/A:L | 6.8 | MEDIUM"
            })
    void baseScoresMatchFirstsCalculator(String vector, double score, String severity) {
        var scores = Cvss3.score(Cvss3.parse(vector).orElseThrow());
        assertThat(scores.base()).isEqualTo(score);
        assertThat(scores.baseSeverity()).isEqualTo(severity);
    }

    /** Expected values from FIRST's own calculator (first.js, as bundled in csaf-validator-lib). */
    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/E:P/RL:O/RC:C              | 8.8 | 8.8",
                "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/E:P/RL:O/RC:C/CR:H/MAV:L   | 8.8 | 7.6",
                "CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:C/C:H/I:H/A:H/MS:U/MC:L/IR:H/AR:L        | 9.9 | 8.7",
                "CVSS:3.0/AV:N/AC:L/PR:L/UI:N/S:C/C:H/I:H/A:H/MS:C/MC:L/CR:H/E:F         | 9.7 | 9.7"
            })
    void temporalAndEnvironmentalScores(String vector, double temporal, double environmental) {
        var scores = Cvss3.score(Cvss3.parse(vector).orElseThrow());
        assertThat(scores.temporal()).isEqualTo(temporal);
        assertThat(scores.environmental()).isEqualTo(environmental);
    }

    @Test
    void incompleteOrRepeatedVectorsAreRefused() {
        assertThat(Cvss3.parse("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H")).isEmpty();
        assertThat(Cvss3.parse("CVSS:3.1/AV:N/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"))
                .isEmpty();
        assertThat(Cvss3.parse("CVSS:3.1/AV:Q/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H")).isEmpty();
        assertThat(Cvss3.parse("CVSS:2.0/AV:N")).isEmpty();
    }

    static ObjectNode valid() throws IOException {
        return (ObjectNode) MAPPER.readTree("""
                {"document": {"category": "csaf_security_advisory", "csaf_version": "2.0", "title": "T", "lang": "en",
                  "publisher": {"category": "coordinator", "name": "CERT-AB", "namespace": "https://cert-ab.example.org"},
                  "distribution": {"tlp": {"label": "WHITE"}},
                  "notes": [{"category": "summary", "text": "s"}],
                  "tracking": {"id": "CERT-AB-2026-0001", "status": "final", "version": "2",
                    "initial_release_date": "2026-01-01T00:00:00Z", "current_release_date": "2026-02-01T00:00:00Z",
                    "revision_history": [{"number": "1", "date": "2026-01-01T00:00:00Z", "summary": "a"},
                                         {"number": "2", "date": "2026-02-01T00:00:00Z", "summary": "b"}]}},
                 "product_tree": {"full_product_names": [{"name": "P 1", "product_id": "P1"}, {"name": "P 2", "product_id": "P2"}]},
                 "vulnerabilities": [{"cve": "CVE-2026-0001", "notes": [{"category": "description", "text": "d"}],
                   "cwe": {"id": "CWE-79", "name": "Improper Neutralization of Input During Web Page Generation ('Cross-site Scripting')"},
                   "product_status": {"known_affected": ["P1"], "fixed": ["P2"]},
                   "scores": [{"products": ["P1"], "cvss_v3": {"version": "3.1", "vectorString": "CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N",
                     "baseScore": 6.1, "baseSeverity": "MEDIUM", "attackVector": "NETWORK"}}],
                   "remediations": [{"category": "vendor_fix", "details": "update", "product_ids": ["P1"]}]}]}
                """);
    }

    private static java.util.List<Violation> check(ObjectNode doc) {
        return VALIDATOR.validate(doc);
    }

    @Test
    void aValidDocumentHasNoFinding() throws IOException {
        assertThat(check(valid())).isEmpty();
    }

    @Test
    void anIntegerVersionBeyondALongIsCheckedNotAnError() throws IOException {
        // found by fuzzing (CsafFuzzTest, crash-e70c7f52...): the numbers were read as longs and overflowed
        var doc = valid();
        var huge = "1".repeat(96);
        ((ObjectNode) doc.at("/document/tracking")).put("version", huge);
        var history = (com.fasterxml.jackson.databind.node.ArrayNode) doc.at("/document/tracking/revision_history");
        history.addObject()
                .put("date", "2026-03-01T00:00:00Z")
                .put("number", huge)
                .put("summary", "Huge");
        var findings = check(doc);
        assertThat(findings)
                .anySatisfy(v -> assertThat(v.message()).contains("6.1.21").contains("missing"));
    }

    @Test
    void schemaFindingsNameTheirPointer() throws IOException {
        var doc = valid();
        ((ObjectNode) doc.get("document")).remove("title");
        ((ObjectNode) doc.at("/document/tracking")).put("current_release_date", "yesterday");
        var findings = check(doc);
        assertThat(findings)
                .extracting(Violation::pointer)
                .contains("/document/title", "/document/tracking/current_release_date");
    }

    @Test
    void undefinedAndDuplicateProductIds() throws IOException {
        var doc = valid();
        ((com.fasterxml.jackson.databind.node.ArrayNode) doc.at("/vulnerabilities/0/product_status/known_affected"))
                .add("P9");
        ((com.fasterxml.jackson.databind.node.ArrayNode) doc.at("/product_tree/full_product_names"))
                .addObject()
                .put("name", "again")
                .put("product_id", "P1");
        var findings = check(doc);
        assertThat(findings).anySatisfy(v -> {
            assertThat(v.pointer()).isEqualTo("/vulnerabilities/0/product_status/known_affected/1");
            assertThat(v.message()).contains("6.1.1");
        });
        assertThat(findings).anySatisfy(v -> {
            assertThat(v.pointer()).isEqualTo("/product_tree/full_product_names/2/product_id");
            assertThat(v.message()).contains("6.1.2");
        });
    }

    @Test
    void cvssScoreAndPropertiesMustMatchTheVector() throws IOException {
        var doc = valid();
        var cvss = (ObjectNode) doc.at("/vulnerabilities/0/scores/0/cvss_v3");
        cvss.put("baseScore", 7.5).put("attackVector", "LOCAL");
        var findings = check(doc);
        assertThat(findings)
                .extracting(Violation::pointer)
                .contains(
                        "/vulnerabilities/0/scores/0/cvss_v3/baseScore",
                        "/vulnerabilities/0/scores/0/cvss_v3/attackVector");
    }

    @Test
    void trackingVersionAndHistoryRules() throws IOException {
        var doc = valid();
        ((ObjectNode) doc.at("/document/tracking")).put("version", "3");
        assertThat(check(doc)).extracting(Violation::pointer).contains("/document/tracking/version");
        doc = valid();
        ((ObjectNode) doc.at("/document/tracking/revision_history/1")).put("number", "1");
        assertThat(check(doc)).extracting(Violation::message).anyMatch(m -> m.contains("6.1.22"));
        doc = valid();
        ((ObjectNode) doc.at("/document/tracking/revision_history/1")).put("number", "3");
        ((ObjectNode) doc.at("/document/tracking")).put("version", "3");
        assertThat(check(doc)).extracting(Violation::message).anyMatch(m -> m.contains("6.1.21"));
        doc = valid();
        ((ObjectNode) doc.at("/document/tracking")).put("version", "0");
        ((ObjectNode) doc.at("/document/tracking/revision_history/1")).put("number", "0");
        assertThat(check(doc))
                .extracting(Violation::message)
                .anyMatch(m -> m.contains("6.1.17") || m.contains("6.1.18"));
    }

    @Test
    void duplicateCveContradictingStatusAndCweName() throws IOException {
        var doc = valid();
        var vulnerabilities = (com.fasterxml.jackson.databind.node.ArrayNode) doc.get("vulnerabilities");
        vulnerabilities.add(vulnerabilities.get(0).deepCopy());
        ((com.fasterxml.jackson.databind.node.ArrayNode) doc.at("/vulnerabilities/0/product_status/fixed")).add("P1");
        ((ObjectNode) doc.at("/vulnerabilities/1/cwe")).put("name", "Wrong");
        var findings = check(doc);
        assertThat(findings)
                .extracting(Violation::pointer)
                .contains(
                        "/vulnerabilities/1/cve",
                        "/vulnerabilities/0/product_status/fixed/1",
                        "/vulnerabilities/1/cwe/name");
    }

    /** A product_version name of 1 MB that is not a range: "<" then a line break, the worst case of the spec's .*-pattern. */
    @Test
    @Timeout(value = 20, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aMegabyteOfAdversarialVersionNameIsCheckedInLinearTime() throws IOException {
        var doc = valid();
        ((ObjectNode) doc.get("product_tree"))
                .putArray("branches")
                .addObject()
                .put("category", "product_version")
                .put("name", "<".repeat(1 << 20) + "\n")
                .putObject("product")
                .put("name", "P 3")
                .put("product_id", "P3");
        var started = System.nanoTime();
        var findings = check(doc);
        assertThat(findings).extracting(Violation::pointer).contains("/product_tree/branches/0/name");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "<1.2.3           | true",
                ">= 2.0           | true",
                "all versions     | true",
                "prior to 4.1     | true",
                "Versions 1 to 3  | true",
                "1.0.2            | false",
                "2.0-beta.1       | false",
                "callback 3       | false",
                "laterals 7       | false"
            })
    void versionRangesAreRecognisedByOneRule(String name, boolean range) {
        assertThat(VersionRange.looksLikeRange(name)).isEqualTo(range);
    }

    /** A CVSS vector of 100 KB used to overflow the stack of the vector pattern; now it is simply not a vector. */
    @Test
    @Timeout(value = 20, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void anOverlongCvssVectorIsRefusedWithoutOverflowingTheStack() {
        assertThat(Cvss3.parse("CVSS:3.1" + "/AV:N".repeat(20_000) + "/")).isEmpty();
        assertThat(Cvss3.parse("CVSS:3.1" + "/AV:N".repeat(20_000))).isEmpty();
    }

    /** Long values where the schema's own patterns apply (CVSS vector, semantic version): findings, never a crash. */
    @Test
    @Timeout(value = 20, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void longValuesUnderTheSchemasPatternsGiveFindingsNotACrash() throws IOException {
        var doc = valid();
        ((ObjectNode) doc.at("/vulnerabilities/0/scores/0/cvss_v3"))
                .put("vectorString", "CVSS:3.1" + "/AV:N".repeat(20_000));
        assertThat(check(doc))
                .extracting(Violation::pointer)
                .contains("/vulnerabilities/0/scores/0/cvss_v3/vectorString");
        doc = valid();
        ((ObjectNode) doc.at("/document/tracking")).put("version", "1.0.0-a" + ".a".repeat(20_000) + "!");
        assertThat(check(doc)).extracting(Violation::pointer).contains("/document/tracking/version");
        doc = valid();
        ((ObjectNode) doc.at("/document/tracking")).put("version", "1.0.0-a" + ".a".repeat(20_000));
        assertThat(check(doc))
                .as("a valid semantic version, but the history numbers are integers")
                .isNotEmpty();
    }

    @Test
    void aSecurityAdvisoryNeedsProductTreeNotesAndStatus() throws IOException {
        var doc = valid();
        doc.remove("product_tree");
        ((ObjectNode) doc.at("/vulnerabilities/0")).remove("notes");
        var findings = check(doc);
        assertThat(findings).extracting(Violation::pointer).contains("/product_tree", "/vulnerabilities/0/notes");
    }
}
