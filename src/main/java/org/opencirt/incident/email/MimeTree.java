package org.opencirt.incident.email;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.ContentDisposition;
import jakarta.mail.internet.ContentType;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.internet.MimePart;
import jakarta.mail.internet.MimePartDataSource;
import jakarta.mail.internet.MimeUtility;
import jakarta.mail.internet.ParseException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The leaves of a message's MIME tree, in document order, with the type, charset, disposition
 * and file name each declares. Depth and part count are checked before each multipart is split,
 * so a message of a million empty parts costs one scan of its bytes.
 */
final class MimeTree {

    private final EmailLimits limits;
    private final MessageWarnings warnings;
    private final List<MimeLeaf> leaves = new ArrayList<>();
    private int partsSeen;

    MimeTree(EmailLimits limits, MessageWarnings warnings) {
        this.limits = limits;
        this.warnings = warnings;
    }

    /** The leaves of the message. */
    List<MimeLeaf> leaves(MimeMessage message) throws MessagingException, IOException {
        walk(message, "", 0);
        return leaves;
    }

    /**
     * Collects the leaves of the tree under {@code part}, which sits inside {@code depth}
     * multiparts. Limits are checked before each multipart is parsed.
     */
    private void walk(MimePart part, String path, int depth) throws MessagingException, IOException {
        var type = contentType(part, path);
        var baseType =
                type == null ? "application/octet-stream" : type.getBaseType().toLowerCase(Locale.ROOT);
        if (!baseType.startsWith("multipart/")) {
            leaves.add(leaf(part, path, baseType, type));
            return;
        }
        if (depth + 1 > limits.maxDepth()) {
            throw InvalidEmailException.tooManyParts(
                    "MIME parts are nested more than %d levels deep".formatted(limits.maxDepth()));
        }
        var boundary = type.getParameter("boundary");
        if (boundary == null || boundary.isEmpty()) {
            throw InvalidEmailException.malformed(
                    "%s is %s without a boundary parameter".formatted(describe(path), baseType));
        }
        var budget = limits.maxParts() - partsSeen;
        try (var in = rawStream(part)) {
            // n parts are delimited by n + 1 lines
            if (BoundaryScanner.countDelimiters(in, boundary, budget + 1) > budget + 1) {
                throw tooManyParts();
            }
        }
        var multipart = new MimeMultipart(new MimePartDataSource(part));
        int count;
        try {
            count = multipart.getCount();
        } catch (MessagingException e) {
            throw InvalidEmailException.malformed(
                    "%s is %s but could not be split into parts with boundary '%s': %s"
                            .formatted(describe(path), baseType, Texts.quote(boundary), Texts.reason(e)),
                    e);
        }
        if (!multipart.isComplete()) {
            warnings.add("%s has no closing boundary; the message may be truncated".formatted(describe(path)));
        }
        for (var i = 0; i < count; i++) {
            if (++partsSeen > limits.maxParts()) {
                throw tooManyParts();
            }
            var child = (MimeBodyPart) multipart.getBodyPart(i);
            walk(child, path.isEmpty() ? Integer.toString(i + 1) : path + "." + (i + 1), depth + 1);
        }
    }

    private InvalidEmailException tooManyParts() {
        return InvalidEmailException.tooManyParts("message has more than %d MIME parts".formatted(limits.maxParts()));
    }

    private static String describe(String path) {
        return path.isEmpty() ? "the message" : "part " + path;
    }

    /** RFC 2045: no header means text/plain. Null when the header cannot be read at all. */
    private ContentType contentType(MimePart part, String path) throws MessagingException {
        var value = MessageHeaders.header(part, "Content-Type");
        if (value == null || value.isBlank()) {
            return new ContentType("text", "plain", null);
        }
        value = MimeUtility.unfold(value);
        try {
            return new ContentType(value);
        } catch (ParseException e) {
            var semi = value.indexOf(';');
            try {
                var bare = new ContentType(semi < 0 ? value : value.substring(0, semi));
                warnings.add("Content-Type of %s has unreadable parameters: '%s'"
                        .formatted(describe(path), Texts.quote(value)));
                return bare;
            } catch (ParseException again) {
                warnings.add("Content-Type of %s is unreadable ('%s'); treated as application/octet-stream"
                        .formatted(describe(path), Texts.quote(value)));
                return null;
            }
        }
    }

    private MimeLeaf leaf(MimePart part, String path, String baseType, ContentType type) throws MessagingException {
        var charset = type == null ? null : type.getParameter("charset");
        String disposition = null;
        String filename = null;
        var value = MessageHeaders.header(part, "Content-Disposition");
        if (value != null && !value.isBlank()) {
            value = MimeUtility.unfold(value);
            try {
                var parsed = new ContentDisposition(value);
                disposition = parsed.getDisposition();
                filename = parsed.getParameter("filename");
            } catch (ParseException e) {
                var semi = value.indexOf(';');
                disposition = (semi < 0 ? value : value.substring(0, semi)).strip();
                warnings.add(
                        "Content-Disposition of %s is unreadable: '%s'".formatted(describe(path), Texts.quote(value)));
            }
        }
        if (filename == null && type != null) {
            filename = type.getParameter("name");
        }
        if (filename != null && filename.contains("=?")) {
            // RFC 2047 inside a parameter is not standard but what many mailers send
            filename = Texts.decodeHeaderText(filename);
        }
        if (filename != null && filename.isBlank()) {
            filename = null;
        }
        return new MimeLeaf(
                part,
                path,
                baseType,
                charset,
                disposition == null || disposition.isBlank() ? null : disposition.toLowerCase(Locale.ROOT),
                filename);
    }

    static InputStream rawStream(MimePart part) throws MessagingException {
        return part instanceof MimeMessage message
                ? message.getRawInputStream()
                : ((MimeBodyPart) part).getRawInputStream();
    }
}
