package org.opencirt.feed.parse;

import java.io.InputStream;
import java.util.Map;
import java.util.Optional;

/**
 * Optional: implemented by an {@link InputStream} that a {@link ResourceFetcher} returns (or that
 * is the {@link FeedInput#body()}), to show the parser the HTTP response headers. The TAXII parser
 * then checkpoints with the exact {@code X-TAXII-Date-Added-Last} of the last page; without it,
 * it falls back to the objects' own timestamps (see {@link TaxiiCollectionParser}).
 */
public interface ResponseHeaders {

    /** The value of a response header (name matched ignoring case), if the response had it. */
    Optional<String> header(String name);

    /** Wraps a body with its response headers (names are matched ignoring case). */
    static InputStream withHeaders(InputStream body, Map<String, String> headers) {
        return new HeaderedInputStream(body, headers);
    }
}
