package org.opencirt.feed.parse;

import java.io.InputStream;
import java.util.Objects;

/**
 * What a parser reads: the main body (already decompressed and size-limited by the caller), the
 * feed URL, extra fetches, and the saved TAXII state.
 *
 * @param body       the body of the feed URL; not closed by the parser
 * @param url        the feed URL as configured (without the TAXII {@code added_after}); may be null
 *                   when further resources are fetched by relative URL only
 * @param fetcher    fetches MISP events and further TAXII pages; may be null for single-resource formats
 * @param checkpoint the state the last run gave to {@link ItemSink#checkpoint}, or null
 */
public record FeedInput(InputStream body, String url, ResourceFetcher fetcher, String checkpoint) {

    public FeedInput {
        Objects.requireNonNull(body, "body");
    }

    /** A single-resource input: just a body. */
    public static FeedInput of(InputStream body) {
        return new FeedInput(body, null, null, null);
    }
}
