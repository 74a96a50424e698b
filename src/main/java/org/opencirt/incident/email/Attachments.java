package org.opencirt.incident.email;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.InternetHeaders;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.opencirt.incident.email.ParsedEmail.Attachment;

/**
 * The attachments of a message: every leaf but the body that is marked so, named, forwarded or
 * not text, each read within the size limit and given a safe file name.
 */
final class Attachments {

    private final EmailLimits limits;
    private final PartContent content;

    Attachments(EmailLimits limits, PartContent content) {
        this.limits = limits;
        this.content = content;
    }

    List<Attachment> of(List<MimeLeaf> leaves, MimeLeaf body) throws MessagingException {
        var chosen = leaves.stream()
                .filter(leaf -> leaf != body && leaf.isAttachment())
                .toList();
        if (chosen.size() > limits.maxAttachments()) {
            throw InvalidEmailException.tooManyParts(
                    "message has %d attachments; the limit is %d".formatted(chosen.size(), limits.maxAttachments()));
        }
        var result = new ArrayList<Attachment>(chosen.size());
        for (var n = 1; n <= chosen.size(); n++) {
            result.add(attachment(chosen.get(n - 1), n));
        }
        return result;
    }

    private Attachment attachment(MimeLeaf leaf, int n) throws MessagingException {
        var max = ParsedEmail.Attachment.MAX_FILENAME_CHARS;
        var name = Texts.sanitiseFilename(leaf.filename(), max);
        var label = name != null ? "'" + Texts.quote(name) + "'" : "%d (%s)".formatted(n, leaf.describe());
        var content = content(leaf, label);
        if (leaf.isMessage()) {
            name = forwardedName(content, n);
        } else if (name == null) {
            name = "attachment-" + n;
        }
        return Attachment.of(name, leaf.type(), content);
    }

    private byte[] content(MimeLeaf leaf, String label) throws MessagingException {
        var max = limits.maxAttachmentBytes();
        try (var in = content.decodedStream(leaf)) {
            var out = new ByteArrayOutputStream();
            var chunk = new byte[8192];
            long total = 0;
            for (var k = in.read(chunk); k >= 0; k = in.read(chunk)) {
                if (total + k <= max) {
                    out.write(chunk, 0, k);
                }
                total += k;
            }
            if (total > max) {
                // counted to the end (bounded by the message size) so the client learns the size
                throw InvalidEmailException.tooLarge(
                        "attachment %s is %d bytes; the limit is %d".formatted(label, total, max));
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw InvalidEmailException.malformed(
                    "attachment %s could not be decoded (%s); the message may be truncated"
                            .formatted(label, Texts.reason(e)),
                    e);
        }
    }

    /** {@code <subject>.eml} of a forwarded message, else {@code forwarded-N.eml}. */
    private static String forwardedName(byte[] content, int n) {
        String subject = null;
        try {
            var value = new InternetHeaders(new ByteArrayInputStream(content)).getHeader("Subject", null);
            if (value != null) {
                subject = Texts.singleLine(Texts.decodeHeaderText(Texts.repairEightBit(value)))
                        .replace('/', '_')
                        .replace('\\', '_');
            }
        } catch (MessagingException | RuntimeException e) {
            subject = null;
        }
        var max = ParsedEmail.Attachment.MAX_FILENAME_CHARS - ".eml".length();
        var base = Texts.sanitiseFilename(subject, max);
        return (base == null ? "forwarded-" + n : base) + ".eml";
    }
}
