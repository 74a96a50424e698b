package org.opencirt.incident;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.mail.MessagingException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.opencirt.testing.Api;
import org.opencirt.testing.Tokens;

/**
 * An acknowledgement that the SMTP relay turns away ("421 try again later") is sent again once the
 * relay accepts mail: the reporter still gets the reply tag. The relay that refuses is a few lines
 * of SMTP here, since GreenMail cannot be told to refuse; the one that accepts is GreenMail.
 */
@QuarkusTest
class EmailAcknowledgementRetryTest {

    private static final int PORT = Integer.parseInt(System.getenv().getOrDefault("OPENCIRT_TEST_SMTP_PORT", "3025"));

    @Test
    void anAcknowledgementTurnedAwayByTheRelayIsSentWhenTheRelayTakesMailAgain() throws Exception {
        var sender =
                "retry-%s@bank.example".formatted(UUID.randomUUID().toString().substring(0, 8));
        var turnedAway = new CountDownLatch(1);
        var relay = new GreenMail(new ServerSetup(PORT, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        try (var busy = new BusyRelay(sender, turnedAway)) {
            var raw = """
                    From: %s
                    To: cert@cert-ab.example.org
                    Subject: Fake invoice
                    Message-ID: <%s@sender.example>
                    Content-Type: text/plain; charset=utf-8

                    An invoice from hxxps://invoice-portal[.]example
                    """.formatted(sender, UUID.randomUUID()).replace("\n", "\r\n");
            Api.as(Tokens.user("ab-analyst"))
                    .contentType("message/rfc822")
                    .body(raw.getBytes(StandardCharsets.UTF_8))
                    .post("/api/v1/intake/email")
                    .then()
                    .statusCode(201);
            assertThat(turnedAway.await(90, TimeUnit.SECONDS))
                    .as("the relay was asked to take the acknowledgement (it saw %s)", busy.seen)
                    .isTrue();
        }
        relay.start();
        try {
            await().atMost(Duration.ofSeconds(90)).until(() -> received(relay, sender));
        } finally {
            relay.stop();
        }
    }

    private static boolean received(GreenMail relay, String to) throws MessagingException {
        for (var m : relay.getReceivedMessages()) {
            if (Arrays.stream(m.getAllRecipients()).anyMatch(r -> r.toString().equals(to))) {
                return true;
            }
        }
        return false;
    }

    /**
     * An SMTP relay that answers every message with "421 try again later", and says when it turned
     * {@code watched} away. Each client gets a platform thread of its own: another test's send
     * still being retried, or a busy virtual-thread scheduler, cannot keep the watched one waiting.
     */
    private static final class BusyRelay implements AutoCloseable {
        private final ServerSocket socket;
        private final Thread acceptor;
        /** What the relay saw, for the failure message: each client's RCPT lines, or how it ended. */
        final List<String> seen = new CopyOnWriteArrayList<>();

        BusyRelay(String watched, CountDownLatch turnedAway) throws IOException {
            socket = new ServerSocket();
            socket.setReuseAddress(true);
            socket.bind(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), PORT));
            acceptor = Thread.ofPlatform().daemon().name("busy-relay").start(() -> {
                while (!socket.isClosed()) {
                    try {
                        var client = socket.accept();
                        Thread.ofPlatform().daemon().name("busy-relay-client").start(() -> {
                            try (client) {
                                seen.add(converse(client, watched, turnedAway));
                            } catch (IOException e) {
                                seen.add("a client that went away: " + e.getMessage());
                            }
                        });
                    } catch (IOException e) {
                        // closed: the loop ends
                    }
                }
            });
        }

        private static String converse(Socket client, String watched, CountDownLatch turnedAway) throws IOException {
            client.setSoTimeout(10_000);
            var in = new BufferedReader(new InputStreamReader(client.getInputStream(), StandardCharsets.US_ASCII));
            Writer out = new OutputStreamWriter(client.getOutputStream(), StandardCharsets.US_ASCII);
            say(out, "220 busy.example ESMTP");
            for (var line = in.readLine(); line != null; line = in.readLine()) {
                var command = line.toUpperCase(Locale.ROOT);
                if (command.startsWith("EHLO") || command.startsWith("HELO") || command.startsWith("MAIL")) {
                    say(out, "250 OK");
                } else {
                    if (command.startsWith("RCPT") && line.contains(watched)) {
                        turnedAway.countDown();
                    }
                    say(out, "421 4.3.2 Busy, try again later");
                    return line;
                }
            }
            return "a client that hung up";
        }

        private static void say(Writer out, String reply) throws IOException {
            out.write(reply + "\r\n");
            out.flush();
        }

        @Override
        public void close() throws Exception {
            socket.close();
            acceptor.join(Duration.ofSeconds(30));
        }
    }
}
