package org.opencirt.playbook.notify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.mailer.Mail;
import io.quarkus.mailer.Mailer;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.opencirt.common.Mailboxes;
import org.opencirt.common.SecretReferences;
import org.opencirt.feed.fetch.DestinationGuard;
import org.opencirt.feed.fetch.FetchException;
import org.opencirt.playbook.PlaybookConfig;

/**
 * The one way playbooks reach outside: e-mail through the mailer (SMTP), and webhooks.
 *
 * <p>A webhook is a POST of JSON with {@code X-OpenCIRT-Timestamp} (epoch seconds) and
 * {@code X-OpenCIRT-Signature: sha256=<hex>}, the HMAC-SHA256 of {@code timestamp + "." + body}
 * under the secret the playbook names ({@code env:NAME}); the receiver recomputes it and refuses
 * old timestamps. Destinations are checked like feed URLs (no loopback, private or link-local
 * address unless allow-listed), redirects are not followed, and a slow receiver times out.
 */
@ApplicationScoped
public class Notifier {

    /** Header carrying the signature. */
    public static final String SIGNATURE = "X-OpenCIRT-Signature";
    /** Header carrying the time the signature covers. */
    public static final String TIMESTAMP = "X-OpenCIRT-Timestamp";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Mailer mailer;
    private final PlaybookConfig config;
    private final DestinationGuard guard;
    private final HttpClient http;

    Notifier(Mailer mailer, PlaybookConfig config) {
        this.mailer = mailer;
        this.config = config;
        this.guard = DestinationGuard.allowing(config.webhookAllowedPrivateHosts().orElse(Set.of()));
        this.http = HttpClient.newBuilder().connectTimeout(config.webhookTimeout()).followRedirects(HttpClient.Redirect.NEVER).build();
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
        var valid = to.stream().filter(Mailboxes::valid).distinct().limit(config.emailMaxRecipients()).toList();
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
     * @param secretRef {@code env:NAME}
     * @return the receiver's status
     * @throws NotificationFailed when the secret is missing, the destination refused, or the call fails
     */
    public int webhook(String url, String secretRef, Map<String, Object> payload) {
        var secret = secret(secretRef);
        URI uri;
        try {
            uri = URI.create(url);
            guard.check(uri);
        } catch (IllegalArgumentException | FetchException e) {
            throw new NotificationFailed("webhook destination refused: " + e.getMessage());
        }
        byte[] body;
        try {
            body = JSON.writeValueAsBytes(payload);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        var timestamp = Long.toString(Instant.now().getEpochSecond());
        var request = HttpRequest.newBuilder(uri).timeout(config.webhookTimeout())
                .header("Content-Type", "application/json")
                .header(TIMESTAMP, timestamp)
                .header(SIGNATURE, "sha256=" + sign(secret, timestamp, body))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        try {
            var status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
            if (status >= 300) {
                throw new NotificationFailed("webhook answered " + status);
            }
            return status;
        } catch (IOException e) {
            throw new NotificationFailed("webhook unreachable: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NotificationFailed("interrupted");
        }
    }

    /** The hex HMAC-SHA256 of {@code timestamp + "." + body}: what a receiver recomputes. */
    public static String sign(byte[] secret, String timestamp, byte[] body) {
        try {
            var mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            mac.update((timestamp + ".").getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] secret(String reference) {
        try {
            return SecretReferences.resolve(reference).getBytes(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new NotificationFailed("webhook secret: " + e.getMessage());
        }
    }
}
