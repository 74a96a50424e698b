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
 * @param jsonBody     a JSON body to POST (an API that takes its query as a body), or null for a GET; a POST
 *                     follows no redirect
 */
public record FetchRequest(URI url, Map<String, String> headers, String etag, String lastModified, byte[] jsonBody) {

    public FetchRequest {
        Objects.requireNonNull(url, "url");
        headers = headers == null ? Map.of() : Map.copyOf(headers);
        jsonBody = jsonBody == null ? null : jsonBody.clone();
    }

    /** A GET, conditional when an ETag or a date is given. */
    public FetchRequest(URI url, Map<String, String> headers, String etag, String lastModified) {
        this(url, headers, etag, lastModified, null);
    }

    /** A POST of a JSON body with extra headers. */
    public static FetchRequest post(URI url, Map<String, String> headers, byte[] jsonBody) {
        return new FetchRequest(url, headers, null, null, Objects.requireNonNull(jsonBody, "jsonBody"));
    }

    /** An unconditional request without extra headers. */
    public FetchRequest(URI url) {
        this(url, Map.of(), null, null);
    }
}
