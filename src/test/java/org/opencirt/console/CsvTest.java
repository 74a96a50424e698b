package org.opencirt.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.opencirt.console.dashboard.Csv;

class CsvTest {

    @Test
    void cellsThatASpreadsheetWouldRunAsFormulasAreNeutralised() {
        var csv = Csv.of(List.of(
                List.of("feed", "count"),
                List.of("=HYPERLINK(\"http://evil\")", "1"),
                List.of("+1", "-2"),
                List.of("@SUM(A1)", "\tx"),
                List.of("plain, \"quoted\"", "")));
        assertThat(csv)
                .isEqualTo(String.join(
                                "\r\n",
                                "\"feed\",\"count\"",
                                "\"'=HYPERLINK(\"\"http://evil\"\")\",\"1\"",
                                "\"'+1\",\"'-2\"",
                                "\"'@SUM(A1)\",\"'\tx\"",
                                "\"plain, \"\"quoted\"\"\",\"\"")
                        + "\r\n");
    }
}
