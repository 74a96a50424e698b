package org.opencirt.console.web;

import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

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

    private final SecretKeySpec key;

    CsrfTokens(ConsoleConfig config) {
        this.key = new SecretKeySpec(config.csrfKey().getBytes(StandardCharsets.UTF_8), "HmacSHA256");
    }

    /** The token of a login session. */
    public String tokenFor(String sessionId) {
        try {
            var mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            var digest = mac.doFinal(("opencirt-console-csrf|" + sessionId).getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** True when the presented token is the session's, compared in constant time. */
    public boolean matches(String sessionId, String presented) {
        if (presented == null || presented.isEmpty()) {
            return false;
        }
        return MessageDigest.isEqual(tokenFor(sessionId).getBytes(StandardCharsets.US_ASCII),
                presented.getBytes(StandardCharsets.US_ASCII));
    }
}
