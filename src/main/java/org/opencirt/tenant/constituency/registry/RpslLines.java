package org.opencirt.tenant.constituency.registry;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * The lines of a stream, one at a time, never more than one line in memory: UTF-8, or Latin-1 for a line that
 * is not UTF-8 (older dumps mix both). Counts bytes and lines against the limits.
 */
final class RpslLines {

    private final InputStream in;
    private final long maxBytes;
    private final int maxLineLength;
    private final byte[] buffer = new byte[64 * 1024];
    private final byte[] line;
    private final CharsetDecoder utf8 = StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    private int position;
    private int filled;
    private long bytes;
    private long number;

    RpslLines(InputStream in, long maxBytes, int maxLineLength) {
        this.in = in;
        this.maxBytes = maxBytes;
        this.maxLineLength = maxLineLength;
        this.line = new byte[maxLineLength];
    }

    /** The number of the line last returned, from 1. */
    long number() {
        return number;
    }

    /** The next line without its line break, or null at the end of the stream. */
    String next() throws IOException {
        int length = 0;
        boolean any = false;
        while (true) {
            if (position == filled && !fill()) {
                if (!any) {
                    return null;
                }
                break;
            }
            any = true;
            byte b = buffer[position++];
            if (b == '\n') {
                break;
            }
            if (length == maxLineLength) {
                throw RegistryFormatException.limit(number + 1, "maxLineLength", maxLineLength, "bytes in a line");
            }
            line[length++] = b;
        }
        number++;
        if (length > 0 && line[length - 1] == '\r') {
            length--;
        }
        return decode(length);
    }

    private boolean fill() throws IOException {
        int read = in.read(buffer);
        if (read <= 0) {
            return false;
        }
        bytes += read;
        if (bytes > maxBytes) {
            throw RegistryFormatException.limit(number + 1, "maxBytes", maxBytes, "bytes");
        }
        position = 0;
        filled = read;
        return true;
    }

    private String decode(int length) {
        try {
            return utf8.reset().decode(ByteBuffer.wrap(line, 0, length)).toString();
        } catch (CharacterCodingException e) {
            return new String(line, 0, length, StandardCharsets.ISO_8859_1);
        }
    }
}
