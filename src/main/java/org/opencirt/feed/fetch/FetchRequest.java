package org.opencirt.feed.fetch;

import java.net.URI;
import java.util.Map;
import java.util.Objects;

/**
 * One resource to fetch.
 *
 * @param url          {@code https}, {@code http} or {@code file} (below the policy's file root)
 * @param headers      extra request headers, credentials already resolved; credential headers
 *                     ({@code Authorization}, {@code Cookie}, {@code Proxy-Authorization}, any name
 *                     containing {@code key}, {@code token} or {@code secret}) are not sent after a
 *                     redirect leaves the URL's origin. {@code Accept-Encoding}, {@code If-None-Match}
 *                     and {@code If-Modified-Since} are the fetcher's own and ignored here.
 * @param etag         the {@code ETag} of the last fetch, sent as {@code If-None-Match}; null for none
 * @param lastModified the {@code Last-Modified} of the last fetch, sent as {@code If-Modified-Since}; null for none
 */
public record FetchRequest(URI url, Map<String, String> headers, String etag, String lastModified) {

    public FetchRequest {
        Objects.requireNonNull(url, "url");
        headers = headers == null ? Map.of() : Map.copyOf(headers);
    }

    /** An unconditional request without extra headers. */
    public FetchRequest(URI url) {
        this(url, Map.of(), null, null);
    }
}
