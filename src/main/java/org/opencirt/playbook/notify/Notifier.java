package org.opencirt.playbook.notify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.mailer.Mail;
import io.quarkus.mailer.Mailer;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.opencirt.common.Mailboxes;
import org.opencirt.common.crypto.Digests;
import org.opencirt.common.outbound.FetchErrors;
import org.opencirt.common.outbound.FetchException;
import org.opencirt.common.outbound.OutboundHttp;
import org.opencirt.playbook.PlaybookConfig;
import org.opencirt.secret.SecretReferences;
import org.opencirt.secret.SecretUnavailable;

/**
 * The one way playbooks reach outside: e-mail through the mailer (SMTP), and webhooks.
 *
 * <p>A webhook is a POST of JSON with {@code X-OpenCIRT-Timestamp} (epoch seconds) and
 * {@code X-OpenCIRT-Signature: sha256=<hex>}, the HMAC-SHA256 of {@code timestamp + "." + body}
 * under the secret the playbook names ({@code secret:NAME} of the CIRT; a shipped playbook
 * {@code env:NAME} or {@code file:/path}); the receiver recomputes it and refuses old timestamps.
 * Destinations are checked like feed URLs (no loopback, private or link-local address unless that
 * host:port is allow-listed; the connection goes to the address checked), redirects are not
 * followed, and a slow receiver times out. A failure is told by its kind (status, refusal,
 * timeout), never by a lower-level message. Created at start-up, so a bad allow-list entry stops
 * the service there.
 */
@Startup
@ApplicationScoped
public class Notifier {

    /** Header carrying the signature. */
    public static final String SIGNATURE = "X-OpenCIRT-Signature";
    /** Header carrying the time the signature covers. */
    public static final String TIMESTAMP = "X-OpenCIRT-Timestamp";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Mailer mailer;
    private final PlaybookConfig config;
    private final OutboundHttp http;
    private final SecretReferences secrets;
    private final Clock clock;

    Notifier(Mailer mailer, PlaybookConfig config, SecretReferences secrets, Clock clock) {
        this.mailer = mailer;
        this.secrets = secrets;
        this.config = config;
        this.clock = clock;
        this.http =
                OutboundHttp.allowing(config.webhookAllowedPrivateHosts().orElse(Set.of()), config.webhookTimeout());
    }

    /** A notification that could not be sent, with the reason. */
    public static final class NotificationFailed extends RuntimeException {
        public NotificationFailed(String message) {
            super(message);
        }
    }

    /**
     * Sends a plain-text e-mail to each address (one message each, so no one sees the others), to
     * {@code opencirt.playbooks.email-max-recipients} at most. An address that is not one plain
     * mailbox (a directory entry can be anything) is skipped, never handed to SMTP.
     *
     * @throws NotificationFailed when no address is left to send to
     */
    public void email(List<String> to, String subject, String body) {
        var valid = to.stream()
                .filter(Mailboxes::valid)
                .distinct()
                .limit(config.emailMaxRecipients())
                .toList();
        if (valid.isEmpty() && !to.isEmpty()) {
            throw new NotificationFailed("no valid recipient among %d address(es)".formatted(to.size()));
        }
        for (var address : valid) {
            mailer.send(Mail.withText(address, subject, body));
        }
    }

    /**
     * Posts a JSON body to a webhook, signed.
     *
     * @param secretRef the playbook's secret reference
     * @param origin    who wrote the playbook: the platform (a shipped file) or the CIRT
     * @return the receiver's status
     * @throws NotificationFailed when the secret is missing, the destination refused, or the call fails
     */
    public int webhook(String url, String secretRef, SecretReferences.Origin origin, Map<String, Object> payload) {
        byte[] secret;
        try {
            secret = secrets.resolve(secretRef, origin).getBytes(StandardCharsets.UTF_8);
        } catch (SecretUnavailable e) {
            throw new NotificationFailed("webhook secret (%s): %s".formatted(e.code(), e.getMessage()));
        }
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new NotificationFailed("webhook URL is not valid");
        }
        byte[] body;
        try {
            body = JSON.writeValueAsBytes(payload);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        var timestamp = Long.toString(clock.instant().getEpochSecond());
        int status;
        try {
            status = http.postJson(
                    uri, Map.of(TIMESTAMP, timestamp, SIGNATURE, "sha256=" + sign(secret, timestamp, body)), body);
        } catch (FetchException e) {
            throw new NotificationFailed(switch (e.reason()) {
                        case BAD_URL, BLOCKED_DESTINATION -> "webhook destination refused: ";
                        default -> "webhook unreachable: ";
                    }
                    + FetchErrors.describe(e, null).message());
        }
        if (status >= 300) {
            throw new NotificationFailed("webhook answered " + status);
        }
        return status;
    }

    /** The hex HMAC-SHA256 of {@code timestamp + "." + body}: what a receiver recomputes. */
    public static String sign(byte[] secret, String timestamp, byte[] body) {
        return HexFormat.of()
                .formatHex(Digests.hmacSha256(secret, (timestamp + ".").getBytes(StandardCharsets.UTF_8), body));
    }
}
