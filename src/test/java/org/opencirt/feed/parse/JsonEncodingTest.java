package org.opencirt.feed.parse;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * JSON that Jackson reads as UTF-32 (zero bytes first) with a character beyond Unicode: a syntax
 * error like any other, not an unexpected IOException (found by FeedParsersFuzzTest#mispFeed).
 */
class JsonEncodingTest {

    /** Eight zero bytes make Jackson pick UTF-32; the next four bytes are no Unicode character. */
    private static final byte[] BAD_UTF32 = bytes("\0\0\0\0\0\0\0\0{\n \"5f2c1e2a\": {}}");

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void aMispManifestInBrokenUtf32IsNotAManifest() {
        assertThatThrownBy(() -> Inputs.parse(FeedFormat.MISP_FEED, Inputs.bytes(BAD_UTF32), ParserOptions.defaults()))
                .isInstanceOf(FeedFormatException.class)
                .hasMessageStartingWith("not a MISP manifest");
    }

    @Test
    void jsonRecordsAndStixBundlesInBrokenUtf32AreNotJson() {
        for (var format : new FeedFormat[] {
            FeedFormat.JSON_RECORDS, FeedFormat.FEODO_JSON, FeedFormat.STIX_BUNDLE, FeedFormat.TAXII_COLLECTION
        }) {
            assertThatThrownBy(() -> Inputs.parse(format, Inputs.bytes(BAD_UTF32), ParserOptions.defaults()))
                    .as(format.wire())
                    .isInstanceOf(FeedFormatException.class);
        }
    }

    @Test
    void aByteOrderJacksonCannotReadIsNotJson() {
        // found by FeedParsersFuzzTest#jsonRecords and #feodoJson: Jackson refuses to open a UCS-4 "3412" order
        var unusualOrder = new byte[] {0, 0, '[', 0, 0, 0, ']', 0};
        for (var format : new FeedFormat[] {
            FeedFormat.JSON_RECORDS, FeedFormat.FEODO_JSON, FeedFormat.MISP_FEED, FeedFormat.STIX_BUNDLE
        }) {
            assertThatThrownBy(() -> Inputs.parse(format, Inputs.bytes(unusualOrder), ParserOptions.defaults()))
                    .as(format.wire())
                    .isInstanceOf(FeedFormatException.class);
        }
    }
}
