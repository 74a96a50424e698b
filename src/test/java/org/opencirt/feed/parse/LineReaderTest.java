package org.opencirt.feed.parse;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LineReaderTest {

    private static List<String> lines(byte[] input, int max) throws IOException {
        var reader = new LineReader(new ByteArrayInputStream(input), max);
        List<String> lines = new ArrayList<>();
        while (reader.next()) {
            lines.add(reader.number() + ":" + reader.line() + (reader.tooLong() ? "(" + reader.length() + ")" : ""));
        }
        return lines;
    }

    private static List<String> lines(String input) throws IOException {
        return lines(input.getBytes(StandardCharsets.UTF_8), LineReader.MAX_LINE);
    }

    @Test
    void everyKindOfLineEndEndsALine() throws IOException {
        assertThat(lines("a\nb\r\nc\rd")).containsExactly("1:a", "2:b", "3:c", "4:d");
        assertThat(lines("a\n\nb\n")).containsExactly("1:a", "2:", "3:b");
        assertThat(lines("")).isEmpty();
        assertThat(lines("\n")).containsExactly("1:");
    }

    @Test
    void aCrlfSplitAcrossBuffersIsOneLineEnd() throws IOException {
        String first = "x".repeat(8191) + "\r";
        assertThat(lines(first + "\nnext")).hasSize(2).last().isEqualTo("2:next");
    }

    @Test
    void onlyALeadingByteOrderMarkIsDropped() throws IOException {
        assertThat(lines("\uFEFFa\n\uFEFFb")).containsExactly("1:a", "2:\uFEFFb");
    }

    @Test
    void aLineOverTheLimitKeepsItsStartAndSaysHowLongItWas() throws IOException {
        assertThat(lines("abcdefgh\nij\n".getBytes(StandardCharsets.UTF_8), 4)).containsExactly("1:abcd(8)", "2:ij");
    }

    @Test
    void malformedUtf8BecomesReplacementCharacters() throws IOException {
        assertThat(lines(new byte[] {'a', (byte) 0xC3, '\n', 'b'}, 100)).containsExactly("1:a\uFFFD", "2:b");
    }
}
