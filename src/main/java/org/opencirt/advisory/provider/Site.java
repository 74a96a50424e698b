package org.opencirt.advisory.provider;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * Where a CSAF provider's files are read from: its web server ({@link HttpSite}), or anything that
 * answers like one. One request, no redirect followed: the caller sees and judges each hop.
 */
public interface Site {

    /** One answer: status, the {@code Location} of a redirect, the content type and the body (empty when none). */
    record Answer(URI url, int status, String location, String contentType, byte[] body) {

        public boolean ok() {
            return status == 200;
        }

        public boolean redirect() {
            return status >= 300 && status < 400 && location != null;
        }

        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    /**
     * Gets a URL.
     *
     * @param credentials whether to send the credentials the site was given (for TLP:AMBER and RED
     *                    folders); the checker asks without them to prove a folder is protected
     * @throws IOException when there is no answer (connection refused, time-out, a body over the limit)
     */
    Answer get(URI url, boolean credentials) throws IOException;
}
