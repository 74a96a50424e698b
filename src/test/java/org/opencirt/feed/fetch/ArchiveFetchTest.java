package org.opencirt.feed.fetch;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Set;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opencirt.common.outbound.FakeResolver;
import org.opencirt.common.outbound.FetchException;
import org.opencirt.common.outbound.FetchException.Reason;
import org.opencirt.common.outbound.RecordingSender;

/** gzip and zip bodies are recognised by their content, whatever their name, and unpacked within the limits. */
class ArchiveFetchTest {

    private static final String CSV = "indicator,type\n198.51.100.7,ip\n";

    @TempDir
    Path root;

    private FeedFetcher fetcher;

    @BeforeEach
    void fetcher() {
        fetcher = fetcher(1 << 20);
    }

    private FeedFetcher fetcher(long maxDecompressedBytes) {
        return new FeedFetcher(
                new FetchPolicy(
                        1 << 20,
                        maxDecompressedBytes,
                        Duration.ofSeconds(5),
                        Duration.ofSeconds(10),
                        5,
                        Set.of(),
                        root),
                new FakeResolver(),
                new RecordingSender());
    }

    private String read(String name, byte[] content) throws IOException {
        return read(fetcher, name, content);
    }

    private String read(FeedFetcher fetcher, String name, byte[] content) throws IOException {
        Files.write(root.resolve(name), content);
        var result = fetcher.fetch(new FetchRequest(root.resolve(name).toUri()));
        try (var body = ((FetchResult.Fetched) result).body()) {
            return new String(body.readAllBytes(), UTF_8);
        }
    }

    private static byte[] gzip(byte[] data) throws IOException {
        var out = new ByteArrayOutputStream();
        try (var gz = new GZIPOutputStream(out)) {
            gz.write(data);
        }
        return out.toByteArray();
    }

    /** A zip of name, content, name, content...; a name ending in / is a directory. */
    private static byte[] zip(Object... entries) throws IOException {
        var out = new ByteArrayOutputStream();
        try (var zip = new ZipOutputStream(out)) {
            for (int i = 0; i < entries.length; i += 2) {
                zip.putNextEntry(new ZipEntry((String) entries[i]));
                if (entries[i + 1] != null) {
                    zip.write(entries[i + 1] instanceof byte[] b ? b : ((String) entries[i + 1]).getBytes(UTF_8));
                }
                zip.closeEntry();
            }
        }
        return out.toByteArray();
    }

    @Test
    void gzipIsRecognisedByItsMagicWhateverTheName() throws IOException {
        assertThat(read("download.php", gzip(CSV.getBytes(UTF_8)))).isEqualTo(CSV);
        assertThat(read("feed.csv", gzip(CSV.getBytes(UTF_8)))).isEqualTo(CSV);
    }

    @Test
    void aZipWithOneFileReadsThatFile() throws IOException {
        assertThat(read("feed.zip", zip("feed.csv", CSV))).isEqualTo(CSV);
        assertThat(read("no-extension", zip("feed.csv", CSV))).isEqualTo(CSV);
    }

    @Test
    void aZipWithSeveralFilesReadsThemInOrderAsOneInputWithoutDirectories() throws IOException {
        byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
        byte[] second = new byte[bom.length + 13];
        System.arraycopy(bom, 0, second, 0, bom.length);
        System.arraycopy("198.51.100.8\n".getBytes(UTF_8), 0, second, bom.length, 13);

        var text = read(
                "lists.zip",
                zip(
                        "lists/",
                        null,
                        "lists/a.txt",
                        "198.51.100.1\n198.51.100.2", // no line end at its end
                        "__MACOSX/lists/._a.txt",
                        "\0\0binary resource fork",
                        "lists/b.txt",
                        second,
                        "lists/empty.txt",
                        "",
                        "lists/c.txt",
                        "198.51.100.9\n"));

        assertThat(text).isEqualTo("198.51.100.1\n198.51.100.2\n198.51.100.8\n198.51.100.9\n");
    }

    @Test
    void anEmptyZipIsAnEmptyBody() throws IOException {
        assertThat(read("empty.zip", zip())).isEmpty();
        assertThat(read("dirs.zip", zip("a/", null, "a/b/", null))).isEmpty();
    }

    @Test
    void aZipInsideGzipIsUnpackedToo() throws IOException {
        assertThat(read("feed.zip.gz", gzip(zip("feed.csv", CSV)))).isEqualTo(CSV);
    }

    @Test
    void aTextThatStartsWithPkIsNoZip() throws IOException {
        assertThat(read("names.txt", "PKI.example.com\n".getBytes(UTF_8))).isEqualTo("PKI.example.com\n");
        assertThat(read("short.txt", "P".getBytes(UTF_8))).isEqualTo("P");
    }

    @Test
    void aZipBombFailsWithTheDecompressedLimitLikeGzip() throws IOException {
        // 4 MiB of zeros in a zip of a few KiB, read with a limit of 64 KiB
        byte[] bomb = zip("a.csv", new byte[2 << 20], "b.csv", new byte[2 << 20]);
        assertThat(bomb.length).isLessThan(16 * 1024);

        var e = catchThrowableOfType(
                FetchLimitExceededException.class, () -> read(fetcher(64 * 1024), "bomb.zip", bomb));

        assertThat(e.reason()).isEqualTo(Reason.TOO_LARGE);
        assertThat(e).hasMessageContaining("larger than 65536 bytes after decompression");
    }

    @Test
    void aBrokenZipFailsWithAPlainMessage() throws IOException {
        byte[] whole = zip("feed.csv", CSV.repeat(100));
        byte[] broken = Arrays.copyOf(whole, 40);

        var e = catchThrowableOfType(FetchException.class, () -> read("broken.zip", broken));

        assertThat(e.reason()).isEqualTo(Reason.IO);
        assertThat(e.getMessage()).startsWith("reading the body of ").doesNotContain("java.");
    }
}
