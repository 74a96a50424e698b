package org.opencirt.incident.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.opencirt.common.problem.ApiException;

/**
 * Fuzz test of what the service keeps of an uploaded file (the API's raw body, the console's
 * multipart form, an e-mail's attachments): its name is one path segment without control
 * characters that fits the column, or the upload is refused with a 400; its media type fits the
 * column. The input is the file name, a NUL byte, then the Content-Type.
 */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class AttachmentUploadFuzzTest {

    @FuzzTest
    void keepsANameAndMediaTypeThatFitOrRefusesTheName(byte[] input) {
        var text = new String(input, StandardCharsets.UTF_8);
        var nul = text.indexOf('\0');
        var filename = nul < 0 ? text : text.substring(0, nul);
        var contentType = nul < 0 ? null : text.substring(nul + 1);

        var type = IncidentActivityService.cleanContentType(contentType);
        assertThat(type)
                .isNotBlank()
                .hasSizeLessThanOrEqualTo(IncidentActivityService.MAX_CONTENT_TYPE)
                .doesNotContainPattern("\\p{Cntrl}");
        String name;
        try {
            name = IncidentActivityService.cleanFilename(filename);
        } catch (ApiException refused) {
            assertThat(refused.getMessage()).isNotBlank();
            return;
        }
        assertThat(name)
                .isNotBlank()
                .hasSizeLessThanOrEqualTo(255)
                .doesNotContain("/", "\\")
                .doesNotContainPattern("\\p{Cntrl}");
        assertThat(name.codePoints().noneMatch(c -> Character.getType(c) == Character.SURROGATE))
                .as("no half of a surrogate pair in '%s'", name)
                .isTrue();
    }
}
