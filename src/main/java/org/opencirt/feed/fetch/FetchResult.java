package org.opencirt.feed.fetch;

import java.io.InputStream;
import java.net.URI;
import org.opencirt.common.outbound.FetchException;

/** What a fetch produced: the resource, or the news that it has not changed. */
public sealed interface FetchResult permits FetchResult.NotModified, FetchResult.Fetched {

    /** The URL the result came from, after redirects. */
    URI finalUrl();

    /** 304: the resource matches the request's {@code etag} / {@code lastModified}. */
    record NotModified(URI finalUrl) implements FetchResult {}

    /**
     * The resource.
     *
     * @param body decompressed and limited: reading past a limit throws
     *             {@link FetchLimitExceededException}, past the total timeout a {@link FetchException}
     *             with reason {@code TIMEOUT}. Closed by the caller, which may close it before the end
     *             (the connection is then dropped, not leaked).
     */
    record Fetched(URI finalUrl, int status, String contentType, String etag, String lastModified, InputStream body)
            implements FetchResult {}
}
