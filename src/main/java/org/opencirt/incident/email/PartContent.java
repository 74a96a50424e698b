package org.opencirt.incident.email;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeUtility;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * The content of a leaf: its transfer encoding removed, and for the body its text, decoded from
 * the declared charset as mailers mean it (HTML converted to text), cleaned and cut to the limit.
 */
final class PartContent {

    private final EmailLimits limits;
    private final MessageWarnings warnings;

    PartContent(EmailLimits limits, MessageWarnings warnings) {
        this.limits = limits;
        this.warnings = warnings;
    }

    /** The content with its transfer encoding removed; an unknown encoding is kept as sent. */
    InputStream decodedStream(MimeLeaf leaf) throws MessagingException {
        var raw = MimeTree.rawStream(leaf.part());
        String encoding;
        try {
            encoding = leaf.part().getEncoding();
        } catch (MessagingException e) {
            encoding = null;
        }
        if (encoding == null) {
            return raw;
        }
        try {
            return MimeUtility.decode(raw, encoding);
        } catch (MessagingException e) {
            warnings.add("%s has an unknown Content-Transfer-Encoding '%s'; kept as sent"
                    .formatted(leaf.describe(), Texts.quote(encoding)));
            return raw;
        }
    }

    String bodyText(MimeLeaf body) throws MessagingException {
        byte[] bytes;
        try (var in = decodedStream(body)) {
            bytes = in.readAllBytes();
        } catch (IOException e) {
            throw InvalidEmailException.malformed(
                    "the text body could not be decoded (%s); the message may be truncated".formatted(Texts.reason(e)),
                    e);
        }
        var text = decode(bytes, body.charset(), body);
        if (body.type().equals("text/html")) {
            text = HtmlText.toText(text);
            warnings.add("HTML-only message: text extracted from HTML");
        }
        text = Texts.cleanBody(text);
        if (text.length() > limits.maxBodyChars()) {
            warnings.add("body truncated to %d characters".formatted(limits.maxBodyChars()));
            text = Texts.truncate(text, limits.maxBodyChars());
        }
        return text;
    }

    /**
     * Bytes to text in the declared charset. ISO-8859-1 and US-ASCII labels are read as
     * windows-1252 and, when the bytes are valid UTF-8, as UTF-8 for US-ASCII or no label:
     * what mailers that mislabel mean, as browsers assume too.
     */
    private String decode(byte[] bytes, String label, MimeLeaf leaf) {
        Charset charset = null;
        if (label != null && !label.isBlank()) {
            try {
                charset = Charset.forName(MimeUtility.javaCharset(label.strip()));
            } catch (IllegalArgumentException e) {
                warnings.add("%s declares an unknown charset '%s'; decoded as UTF-8 or windows-1252"
                        .formatted(leaf.describe(), Texts.quote(label)));
            }
        }
        if (charset == null || charset.equals(StandardCharsets.US_ASCII)) {
            return Texts.utf8OrWindows1252(bytes);
        }
        if (charset.equals(StandardCharsets.ISO_8859_1)) {
            charset = Texts.WINDOWS_1252;
        }
        CharsetDecoder decoder;
        try {
            decoder = charset.newDecoder();
        } catch (UnsupportedOperationException e) {
            return new String(bytes, Texts.WINDOWS_1252);
        }
        try {
            return decoder.onMalformedInput(CodingErrorAction.REPLACE)
                    .onUnmappableCharacter(CodingErrorAction.REPLACE)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            return new String(bytes, charset);
        }
    }
}
