package org.opencirt.common.outbound;

import java.time.Duration;

/** The limits an outbound call ran under, as {@link FetchErrors} quotes them (a feed run's policy is one). */
public interface OutboundLimits {

    /** Bytes on the wire (compressed) per resource. */
    long maxBytes();

    /** Bytes after decompression per resource. */
    long maxDecompressedBytes();

    /** To open a connection. */
    Duration connectTimeout();

    /** The whole call: redirects, headers and reading the body to its end. */
    Duration totalTimeout();

    /** Redirects followed per resource. */
    int maxRedirects();
}
