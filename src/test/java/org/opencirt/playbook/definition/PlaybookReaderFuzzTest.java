package org.opencirt.playbook.definition;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;

/**
 * Fuzz test of reading a playbook a CIRT sends as YAML: the answer is a compiled playbook or the
 * list of problems (file, line, pointer, message), never an exception.
 */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class PlaybookReaderFuzzTest {

    @FuzzTest
    void readsAPlaybookOrListsItsProblems(byte[] yaml) {
        var result = PlaybookReader.read("api", new String(yaml, StandardCharsets.UTF_8), "cert-fuzz");

        assertThat(result.ok()).isEqualTo(result.playbook() != null);
        assertThat(result.problems()).allSatisfy(problem -> {
            assertThat(problem.file()).isEqualTo("api");
            assertThat(problem.message()).isNotBlank();
        });
    }
}
