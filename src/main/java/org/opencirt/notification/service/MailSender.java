package org.opencirt.notification.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.Optional;
import java.util.Properties;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Sends finished messages over SMTP, byte for byte: a PGP/MIME message must leave exactly as it was
 * signed, which the Quarkus mailer (it builds its own MIME) cannot promise. It reads the mailer's
 * settings ({@code quarkus.mailer.*}), so one configuration serves both.
 */
@ApplicationScoped
public class MailSender {

    private static final Logger LOG = Logger.getLogger(MailSender.class);

    private final Session session;
    private final boolean mock;
    private final Optional<String> username;
    private final Optional<String> password;

    MailSender(
            @ConfigProperty(name = "quarkus.mailer.host") String host,
            @ConfigProperty(name = "quarkus.mailer.port") int port,
            @ConfigProperty(name = "quarkus.mailer.mock", defaultValue = "false") boolean mock,
            @ConfigProperty(name = "quarkus.mailer.username") Optional<String> username,
            @ConfigProperty(name = "quarkus.mailer.password") Optional<String> password,
            @ConfigProperty(name = "quarkus.mailer.start-tls", defaultValue = "OPTIONAL") String startTls,
            @ConfigProperty(name = "quarkus.mailer.timeout", defaultValue = "15S") Duration timeout) {
        var properties = new Properties();
        properties.put("mail.transport.protocol", "smtp");
        properties.put("mail.smtp.host", host);
        properties.put("mail.smtp.port", String.valueOf(port));
        properties.put("mail.smtp.connectiontimeout", String.valueOf(timeout.toMillis()));
        properties.put("mail.smtp.timeout", String.valueOf(timeout.toMillis()));
        properties.put("mail.smtp.writetimeout", String.valueOf(timeout.toMillis()));
        properties.put("mail.smtp.starttls.enable", String.valueOf(!"DISABLED".equalsIgnoreCase(startTls)));
        properties.put("mail.smtp.starttls.required", String.valueOf("REQUIRED".equalsIgnoreCase(startTls)));
        properties.put("mail.smtp.auth", String.valueOf(username.isPresent()));
        this.session = Session.getInstance(properties);
        this.mock = mock;
        this.username = username;
        this.password = password;
    }

    /** The session messages are built in (its properties name the SMTP server). */
    public Session session() {
        return session;
    }

    /**
     * Sends the message to its recipients as it is.
     *
     * @throws MessagingException when the server refuses it or cannot be reached
     */
    public void send(MimeMessage message) throws MessagingException {
        if (mock) {
            LOG.infof(
                    "mailer mock: a notification to %s is not sent",
                    java.util.Arrays.toString(message.getAllRecipients()));
            return;
        }
        try (var transport = session.getTransport("smtp")) {
            transport.connect(username.orElse(null), password.orElse(null));
            transport.sendMessage(message, message.getAllRecipients());
        }
    }
}
