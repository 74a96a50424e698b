package org.opencirt.incident.email;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayInputStream;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;

/**
 * Fuzz test of the raw e-mail parser (the mail gateway's and the API's intake): a message is read
 * within the limits or refused with {@link InvalidEmailException}, never another exception.
 */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class EmailParserFuzzTest {

    /** Small limits, so that the fuzzer reaches each of them with small inputs. */
    private static final EmailLimits LIMITS = new EmailLimits(256 * 1024, 4, 16 * 1024, 2_000, 12, 3);

    @FuzzTest
    void readsAnEmailOrRefusesIt(byte[] raw) {
        ParsedEmail email;
        try {
            email = EmailParser.parse(new ByteArrayInputStream(raw), LIMITS);
        } catch (InvalidEmailException refused) {
            assertThat(refused.getMessage()).isNotBlank();
            return;
        }
        assertThat(email.from().address()).isNotBlank();
        assertThat(email.subject()).hasSizeLessThanOrEqualTo(ParsedEmail.MAX_SUBJECT_CHARS);
        assertThat(email.attachments())
                .hasSizeLessThanOrEqualTo(LIMITS.maxAttachments())
                .allSatisfy(attachment -> {
                    assertThat(attachment.content().length).isLessThanOrEqualTo((int) LIMITS.maxAttachmentBytes());
                    assertThat(attachment.filename())
                            .isNotBlank()
                            .doesNotContain("/", "\\")
                            .hasSizeLessThanOrEqualTo(ParsedEmail.Attachment.MAX_FILENAME_CHARS);
                });
    }
}
