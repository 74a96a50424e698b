package org.opencirt.feed.parse;

import java.io.ByteArrayInputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A fetcher serving bytes from a map (url -> bytes), remembering what was asked and with which headers. */
class MapFetcher implements ResourceFetcher {

    record Fetch(String url, Map<String, String> headers) {}

    final Map<String, byte[]> bodies = new HashMap<>();
    final Map<String, Map<String, String>> responseHeaders = new HashMap<>();
    final List<Fetch> fetched = new ArrayList<>();
    final List<InputStream> opened = new ArrayList<>();
    int closed;

    MapFetcher serve(String url, byte[] body) {
        bodies.put(url, body);
        return this;
    }

    MapFetcher serve(String url, byte[] body, Map<String, String> headers) {
        responseHeaders.put(url, headers);
        return serve(url, body);
    }

    @Override
    public InputStream fetch(String url, Map<String, String> headers) throws IOException {
        fetched.add(new Fetch(url, Map.copyOf(headers)));
        byte[] body = bodies.get(url);
        if (body == null) {
            throw new FileNotFoundException("404 Not Found: " + url);
        }
        InputStream in = new ByteArrayInputStream(body) {
            @Override
            public void close() {
                closed++;
            }
        };
        if (responseHeaders.containsKey(url)) {
            in = ResponseHeaders.withHeaders(in, responseHeaders.get(url));
        }
        opened.add(in);
        return in;
    }

    List<String> urls() {
        return fetched.stream().map(Fetch::url).toList();
    }
}
