package org.opencirt.notification.mail;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.mail.internet.MimeUtility;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PgpMimeQuotedPrintableTest {

    private static String decode(byte[] encoded) throws Exception {
        try (var in = MimeUtility.decode(new ByteArrayInputStream(encoded), "quoted-printable")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static void assertTransportSafe(byte[] encoded) {
        var text = new String(encoded, StandardCharsets.US_ASCII);
        assertThat(text.chars()).allMatch(c -> c < 128);
        assertThat(text.replace("\r\n", "")).doesNotContain("\r").doesNotContain("\n");
        assertThat(text.split("\r\n", -1))
                .allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(76))
                .noneMatch(line -> line.endsWith(" ") || line.endsWith("\t"))
                .noneMatch(line -> line.startsWith("From ") || line.startsWith("."));
    }

    @Test
    void randomTextsOfBlanksDotsFromsAndNonAsciiDecodeToThemselvesInShortSafeLines() throws Exception {
        var random = new Random(20260501);
        String[] pieces = {" ", "\t", ".", "From ", "F", "=", "a", "é", "ش", "😀", "\n", "\r\n", "xxxxxxxxxx"};
        for (int round = 0; round < 2000; round++) {
            var text = new StringBuilder();
            var length = random.nextInt(200);
            for (int i = 0; i < length; i++) {
                text.append(pieces[random.nextInt(pieces.length)]);
            }
            var encoded = QuotedPrintable.encode(text.toString());

            assertTransportSafe(encoded);
            assertThat(decode(encoded))
                    .isEqualTo(text.toString().replace("\r\n", "\n").replace("\n", "\r\n"));
        }
    }

    @Test
    void aLineOfSeventySixCharactersIsNotBrokenAndOneOfSeventySevenIs() {
        var encoded76 = new String(QuotedPrintable.encode("a".repeat(76)), StandardCharsets.US_ASCII);
        var encoded77 = new String(QuotedPrintable.encode("a".repeat(77)), StandardCharsets.US_ASCII);

        assertThat(encoded76).isEqualTo("a".repeat(76));
        assertThat(encoded77).isEqualTo("a".repeat(75) + "=\r\naa");
    }

    @Test
    void bareCarriageReturnsAndLineFeedsBecomeCrlfLineBreaks() {
        assertThat(new String(QuotedPrintable.encode("a\rb\nc\r\nd"), StandardCharsets.US_ASCII))
                .isEqualTo("a\r\nb\r\nc\r\nd");
    }
}
