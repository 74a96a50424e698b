package org.opencirt.incident.email;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Counts the delimiter lines of a multipart body before Jakarta Mail parses it. Jakarta Mail
 * builds every body part of a multipart at once, so a 10 MiB message of empty parts would
 * become a million objects before the part limit could be checked; this counts them in one
 * streaming pass and stops as soon as the budget is exceeded. It parses nothing: the parts
 * themselves are still read by Jakarta Mail.
 */
final class BoundaryScanner {

    private BoundaryScanner() {}

    /**
     * Lines that are {@code --boundary} or {@code --boundary--} (trailing white space allowed),
     * counted until there are more than {@code stopAfter}.
     *
     * @return the number of delimiter lines, or {@code stopAfter + 1} if there are more
     */
    static int countDelimiters(InputStream in, String boundary, int stopAfter) throws IOException {
        var delimiter = ("--" + boundary).getBytes(StandardCharsets.UTF_8);
        var buffer = new byte[8192];
        var count = 0;
        var matched = 0; // bytes of the delimiter matched since the start of the line
        var matching = true; // still possibly a delimiter line
        var trailer = false; // delimiter matched; only "--" and white space may follow
        for (var n = in.read(buffer); n >= 0; n = in.read(buffer)) {
            for (var k = 0; k < n; k++) {
                var b = buffer[k];
                if (b == '\n') {
                    if (trailer && ++count > stopAfter) {
                        return count;
                    }
                    matched = 0;
                    matching = true;
                    trailer = false;
                } else if (trailer) {
                    trailer = b == '-' || b == ' ' || b == '\t' || b == '\r';
                } else if (matching) {
                    if (b == delimiter[matched]) {
                        matched++;
                        if (matched == delimiter.length) {
                            matching = false;
                            trailer = true;
                        }
                    } else {
                        matching = false;
                    }
                }
            }
        }
        return trailer ? count + 1 : count;
    }
}
