package org.opencirt.incident.email;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.util.SharedByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Comparator;
import java.util.Objects;
import java.util.Properties;

/**
 * Turns a raw e-mail ({@code message/rfc822}, an {@code .eml} file) into what an incident
 * report needs: subject, text body, sender, attachments. It only parses: nothing is stored and
 * nothing connects anywhere (the Jakarta Mail session has no transport or store settings and
 * none is ever opened).
 *
 * <p>The body is the first inline {@code text/plain} part, else the first inline
 * {@code text/html} part converted to text (with a warning). Every other part is an attachment
 * unless it is an inline text alternative of the body: parts marked {@code attachment}, parts
 * with a file name, forwarded messages ({@code message/rfc822}, kept whole as {@code .eml}) and
 * any non-text part (an inline image, a signature).
 */
public final class EmailParser {

    private static final Session SESSION = newSession();

    private EmailParser() {}

    /**
     * Parses one raw e-mail. Reads at most {@code limits.maxMessageBytes() + 1} bytes of
     * {@code raw} and does not close it.
     *
     * @throws InvalidEmailException when the bytes are not a usable e-mail, or over a limit;
     *         {@link InvalidEmailException#kind()} says which
     * @throws UncheckedIOException when {@code raw} itself fails to read (the upload broke off);
     *         that is not the sender's message being invalid
     */
    public static ParsedEmail parse(InputStream raw, EmailLimits limits) {
        Objects.requireNonNull(raw, "raw");
        Objects.requireNonNull(limits, "limits");
        var message = read(raw, limits.maxMessageBytes());
        return parse(message, limits);
    }

    /** {@link #parse(InputStream, EmailLimits)} with {@link EmailLimits#defaults()}. */
    public static ParsedEmail parse(InputStream raw) {
        return parse(raw, EmailLimits.defaults());
    }

    private static Session newSession() {
        var props = new Properties();
        // Headers are read byte for byte as ISO-8859-1 and repaired to UTF-8 where they are
        // valid UTF-8 (Texts.repairEightBit); that is lossless for Latin-1 mailers as well.
        props.setProperty("mail.mime.allowutf8", "false");
        // We validate From ourselves; strict parsing would refuse common real-world forms.
        props.setProperty("mail.mime.address.strict", "false");
        return Session.getInstance(props);
    }

    private static Buffer read(InputStream in, long max) {
        var buffer = new Buffer((int) Math.min(max + 1, 64 * 1024));
        var chunk = new byte[8192];
        long total = 0;
        try {
            while (total <= max) {
                var n = in.read(chunk, 0, (int) Math.min(chunk.length, max + 1 - total));
                if (n < 0) {
                    break;
                }
                buffer.write(chunk, 0, n);
                total += n;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the message", e);
        }
        if (total > max) {
            throw InvalidEmailException.tooLarge("message exceeds %d bytes".formatted(max));
        }
        return buffer;
    }

    /** The bytes read, shared with Jakarta Mail without a copy. */
    private static final class Buffer extends ByteArrayOutputStream {

        Buffer(int size) {
            super(size);
        }

        byte[] bytes() {
            return buf;
        }

        int length() {
            return count;
        }
    }

    /** One parse: the header block checked, the headers read, the tree walked, body and attachments taken. */
    private static ParsedEmail parse(Buffer raw, EmailLimits limits) {
        var warnings = new MessageWarnings();
        try {
            var start = HeaderBlock.start(raw.bytes(), raw.length(), warnings);
            var message =
                    new MimeMessage(SESSION, new SharedByteArrayInputStream(raw.bytes(), start, raw.length() - start));
            var headers = new MessageHeaders(warnings);
            var from = headers.sender(message);
            var subject = headers.subject(message);
            var date = headers.date(message);
            var messageId = headers.id(message, "Message-ID");
            var inReplyTo = headers.id(message, "In-Reply-To");
            var fields = MailHeaders.of(message, warnings);
            var leaves = new MimeTree(limits, warnings).leaves(message);
            var body = leaves.stream()
                    .filter(leaf -> leaf.bodyRank() >= 0)
                    .min(Comparator.comparingInt(MimeLeaf::bodyRank))
                    .orElse(null);
            var content = new PartContent(limits, warnings);
            var attachments = new Attachments(limits, content).of(leaves, body);
            var text = body == null ? "" : content.bodyText(body);
            if (text.isEmpty()) {
                warnings.add("no text body");
            }
            return new ParsedEmail(
                    messageId, inReplyTo, subject, from, date, text, attachments, warnings.list(), fields);
        } catch (InvalidEmailException e) {
            throw e;
        } catch (MessagingException | IOException e) {
            throw InvalidEmailException.malformed("the message could not be parsed: " + Texts.reason(e), e);
        } catch (RuntimeException e) {
            // Jakarta Mail reports some malformations with unchecked exceptions
            throw InvalidEmailException.malformed("the message could not be parsed: " + Texts.reason(e), e);
        }
    }
}
