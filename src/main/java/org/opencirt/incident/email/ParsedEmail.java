package org.opencirt.incident.email;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.opencirt.common.crypto.Digests;

/**
 * What an incident report needs from a raw e-mail.
 *
 * @param messageId the {@code Message-ID} header as sent (angle brackets kept), or null
 * @param inReplyTo the {@code In-Reply-To} header as sent, or null
 * @param subject decoded subject, never blank: {@code (no subject)} when there is none
 * @param from the first address of the {@code From} header
 * @param date the {@code Date} header, or null when absent or unparseable
 * @param textBody the text body (from HTML when there is no plain text), possibly empty
 * @param attachments attachments in the order they appear, forwarded messages included
 * @param warnings what was changed or guessed while parsing, for the analyst to see
 * @param headers the top-level header fields, for telling automatic mail from a person's
 *     ({@link MailKinds})
 */
public record ParsedEmail(
        String messageId,
        String inReplyTo,
        String subject,
        Sender from,
        Instant date,
        String textBody,
        List<Attachment> attachments,
        List<String> warnings,
        MailHeaders headers) {

    public static final String NO_SUBJECT = "(no subject)";
    public static final int MAX_SUBJECT_CHARS = 300;

    public ParsedEmail {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(textBody, "textBody");
        attachments = List.copyOf(attachments);
        warnings = List.copyOf(warnings);
        headers = headers == null ? MailHeaders.NONE : headers;
    }

    /** A message without its header fields (built by hand rather than parsed). */
    public ParsedEmail(
            String messageId,
            String inReplyTo,
            String subject,
            Sender from,
            Instant date,
            String textBody,
            List<Attachment> attachments,
            List<String> warnings) {
        this(messageId, inReplyTo, subject, from, date, textBody, attachments, warnings, MailHeaders.NONE);
    }

    /**
     * @param name display name, decoded, or null
     * @param address the address with its domain lower-cased (the local part as sent)
     */
    public record Sender(String name, String address) {

        public Sender {
            Objects.requireNonNull(address, "address");
        }
    }

    /**
     * One attachment. {@code content} is the decoded content (transfer encoding removed); the
     * array is not copied, so do not modify it.
     *
     * @param filename sanitised file name (no path, no control characters, at most 255 chars)
     * @param contentType base media type, lower case ({@code application/pdf})
     * @param content the bytes
     * @param sha256 SHA-256 of {@code content}, lower-case hex
     */
    public record Attachment(String filename, String contentType, byte[] content, String sha256) {

        public static final int MAX_FILENAME_CHARS = 255;

        public Attachment {
            Objects.requireNonNull(filename, "filename");
            Objects.requireNonNull(contentType, "contentType");
            Objects.requireNonNull(content, "content");
            Objects.requireNonNull(sha256, "sha256");
        }

        /** An attachment whose digest is computed from {@code content}. */
        public static Attachment of(String filename, String contentType, byte[] content) {
            return new Attachment(filename, contentType, content, Digests.sha256Hex(content));
        }

        public int size() {
            return content.length;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Attachment other
                    && filename.equals(other.filename)
                    && contentType.equals(other.contentType)
                    && sha256.equals(other.sha256)
                    && Arrays.equals(content, other.content);
        }

        @Override
        public int hashCode() {
            return Objects.hash(filename, contentType, sha256);
        }

        @Override
        public String toString() {
            return "Attachment[filename=%s, contentType=%s, size=%d, sha256=%s]"
                    .formatted(filename, contentType, content.length, sha256);
        }
    }
}
