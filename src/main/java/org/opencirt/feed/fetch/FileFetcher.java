package org.opencirt.feed.fetch;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import org.opencirt.common.outbound.Deadline;
import org.opencirt.common.outbound.FetchException;
import org.opencirt.common.outbound.FetchException.Reason;
import org.opencirt.common.outbound.Urls;

/**
 * {@code file:} URLs, only below the policy's root: the path is normalised first (a {@code ..}
 * that leaves the root is refused without touching the disk), then resolved with its symbolic
 * links, which must still end below the root's own real path. Conditional requests work as over
 * HTTP, with a validator made of size and modification time.
 */
final class FileFetcher {

    private FileFetcher() {}

    static FetchResult fetch(URI url, FetchRequest request, FetchPolicy policy, Deadline deadline)
            throws FetchException {
        if (policy.fileRoot() == null) {
            throw new FetchException(
                    Reason.BLOCKED_DESTINATION, "file: URLs are not allowed (no file root): " + Urls.describe(url));
        }
        var real = resolveBelowRoot(url, policy.fileRoot());
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(real, BasicFileAttributes.class);
        } catch (IOException e) {
            throw new FetchException(Reason.IO, "cannot read " + Urls.describe(url), e);
        }
        if (!attributes.isRegularFile()) {
            throw new FetchException(Reason.IO, "not a regular file: " + Urls.describe(url));
        }
        var modified = attributes.lastModifiedTime().toInstant().truncatedTo(ChronoUnit.SECONDS);
        var lastModified = DateTimeFormatter.RFC_1123_DATE_TIME.format(modified.atZone(ZoneOffset.UTC));
        var etag = "\"%x-%x\""
                .formatted(attributes.size(), attributes.lastModifiedTime().toMillis());
        if (notModified(request, etag, modified.atZone(ZoneOffset.UTC))) {
            return new FetchResult.NotModified(url);
        }
        if (attributes.size() > policy.maxBytes()) {
            throw new FetchLimitExceededException("%s is larger than %d bytes (%d)"
                    .formatted(Urls.describe(url), policy.maxBytes(), attributes.size()));
        }
        try {
            var in = Files.newInputStream(real, LinkOption.NOFOLLOW_LINKS);
            var body = LimitedStreams.body(in, LimitedStreams.Decoding.of(false), policy, deadline, Urls.describe(url));
            return new FetchResult.Fetched(url, 200, null, etag, lastModified, body);
        } catch (IOException e) {
            throw new FetchException(Reason.IO, "cannot read " + Urls.describe(url), e);
        }
    }

    /** The file's real path, refused unless it lies below the root (by name first, then with links resolved). */
    static Path resolveBelowRoot(URI url, Path fileRoot) throws FetchException {
        if (url.isOpaque() || url.getPath() == null || !url.getPath().startsWith("/")) {
            throw new FetchException(Reason.BAD_URL, "a file: URL needs an absolute path: " + Urls.describe(url));
        }
        var authority = url.getRawAuthority();
        if (authority != null && !authority.isEmpty() && !authority.equalsIgnoreCase("localhost")) {
            throw new FetchException(Reason.BAD_URL, "a file: URL cannot name a host: " + Urls.describe(url));
        }
        Path requested;
        try {
            requested = Path.of(url.getPath()).normalize();
        } catch (InvalidPathException e) {
            throw new FetchException(Reason.BAD_URL, "invalid file path in " + Urls.describe(url), e);
        }
        var root = fileRoot.toAbsolutePath().normalize();
        if (!requested.startsWith(root)) {
            throw new FetchException(
                    Reason.BLOCKED_DESTINATION, "%s is outside the file root".formatted(Urls.describe(url)));
        }
        Path realRoot;
        try {
            realRoot = root.toRealPath();
        } catch (IOException e) {
            throw new FetchException(Reason.IO, "the file root %s cannot be read".formatted(root), e);
        }
        Path real;
        try {
            real = requested.toRealPath();
        } catch (NoSuchFileException e) {
            throw new FetchException(Reason.IO, "no such file: " + Urls.describe(url), e);
        } catch (IOException e) {
            throw new FetchException(Reason.IO, "cannot read " + Urls.describe(url), e);
        }
        if (!real.startsWith(realRoot)) {
            throw new FetchException(
                    Reason.BLOCKED_DESTINATION,
                    "%s leads outside the file root through a symbolic link".formatted(Urls.describe(url)));
        }
        return real;
    }

    private static boolean notModified(FetchRequest request, String etag, ZonedDateTime modified) {
        if (request.etag() != null) {
            return request.etag().equals(etag);
        }
        if (request.lastModified() != null) {
            try {
                var since = ZonedDateTime.parse(request.lastModified(), DateTimeFormatter.RFC_1123_DATE_TIME);
                return !modified.isAfter(since);
            } catch (DateTimeParseException e) {
                return false;
            }
        }
        return false;
    }
}
