package org.opencirt.notification.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.opencirt.notification.mail.PgpMimeFixtures.NOW;
import static org.opencirt.notification.mail.PgpMimeFixtures.assertGoodGpgSignature;
import static org.opencirt.notification.mail.PgpMimeFixtures.letter;
import static org.opencirt.notification.mail.PgpMimeFixtures.signedParts;
import static org.opencirt.notification.mail.PgpMimeFixtures.signer;
import static org.opencirt.notification.mail.PgpMimeFixtures.verifyWithBouncyCastle;
import static org.opencirt.notification.mail.PgpMimeFixtures.verifyWithGpg;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.Folder;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.opencirt.advisory.signing.OpenPgp;
import org.opencirt.common.crypto.RecipientKey;

/**
 * The signature survives real transport: the message goes to an SMTP server (GreenMail, on free loopback ports) with
 * Jakarta Mail's Transport, comes back over IMAP, and what came back verifies.
 */
class PgpMimeSmtpRoundTripTest {

    @RegisterExtension
    static final GreenMailExtension MAIL = new GreenMailExtension(new ServerSetup[] {
                new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP),
                new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_IMAP)
            })
            .withConfiguration(com.icegreen.greenmail.configuration.GreenMailConfiguration.aConfig()
                    .withUser("abuse@isp.example", "abuse", "secret"));

    private Session smtpSession() {
        var properties = new Properties();
        properties.setProperty("mail.smtp.host", "127.0.0.1");
        properties.setProperty("mail.smtp.port", Integer.toString(MAIL.getSmtp().getPort()));
        return Session.getInstance(properties);
    }

    /** The one message in the contact's inbox, as IMAP serves it (BODY[]): its raw bytes. */
    private byte[] fetchOverImap() throws Exception {
        var properties = new Properties();
        properties.setProperty("mail.imap.host", "127.0.0.1");
        properties.setProperty("mail.imap.port", Integer.toString(MAIL.getImap().getPort()));
        var store = Session.getInstance(properties).getStore("imap");
        store.connect("abuse", "secret");
        try {
            var inbox = store.getFolder("INBOX");
            inbox.open(Folder.READ_ONLY);
            assertThat(inbox.getMessageCount()).isEqualTo(1);
            var out = new ByteArrayOutputStream();
            inbox.getMessage(1).writeTo(out);
            inbox.close(false);
            return out.toByteArray();
        } finally {
            store.close();
        }
    }

    @Test
    void signedMessageBytesSentOverSmtpAndFetchedOverImapStillVerify() throws Exception {
        var session = smtpSession();
        var sent = PgpMime.bytes(PgpMime.build(session, letter(), signer(), null, "cert.example", NOW));
        var message = new MimeMessage(session, new ByteArrayInputStream(sent));

        // the message as it was read: Transport.send would save changes and give it another Message-ID
        try (var transport = session.getTransport("smtp")) {
            transport.connect();
            transport.sendMessage(message, message.getAllRecipients());
        }
        var received = fetchOverImap();

        var parts = signedParts(received);
        assertThat(parts.content()).isEqualTo(signedParts(sent).content());
        var verification = verifyWithBouncyCastle(parts);
        assertThat(verification.valid()).as(verification.reason()).isTrue();
        assertGoodGpgSignature(verifyWithGpg(parts));
        assertThat(new MimeMessage(session, new ByteArrayInputStream(received)).getMessageID())
                .isEqualTo(message.getMessageID());
    }

    @Test
    void anEncryptedMessageSentWithTransportSendArrivesDecryptableAndItsSignatureVerifies() throws Exception {
        var session = smtpSession();
        var contact = RecipientKey.read(PgpMimeFixtures.armor(OpenPgp.publicRing(PgpMimeFixtures.contact())), NOW);
        var message = PgpMime.build(session, letter(), signer(), contact.encryptionKey(), "cert.example", NOW);
        var messageId = message.getMessageID();

        Transport.send(message);
        var received = fetchOverImap();

        assertThat(new MimeMessage(session, new ByteArrayInputStream(received)).getMessageID())
                .isEqualTo(messageId);
        var decrypted = PgpMimeEncryptedTest.decryptWithGpg(PgpMimeEncryptedTest.encryptedPayload(received));
        assertThat(decrypted.result().exitCode())
                .as(decrypted.result().stderr())
                .isZero();
        var inner = signedParts(decrypted.plaintext());
        assertThat(verifyWithBouncyCastle(inner).valid()).isTrue();
        assertGoodGpgSignature(verifyWithGpg(inner));
    }
}
