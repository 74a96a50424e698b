package org.opencirt.incident.email;

import jakarta.mail.internet.MimePart;

/** A part with no parts of its own, as found in the tree. */
record MimeLeaf(MimePart part, String path, String type, String charset, String disposition, String filename) {

    boolean isText() {
        return type.equals("text/plain") || type.equals("text/html");
    }

    boolean isMessage() {
        return type.equals("message/rfc822") || type.equals("message/global");
    }

    boolean markedAttachment() {
        return "attachment".equals(disposition);
    }

    /** Lower is a better body; -1 when it cannot be the body. */
    int bodyRank() {
        if (!isText() || markedAttachment()) {
            return -1;
        }
        return (filename == null ? 0 : 2) + (type.equals("text/plain") ? 0 : 1);
    }

    boolean isAttachment() {
        return markedAttachment() || filename != null || !isText();
    }

    String describe() {
        return path.isEmpty() ? "the message body" : "part " + path;
    }
}
