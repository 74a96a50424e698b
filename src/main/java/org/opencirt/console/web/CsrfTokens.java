package org.opencirt.console.web;

import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import org.opencirt.common.crypto.Digests;

/**
 * CSRF tokens of console forms: an HMAC of the login session's id under a server key (OWASP's HMAC-based
 * synchronizer token). Nothing is stored, every replica with the same key agrees, and a page of another
 * origin can neither read nor compute the token of the analyst's session.
 */
@ApplicationScoped
public class CsrfTokens {

    /** The form field (and, for scripts, the header {@code X-CSRF-Token}) that carries the token. */
    public static final String FIELD = "_csrf";

    public static final String HEADER = "X-CSRF-Token";

    private final byte[] key;

    CsrfTokens(ConsoleConfig config) {
        this.key = config.csrfKey().getBytes(StandardCharsets.UTF_8);
    }

    /** The token of a login session. */
    public String tokenFor(String sessionId) {
        var digest = Digests.hmacSha256(key, ("opencirt-console-csrf|" + sessionId).getBytes(StandardCharsets.UTF_8));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
    }

    /** True when the presented token is the session's, compared in constant time. */
    public boolean matches(String sessionId, String presented) {
        if (presented == null || presented.isEmpty()) {
            return false;
        }
        return MessageDigest.isEqual(
                tokenFor(sessionId).getBytes(StandardCharsets.US_ASCII), presented.getBytes(StandardCharsets.US_ASCII));
    }
}
