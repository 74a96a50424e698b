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
    void aLineThatIsNotUtf8IsReadAsWindows1252() throws IOException {
        // a lone 0xC3 is no UTF-8: the line is Windows-1252, where it is Ã
        assertThat(lines(new byte[] {'a', (byte) 0xC3, '\n', 'b'}, 100)).containsExactly("1:a\u00C3", "2:b");
    }

    @Test
    void latin1LinesAreReadLineByLineBesideUtf8Ones() throws IOException {
        byte[] input = bytes(
                "Caf".getBytes(StandardCharsets.US_ASCII),
                new byte[] {(byte) 0xE9, '\r', '\n'}, // Café in Latin-1, CRLF
                "Café ünd €\n".getBytes(StandardCharsets.UTF_8),
                new byte[] {(byte) 0x80, ' ', '5', '\n'}); // the euro sign in Windows-1252
        var reader = new LineReader(new ByteArrayInputStream(input));
        List<String> lines = new ArrayList<>();
        List<Boolean> windows = new ArrayList<>();
        while (reader.next()) {
            lines.add(reader.line());
            windows.add(reader.windows1252());
        }

        assertThat(lines).containsExactly("Café", "Café ünd €", "€ 5");
        assertThat(windows).containsExactly(true, false, true);
    }

    @Test
    void utf16WithItsByteOrderMarkIsRead() throws IOException {
        String text = "192.0.2.1\r\nCafé\n€\n";
        byte[] little = bytes(new byte[] {(byte) 0xFF, (byte) 0xFE}, text.getBytes(StandardCharsets.UTF_16LE));
        byte[] big = bytes(new byte[] {(byte) 0xFE, (byte) 0xFF}, text.getBytes(StandardCharsets.UTF_16BE));

        assertThat(lines(little, 100)).containsExactly("1:192.0.2.1", "2:Café", "3:€");
        assertThat(lines(big, 100)).containsExactly("1:192.0.2.1", "2:Café", "3:€");
    }

    @Test
    void aLongUtf8LineIsCutOnACharacterAndItsLengthCountsCharacters() throws IOException {
        // 10 three-byte characters: 30 bytes, more than 3 * 4 are kept; the cut must not make it Windows-1252
        var reader = new LineReader(new ByteArrayInputStream("€".repeat(10).getBytes(StandardCharsets.UTF_8)), 4);

        assertThat(reader.next()).isTrue();
        assertThat(reader.line()).isEqualTo("€€€€");
        assertThat(reader.windows1252()).isFalse();
        assertThat(reader.tooLong()).isTrue();
        assertThat(reader.length()).isEqualTo(10);
    }

    @Test
    void shortInputsAndALoneByteOrderMarkAreFine() throws IOException {
        assertThat(lines(new byte[] {'a'}, 100)).containsExactly("1:a");
        assertThat(lines(new byte[] {'a', 'b'}, 100)).containsExactly("1:ab");
        assertThat(lines(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, 100))
                .isEmpty();
        assertThat(lines(new byte[] {(byte) 0xFF, (byte) 0xFE}, 100)).isEmpty();
    }

    private static byte[] bytes(byte[]... parts) {
        var out = new java.io.ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
