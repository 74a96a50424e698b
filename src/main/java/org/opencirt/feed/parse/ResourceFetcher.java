package org.opencirt.feed.parse;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;

/**
 * Fetches further resources of a multi-resource feed (MISP events, TAXII pages), with the
 * caller's limits and credentials. The parser closes every stream it gets.
 *
 * <p>The stream may implement {@link ResponseHeaders} to show the response headers to the parser.
 */
public interface ResourceFetcher {

    /**
     * @param url     absolute, or relative to the feed URL
     * @param headers headers to add ({@code Accept} ...)
     * @return the body, already decompressed and size-limited
     * @throws IOException when it cannot be fetched (including a non-2xx answer)
     */
    InputStream fetch(String url, Map<String, String> headers) throws IOException;
}
