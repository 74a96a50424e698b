package org.opencirt.incident.service;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The per-incident secret that threads e-mail replies (ADR 0012). Outgoing mails put it in the
 * subject as {@code [CERT-AB-2026-000123 #<token>]}; a reply keeps the subject, and the token in
 * it, not the guessable reference, names the incident.
 */
public final class ReplyTokens {

    private static final SecureRandom RANDOM = new SecureRandom();
    /** 128 bits as lower-case hex: survives mail systems that change case or fold lines. */
    private static final Pattern IN_SUBJECT = Pattern.compile("#([0-9a-fA-F]{32})(?![0-9a-fA-F])");

    private ReplyTokens() {}

    /** A fresh token: 128 random bits. */
    public static String newToken() {
        var bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    /** The subject tag that outgoing mails about an incident carry. */
    public static String subjectTag(String reference, String token) {
        return "[%s #%s]".formatted(reference, token);
    }

    /** The token a subject carries, lower-cased, if any. */
    public static Optional<String> in(String subject) {
        var matcher = IN_SUBJECT.matcher(subject);
        return matcher.find() ? Optional.of(matcher.group(1).toLowerCase(java.util.Locale.ROOT)) : Optional.empty();
    }
}
