package org.opencirt.feed.parse;

import java.io.FilterInputStream;
import java.io.InputStream;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** A body with its response headers; see {@link ResponseHeaders#withHeaders}. */
final class HeaderedInputStream extends FilterInputStream implements ResponseHeaders {

    private final Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);

    HeaderedInputStream(InputStream body, Map<String, String> headers) {
        super(body);
        headers.forEach((name, value) -> {
            if (name != null && value != null) {
                this.headers.put(name, value);
            }
        });
    }

    @Override
    public Optional<String> header(String name) {
        return Optional.ofNullable(headers.get(name));
    }
}
