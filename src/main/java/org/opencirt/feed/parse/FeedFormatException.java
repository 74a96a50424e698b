package org.opencirt.feed.parse;

import java.io.IOException;

/**
 * The whole input of a feed is unusable: not JSON at all, a CSV header without a mapped column,
 * a JSON document without the records array, a TAXII error instead of an envelope. Bad single
 * lines or records never throw this: they go to {@link ItemSink#invalid}.
 */
public class FeedFormatException extends IOException {

    private static final long serialVersionUID = 1L;

    public FeedFormatException(String message) {
        super(message);
    }

    public FeedFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
