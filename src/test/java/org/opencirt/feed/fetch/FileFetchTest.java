package org.opencirt.feed.fetch;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opencirt.common.outbound.FakeResolver;
import org.opencirt.common.outbound.FetchException;
import org.opencirt.common.outbound.FetchException.Reason;
import org.opencirt.common.outbound.RecordingSender;

/** {@code file:} URLs below the root, and every way out of it refused. */
class FileFetchTest {

    private static final String CSV = "indicator,type\n198.51.100.7,ip\n";

    @TempDir
    Path temp;

    private Path root;
    private Path outside;
    private final RecordingSender sender = new RecordingSender();

    @BeforeEach
    void files() throws IOException {
        root = Files.createDirectories(temp.resolve("samples"));
        outside = Files.createDirectories(temp.resolve("secrets"));
        Files.writeString(root.resolve("feed.csv"), CSV);
        Files.createDirectories(root.resolve("sub"));
        Files.writeString(outside.resolve("key.pem"), "PRIVATE");
    }

    private FeedFetcher fetcher(Path fileRoot, long maxBytes, long maxDecompressedBytes) {
        return new FeedFetcher(
                new FetchPolicy(
                        maxBytes,
                        maxDecompressedBytes,
                        Duration.ofSeconds(5),
                        Duration.ofSeconds(10),
                        5,
                        Set.of(),
                        fileRoot),
                new FakeResolver(),
                sender);
    }

    private FeedFetcher fetcher() {
        return fetcher(root, 1 << 20, 1 << 20);
    }

    private static String text(FetchResult result) throws IOException {
        assertThat(result).isInstanceOf(FetchResult.Fetched.class);
        try (var body = ((FetchResult.Fetched) result).body()) {
            return new String(body.readAllBytes(), UTF_8);
        }
    }

    private FetchException refusal(FeedFetcher fetcher, URI url) {
        return catchThrowableOfType(FetchException.class, () -> fetcher.fetch(new FetchRequest(url)));
    }

    @Test
    void aFileBelowTheRootIsRead() throws IOException {
        var result = fetcher().fetch(new FetchRequest(root.resolve("feed.csv").toUri()));

        assertThat(text(result)).isEqualTo(CSV);
        var fetched = (FetchResult.Fetched) result;
        assertThat(fetched.status()).isEqualTo(200);
        assertThat(fetched.lastModified()).endsWith("GMT");
        assertThat(fetched.etag()).startsWith("\"");
        assertThat(sender.sent).isEmpty();
    }

    @Test
    void aDotDotThatStaysBelowTheRootIsAllowed() throws IOException {
        var url = URI.create(root.resolve("sub").toUri() + "../feed.csv");

        assertThat(text(fetcher().fetch(new FetchRequest(url)))).isEqualTo(CSV);
    }

    @Test
    void aGzFileBelowTheRootIsDecompressed() throws IOException {
        var out = new ByteArrayOutputStream();
        try (var gz = new GZIPOutputStream(out)) {
            gz.write(CSV.repeat(100).getBytes(UTF_8));
        }
        Files.write(root.resolve("feed.csv.gz"), out.toByteArray());

        assertThat(text(fetcher()
                        .fetch(new FetchRequest(root.resolve("feed.csv.gz").toUri()))))
                .isEqualTo(CSV.repeat(100));
    }

    @Test
    void aGzFileOverTheDecompressedLimitFailsWhileReading() throws IOException {
        var out = new ByteArrayOutputStream();
        try (var gz = new GZIPOutputStream(out)) {
            gz.write(new byte[1 << 20]);
        }
        Files.write(root.resolve("zeros.gz"), out.toByteArray());

        var result = fetcher(root, 1 << 20, 64 * 1024)
                .fetch(new FetchRequest(root.resolve("zeros.gz").toUri()));

        var e = catchThrowableOfType(FetchLimitExceededException.class, () -> text(result));
        assertThat(e.reason()).isEqualTo(Reason.TOO_LARGE);
    }

    @Test
    void aFileOutsideTheRootIsRefused() {
        var e = refusal(fetcher(), outside.resolve("key.pem").toUri());

        assertThat(e.reason()).isEqualTo(Reason.BLOCKED_DESTINATION);
    }

    @Test
    void aDotDotThatLeavesTheRootIsRefused() {
        var url = URI.create(root.toUri() + "../secrets/key.pem");

        var e = refusal(fetcher(), url);

        assertThat(url.getPath()).contains("/../");
        assertThat(e.reason()).isEqualTo(Reason.BLOCKED_DESTINATION);
    }

    @Test
    void aDotDotToAMissingFileOutsideTheRootIsRefusedWithoutLookingForIt() {
        var url = URI.create(root.toUri() + "../secrets/missing.pem");

        var e = refusal(fetcher(), url);

        assertThat(e.reason()).isEqualTo(Reason.BLOCKED_DESTINATION); // not IO "no such file": no oracle
    }

    @Test
    void anEncodedDotDotThatLeavesTheRootIsRefused() {
        var url = URI.create(root.toUri() + "%2e%2e/secrets/key.pem");

        assertThat(refusal(fetcher(), url).reason()).isEqualTo(Reason.BLOCKED_DESTINATION);
    }

    @Test
    void aSymlinkThatLeavesTheRootIsRefused() throws IOException {
        Files.createSymbolicLink(root.resolve("feed-link.csv"), outside.resolve("key.pem"));
        Files.createSymbolicLink(root.resolve("dir-link"), outside);

        assertThat(refusal(fetcher(), root.resolve("feed-link.csv").toUri()).reason())
                .isEqualTo(Reason.BLOCKED_DESTINATION);
        assertThat(refusal(fetcher(), URI.create(root.toUri() + "dir-link/key.pem"))
                        .reason())
                .isEqualTo(Reason.BLOCKED_DESTINATION);
    }

    @Test
    void aSymlinkThatStaysBelowTheRootIsFollowed() throws IOException {
        Files.createSymbolicLink(root.resolve("sub/latest.csv"), root.resolve("feed.csv"));

        assertThat(text(fetcher()
                        .fetch(new FetchRequest(root.resolve("sub/latest.csv").toUri()))))
                .isEqualTo(CSV);
    }

    @Test
    void aRootReachedThroughASymlinkStillWorks() throws IOException {
        var linkedRoot = Files.createSymbolicLink(temp.resolve("samples-link"), root);

        assertThat(text(fetcher(linkedRoot, 1 << 20, 1 << 20)
                        .fetch(new FetchRequest(linkedRoot.resolve("feed.csv").toUri()))))
                .isEqualTo(CSV);
    }

    @Test
    void fileUrlsAreRefusedWithoutARoot() {
        var e = refusal(
                fetcher(null, 1 << 20, 1 << 20), root.resolve("feed.csv").toUri());

        assertThat(e.reason()).isEqualTo(Reason.BLOCKED_DESTINATION);
    }

    @Test
    void aFileUrlNamingAHostIsRefused() {
        var e = refusal(
                fetcher(),
                URI.create("file://fileserver.example"
                        + root.resolve("feed.csv").toUri().getPath()));

        assertThat(e.reason()).isEqualTo(Reason.BAD_URL);
    }

    @Test
    void aFileOverMaxBytesIsRefusedBeforeReading() {
        var e = refusal(fetcher(root, 10, 1 << 20), root.resolve("feed.csv").toUri());

        assertThat(e).isInstanceOf(FetchLimitExceededException.class);
    }

    @Test
    void aMissingFileFailsWithIo() {
        assertThat(refusal(fetcher(), root.resolve("nope.csv").toUri()).reason())
                .isEqualTo(Reason.IO);
    }

    @Test
    void anUnchangedFileIsNotModified() throws IOException {
        var url = root.resolve("feed.csv").toUri();
        var first = (FetchResult.Fetched) fetcher().fetch(new FetchRequest(url));
        first.body().close();

        assertThat(fetcher().fetch(new FetchRequest(url, Map.of(), first.etag(), null)))
                .isInstanceOf(FetchResult.NotModified.class);
        assertThat(fetcher().fetch(new FetchRequest(url, Map.of(), null, first.lastModified())))
                .isInstanceOf(FetchResult.NotModified.class);
        assertThat(fetcher().fetch(new FetchRequest(url, Map.of(), "\"other\"", null)))
                .isInstanceOf(FetchResult.Fetched.class);
    }
}
