package org.opencirt.advisory.csaf;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;

/**
 * Fuzz tests of what reads a CSAF document a CIRT sends: the validator gives a verdict (a list of
 * findings, each with a pointer) for any JSON; a file name is always one safe path segment; a
 * CVSS vector is parsed or refused, and scored when parsed.
 */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class CsafFuzzTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final CsafValidator VALIDATOR = new CsafValidator();

    @FuzzTest
    void validatorGivesAVerdictForAnyJson(byte[] document) {
        JsonNode tree;
        try {
            tree = MAPPER.readTree(document);
        } catch (IOException notJson) {
            return;
        }
        if (tree == null) {
            return;
        }
        for (var violation : VALIDATOR.validate(tree)) {
            assertThat(violation.pointer())
                    .as("pointer of %s", violation.message())
                    .isNotNull();
            assertThat(violation.message()).isNotBlank();
        }
    }

    @FuzzTest
    void fileNameIsOneSafePathSegment(byte[] trackingId) {
        var name = CsafFileName.of(new String(trackingId, StandardCharsets.UTF_8));

        assertThat(name).matches("[+\\-a-z0-9_]*\\.json");
    }

    @FuzzTest
    void cvssVectorIsParsedAndScoredOrRefused(byte[] vector) {
        Cvss3.parse(new String(vector, StandardCharsets.UTF_8)).ifPresent(parsed -> {
            var scores = Cvss3.score(parsed);
            assertThat(scores.base()).isBetween(0.0, 10.0);
            assertThat(scores.temporal()).isBetween(0.0, 10.0);
            assertThat(scores.environmental()).isBetween(0.0, 10.0);
        });
    }
}
