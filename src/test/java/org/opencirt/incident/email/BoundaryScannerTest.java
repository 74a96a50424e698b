package org.opencirt.incident.email;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class BoundaryScannerTest {

    private static int count(String body, int stopAfter) throws IOException {
        return BoundaryScanner.countDelimiters(new ByteArrayInputStream(body.getBytes(US_ASCII)), "b1", stopAfter);
    }

    @Test
    void countsDelimiterAndCloseDelimiterLinesOnly() throws IOException {
        var body = "preamble --b1\r\n--b1\r\npart\r\n--b1  \r\n--b1x\r\n --b1\r\n--b2\r\n--b1--\r\nepilogue";

        assertThat(count(body, 100)).isEqualTo(3);
    }

    @Test
    void delimiterOnTheLastLineWithoutNewlineCounts() throws IOException {
        assertThat(count("--b1\nx\n--b1--", 100)).isEqualTo(2);
    }

    @Test
    void stopsOnceTheBudgetIsExceeded() throws IOException {
        var body = "--b1\n".repeat(1000);

        assertThat(count(body, 10)).isEqualTo(11);
    }
}
