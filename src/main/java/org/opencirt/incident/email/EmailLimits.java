package org.opencirt.incident.email;

/**
 * How much of a raw e-mail the parser accepts. Every limit is checked while parsing, before
 * the data it guards is held in memory, so an oversized or pathological message costs at
 * most {@link #maxMessageBytes()} of buffer.
 *
 * @param maxMessageBytes largest raw message, in bytes (at most this many + 1 are read)
 * @param maxAttachments most attachments a message may carry (forwarded messages included)
 * @param maxAttachmentBytes largest attachment once its transfer encoding is removed, in bytes
 * @param maxBodyChars longest text body kept; a longer one is truncated with a warning
 * @param maxParts most MIME body parts in the whole tree, nested ones included
 * @param maxDepth most levels of multipart nesting
 */
public record EmailLimits(
        long maxMessageBytes,
        int maxAttachments,
        long maxAttachmentBytes,
        int maxBodyChars,
        int maxParts,
        int maxDepth) {

    public static final long DEFAULT_MAX_MESSAGE_BYTES = 10L * 1024 * 1024;
    public static final int DEFAULT_MAX_ATTACHMENTS = 20;
    public static final long DEFAULT_MAX_ATTACHMENT_BYTES = 5L * 1024 * 1024;
    public static final int DEFAULT_MAX_BODY_CHARS = 200_000;
    public static final int DEFAULT_MAX_PARTS = 100;
    public static final int DEFAULT_MAX_DEPTH = 10;

    /** A Java array cannot be larger; the message is held in one. */
    private static final long MAX_BUFFER = Integer.MAX_VALUE - 16;

    public EmailLimits {
        if (maxMessageBytes < 1 || maxMessageBytes > MAX_BUFFER) {
            throw new IllegalArgumentException(
                    "maxMessageBytes must be between 1 and %d, was %d".formatted(MAX_BUFFER, maxMessageBytes));
        }
        if (maxAttachmentBytes < 0 || maxAttachmentBytes > MAX_BUFFER) {
            throw new IllegalArgumentException(
                    "maxAttachmentBytes must be between 0 and %d, was %d".formatted(MAX_BUFFER, maxAttachmentBytes));
        }
        requireNotNegative("maxAttachments", maxAttachments);
        requireNotNegative("maxBodyChars", maxBodyChars);
        requireNotNegative("maxParts", maxParts);
        requireNotNegative("maxDepth", maxDepth);
    }

    /** 10 MiB messages, 20 attachments of 5 MiB each, 200,000 body characters, 100 parts, 10 levels. */
    public static EmailLimits defaults() {
        return new EmailLimits(
                DEFAULT_MAX_MESSAGE_BYTES,
                DEFAULT_MAX_ATTACHMENTS,
                DEFAULT_MAX_ATTACHMENT_BYTES,
                DEFAULT_MAX_BODY_CHARS,
                DEFAULT_MAX_PARTS,
                DEFAULT_MAX_DEPTH);
    }

    public EmailLimits withMaxMessageBytes(long value) {
        return new EmailLimits(value, maxAttachments, maxAttachmentBytes, maxBodyChars, maxParts, maxDepth);
    }

    public EmailLimits withMaxAttachments(int value) {
        return new EmailLimits(maxMessageBytes, value, maxAttachmentBytes, maxBodyChars, maxParts, maxDepth);
    }

    public EmailLimits withMaxAttachmentBytes(long value) {
        return new EmailLimits(maxMessageBytes, maxAttachments, value, maxBodyChars, maxParts, maxDepth);
    }

    public EmailLimits withMaxBodyChars(int value) {
        return new EmailLimits(maxMessageBytes, maxAttachments, maxAttachmentBytes, value, maxParts, maxDepth);
    }

    public EmailLimits withMaxParts(int value) {
        return new EmailLimits(maxMessageBytes, maxAttachments, maxAttachmentBytes, maxBodyChars, value, maxDepth);
    }

    public EmailLimits withMaxDepth(int value) {
        return new EmailLimits(maxMessageBytes, maxAttachments, maxAttachmentBytes, maxBodyChars, maxParts, value);
    }

    private static void requireNotNegative(String name, int value) {
        if (value < 0) {
            throw new IllegalArgumentException("%s must not be negative, was %d".formatted(name, value));
        }
    }
}
