package org.opencirt.notification.mail;

import jakarta.activation.DataHandler;
import jakarta.activation.DataSource;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.ContentType;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.ParseException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Pattern;
import org.bouncycastle.bcpg.ArmoredOutputStream;
import org.bouncycastle.bcpg.HashAlgorithmTags;
import org.bouncycastle.bcpg.SymmetricKeyAlgorithmTags;
import org.bouncycastle.openpgp.PGPEncryptedDataGenerator;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPLiteralData;
import org.bouncycastle.openpgp.PGPLiteralDataGenerator;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPSecretKeyRing;
import org.bouncycastle.openpgp.operator.bc.BcPGPDataEncryptorBuilder;
import org.bouncycastle.openpgp.operator.bc.BcPublicKeyKeyEncryptionMethodGenerator;
import org.opencirt.advisory.signing.OpenPgp;

/**
 * A notification e-mail as PGP/MIME (RFC 3156): signed with the CIRT's OpenPGP key, and encrypted too when the
 * contact has a key. It only builds the message; sending is someone else's.
 *
 * <h2>Signed (RFC 3156 section 5)</h2>
 *
 * {@code multipart/signed; micalg=pgp-sha512; protocol="application/pgp-signature"}: the first part is the content, a
 * {@code multipart/mixed} of the text (UTF-8, quoted-printable) and the attachments (base64); the second is the
 * detached, ASCII-armored OpenPGP signature of that first part (binary document, SHA-512, as the CIRT signs its
 * advisories: {@link OpenPgp#signDetached}).
 *
 * <p>The signature covers the exact bytes of the first part, headers included, as they travel. Jakarta Mail
 * re-encodes and re-folds the parts of a message it builds, which breaks such signatures, so every byte inside the
 * top-level body is written here, not by Jakarta Mail: the content part in its transfer form (CRLF line ends, lines
 * of at most 76 characters, 7-bit: quoted-printable that also encodes trailing blanks, a {@code From } or a dot at the
 * start of a line, which mail servers are known to change; base64 for attachments), then the signature over those
 * bytes, then the multipart body around them. The message's body is that block of bytes, given to Jakarta Mail as a
 * data source of its own type that it copies as it is ({@link MimeMessage#saveChanges()}, which {@code
 * Transport.send} calls, leaves it alone). The top-level headers (From, To, Subject, Date) are not signed, as in any
 * RFC 3156 message.
 *
 * <h2>Signed and encrypted (RFC 3156 section 6.1)</h2>
 *
 * The signed {@code multipart/signed} entity above, headers included, is encrypted as a whole:
 * {@code multipart/encrypted; protocol="application/pgp-encrypted"}, a first part {@code application/pgp-encrypted}
 * holding {@code Version: 1}, and a second part {@code application/octet-stream} holding the ASCII-armored OpenPGP
 * message (AES-256, with the integrity packet (SEIPD v1, which GnuPG 2.2 and every PGP/MIME client read), one
 * public-key session key for the contact's key, no compression). Sign-then-encrypt (6.1) rather than the combined form
 * (6.2): once decrypted the message is an ordinary signed message, which the contact's client verifies (and keeps,
 * or forwards to its abuse desk's tooling) with the same code as an unencrypted notification, and whose signature
 * still holds after it is stored decrypted; the combined form's signature lives in the encrypted packet stream only,
 * and is lost once the message is decrypted and stored.
 */
public final class PgpMime {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final byte[] CRLF = {'\r', '\n'};
    private static final int MAX_FILENAME_CHARS = 64;
    private static final Pattern DOMAIN =
            Pattern.compile("(?i)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*");
    private static final Pattern HEADER_NAME = Pattern.compile("[!-9;-~]{1,76}");
    private static final Set<String> RESERVED_HEADERS =
            Set.of("from", "to", "cc", "bcc", "subject", "date", "message-id", "mime-version", "sender");
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("EEE, d MMM yyyy HH:mm:ss Z", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    /** The media type of the signature part, and the multipart/signed protocol. */
    public static final String SIGNATURE_TYPE = "application/pgp-signature";

    /** The multipart/encrypted protocol. */
    public static final String ENCRYPTED_TYPE = "application/pgp-encrypted";

    private PgpMime() {}

    /** A file attached to the message: a name (at most 64 characters, no path), a media type, and its bytes. */
    public record Attachment(String filename, String contentType, byte[] content) {}

    /** A header of the message's own, such as {@code X-OpenCIRT-Reference} or {@code Auto-Submitted}. */
    public record Header(String name, String value) {}

    /**
     * What the message says.
     *
     * @param from the CIRT's address
     * @param to the contact's one address
     * @param headers extra top-level headers; not the ones this class writes (From, To, Cc, Bcc, Subject, Date,
     *     Message-ID, MIME-Version, Sender, Content-*), values in printable ASCII
     * @param text the body, plain text (any line ends)
     */
    public record Letter(
            InternetAddress from,
            InternetAddress to,
            String subject,
            List<Header> headers,
            String text,
            List<Attachment> attachments) {}

    /**
     * The CIRT's signing key, as a function: the service signs with the CIRT's active key without handing its
     * private key out.
     */
    public interface Signer {

        /** The ASCII-armored detached signature of exactly {@code content}, made at {@code at}. */
        String sign(byte[] content, Instant at);

        /** The hash of its signatures as RFC 3156's {@code micalg} names it: {@code pgp-sha512}. */
        String micalg();

        /** The ring's newest key that may sign at {@code now} (an unprotected ring), with SHA-512. */
        static Signer of(PGPSecretKeyRing ring, Instant now) {
            var secret = OpenPgp.signingSecretKey(ring, now)
                    .orElseThrow(() -> new IllegalStateException("the key has no valid signing key"));
            var privateKey = OpenPgp.signingKey(ring, now);
            var publicKey = secret.getPublicKey();
            return new Signer() {
                @Override
                public String sign(byte[] content, Instant at) {
                    return OpenPgp.signDetached(content, privateKey, publicKey, HashAlgorithmTags.SHA512, at);
                }

                @Override
                public String micalg() {
                    return "pgp-sha512";
                }
            };
        }
    }

    /**
     * Builds the message: signed, and encrypted to {@code recipient} when it is not null.
     *
     * @param session the Jakarta Mail session it will be sent with (its properties name the SMTP server); null for a
     *     session of no properties
     * @param messageIdDomain the right-hand side of the Message-ID (the CIRT's mail domain)
     * @param date the Date header and the signature's time
     * @throws IllegalArgumentException when a header, attachment or the domain is not acceptable
     */
    public static MimeMessage build(
            Session session,
            Letter letter,
            Signer signer,
            PGPPublicKey recipient,
            String messageIdDomain,
            Instant date) {
        Objects.requireNonNull(letter, "letter");
        Objects.requireNonNull(signer, "signer");
        Objects.requireNonNull(date, "date");
        if (letter.from() == null || letter.to() == null || letter.subject() == null) {
            throw new IllegalArgumentException("the message needs a sender, a recipient and a subject");
        }
        if (letter.from().isGroup() || letter.to().isGroup()) {
            throw new IllegalArgumentException("the sender and the recipient must each be one mailbox, not a group");
        }
        if (messageIdDomain == null || !DOMAIN.matcher(messageIdDomain).matches()) {
            throw new IllegalArgumentException("the Message-ID domain is not a domain name");
        }
        var signed = signedEntity(letter, signer, date);
        var body = recipient == null ? signed : encryptedEntity(signed.whole(), recipient, date);
        var messageId =
                "<" + HexFormat.of().formatHex(randomBytes(16)) + "@" + messageIdDomain.toLowerCase(Locale.ROOT) + ">";
        try {
            var message =
                    new PreparedMessage(session == null ? Session.getInstance(new Properties()) : session, messageId);
            message.setFrom(letter.from());
            message.setRecipient(Message.RecipientType.TO, letter.to());
            message.setSubject(letter.subject(), "UTF-8");
            message.setHeader("Date", DATE.format(date));
            for (var header : letter.headers() == null ? List.<Header>of() : letter.headers()) {
                checkHeader(header);
                message.addHeader(header.name(), header.value());
            }
            message.setDataHandler(new DataHandler(new BytesDataSource(body.body(), body.contentType())));
            message.saveChanges();
            return message;
        } catch (MessagingException e) {
            throw new IllegalArgumentException("the message cannot be built: " + e.getMessage(), e);
        }
    }

    /** The message as it goes over SMTP (CRLF line ends). */
    public static byte[] bytes(MimeMessage message) {
        try {
            var out = new ByteArrayOutputStream();
            message.writeTo(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (MessagingException e) {
            throw new IllegalStateException("the message cannot be written", e);
        }
    }

    /** A MIME entity's Content-Type and body, in transfer form. */
    record Entity(String contentType, byte[] body) {
        /** The entity with its Content-Type header: what is signed, or encrypted. */
        byte[] whole() {
            var out = new ByteArrayOutputStream();
            out.writeBytes(("Content-Type: " + contentType).getBytes(StandardCharsets.US_ASCII));
            out.writeBytes(CRLF);
            out.writeBytes(CRLF);
            out.writeBytes(body);
            return out.toByteArray();
        }
    }

    /** The multipart/signed entity: the content part, and the signature of its exact bytes. */
    static Entity signedEntity(Letter letter, Signer signer, Instant date) {
        var content = contentPart(letter);
        var signature = signer.sign(content, date);
        if (!signer.micalg().matches("pgp-[a-z0-9]{3,12}")) {
            throw new IllegalArgumentException("not a micalg of RFC 3156");
        }
        var boundary = boundary();
        var out = new ByteArrayOutputStream();
        ascii(out, "This is an OpenPGP/MIME signed message (RFC 4880 and 3156)\r\n");
        ascii(out, "--" + boundary + "\r\n");
        out.writeBytes(content);
        ascii(out, "\r\n--" + boundary + "\r\n");
        ascii(out, "Content-Type: application/pgp-signature; name=\"signature.asc\"\r\n");
        ascii(out, "Content-Description: OpenPGP digital signature\r\n");
        ascii(out, "Content-Disposition: attachment; filename=\"signature.asc\"\r\n\r\n");
        ascii(out, crlf(signature).stripTrailing());
        ascii(out, "\r\n--" + boundary + "--\r\n");
        return new Entity(
                "multipart/signed; micalg=" + signer.micalg() + ";\r\n protocol=\"" + SIGNATURE_TYPE
                        + "\";\r\n boundary=\"" + boundary + "\"",
                out.toByteArray());
    }

    /** The multipart/mixed content part, headers included, in transfer form: the bytes that are signed. */
    static byte[] contentPart(Letter letter) {
        var boundary = boundary();
        var out = new ByteArrayOutputStream();
        ascii(out, "Content-Type: multipart/mixed;\r\n boundary=\"" + boundary + "\"\r\n\r\n");
        ascii(out, "--" + boundary + "\r\n");
        ascii(out, "Content-Type: text/plain; charset=utf-8\r\n");
        ascii(out, "Content-Transfer-Encoding: quoted-printable\r\n\r\n");
        out.writeBytes(QuotedPrintable.encode(letter.text() == null ? "" : letter.text()));
        for (var attachment : letter.attachments() == null ? List.<Attachment>of() : letter.attachments()) {
            var name = filenameParameter(attachment.filename());
            ascii(out, "\r\n--" + boundary + "\r\n");
            ascii(out, "Content-Type: " + contentType(attachment.contentType()) + ";\r\n " + "name" + name + "\r\n");
            ascii(out, "Content-Transfer-Encoding: base64\r\n");
            ascii(out, "Content-Disposition: attachment;\r\n filename" + name + "\r\n\r\n");
            var encoded = Base64.getMimeEncoder(76, CRLF).encode(attachment.content());
            out.writeBytes(encoded);
        }
        ascii(out, "\r\n--" + boundary + "--");
        return out.toByteArray();
    }

    /** The multipart/encrypted entity around an OpenPGP message of {@code plaintext} to the recipient. */
    static Entity encryptedEntity(byte[] plaintext, PGPPublicKey recipient, Instant date) {
        if (!recipient.isEncryptionKey()) {
            throw new IllegalArgumentException("the recipient's key may not encrypt (read it with RecipientKey.read)");
        }
        var boundary = boundary();
        var out = new ByteArrayOutputStream();
        ascii(out, "This is an OpenPGP/MIME encrypted message (RFC 4880 and 3156)\r\n");
        ascii(out, "--" + boundary + "\r\n");
        ascii(out, "Content-Type: application/pgp-encrypted\r\n");
        ascii(out, "Content-Description: PGP/MIME version identification\r\n\r\n");
        ascii(out, "Version: 1\r\n");
        ascii(out, "\r\n--" + boundary + "\r\n");
        ascii(out, "Content-Type: application/octet-stream; name=\"encrypted.asc\"\r\n");
        ascii(out, "Content-Description: OpenPGP encrypted message\r\n");
        ascii(out, "Content-Disposition: inline; filename=\"encrypted.asc\"\r\n\r\n");
        ascii(out, crlf(encrypt(plaintext, recipient, date)).stripTrailing());
        ascii(out, "\r\n--" + boundary + "--\r\n");
        return new Entity(
                "multipart/encrypted;\r\n protocol=\"" + ENCRYPTED_TYPE + "\";\r\n boundary=\"" + boundary + "\"",
                out.toByteArray());
    }

    /** An ASCII-armored OpenPGP message: AES-256 with the integrity packet, one literal packet, no compression. */
    static String encrypt(byte[] plaintext, PGPPublicKey recipient, Instant date) {
        var generator = new PGPEncryptedDataGenerator(new BcPGPDataEncryptorBuilder(SymmetricKeyAlgorithmTags.AES_256)
                .setWithIntegrityPacket(true)
                .setSecureRandom(RANDOM));
        generator.addMethod(new BcPublicKeyKeyEncryptionMethodGenerator(recipient));
        var out = new ByteArrayOutputStream();
        try (var armored = ArmoredOutputStream.builder().clearHeaders().build(out);
                var encrypted = generator.open(armored, new byte[1 << 16]);
                var literal = new PGPLiteralDataGenerator()
                        .open(encrypted, PGPLiteralData.BINARY, "", plaintext.length, Date.from(date))) {
            literal.write(plaintext);
        } catch (IOException | PGPException e) {
            throw new IllegalStateException("OpenPGP encryption failed", e);
        }
        return out.toString(StandardCharsets.US_ASCII);
    }

    private static void checkHeader(Header header) {
        var name = header.name() == null ? "" : header.name();
        if (!HEADER_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("a header name must be printable ASCII without a colon");
        }
        var lower = name.toLowerCase(Locale.ROOT);
        if (RESERVED_HEADERS.contains(lower) || lower.startsWith("content-")) {
            throw new IllegalArgumentException("the header %s is written by the message itself".formatted(name));
        }
        var value = header.value() == null ? "" : header.value();
        if (value.length() > 900 || !value.chars().allMatch(c -> c == '\t' || (c >= ' ' && c <= '~'))) {
            throw new IllegalArgumentException(
                    "the value of the header %s must be printable ASCII on one line".formatted(name));
        }
    }

    /** The attachment's media type, checked: a type/subtype with parameters, printable ASCII. */
    private static String contentType(String contentType) {
        if (contentType == null
                || contentType.length() > 200
                || !contentType.chars().allMatch(c -> c >= ' ' && c <= '~')) {
            throw new IllegalArgumentException("an attachment's content type must be printable ASCII on one line");
        }
        try {
            var parsed = new ContentType(contentType);
            if (parsed.getParameter("name") != null || parsed.match("multipart/*") || parsed.match("message/*")) {
                throw new IllegalArgumentException("an attachment's content type must be a single part, without name");
            }
        } catch (ParseException e) {
            throw new IllegalArgumentException("an attachment's content type is not a media type");
        }
        return contentType.strip();
    }

    /**
     * The {@code ="..."} (or RFC 2231 {@code *=utf-8''...}) part of a name or filename parameter: quoted when the name is
     * printable ASCII, percent-encoded UTF-8 otherwise.
     */
    static String filenameParameter(String filename) {
        if (filename == null
                || filename.isBlank()
                || filename.codePointCount(0, filename.length()) > MAX_FILENAME_CHARS
                || filename.chars().anyMatch(c -> c < ' ' || c == 0x7f || c == '/' || c == '\\')) {
            throw new IllegalArgumentException(
                    "an attachment's name must be 1 to %d characters, no path, no control characters"
                            .formatted(MAX_FILENAME_CHARS));
        }
        if (filename.chars().allMatch(c -> c >= ' ' && c <= '~')) {
            return "=\"" + filename.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
        }
        var encoded = new StringBuilder("*=utf-8''");
        for (var b : filename.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'a' && c <= 'z')
                    || (c >= 'A' && c <= 'Z')
                    || (c >= '0' && c <= '9')
                    || "!#$&+-.^_`|~".indexOf(c) >= 0) {
                encoded.append((char) c);
            } else {
                encoded.append('%').append(HexFormat.of().withUpperCase().toHexDigits((byte) c));
            }
        }
        return encoded.toString();
    }

    /** A boundary that cannot occur in quoted-printable, base64 or ASCII armor ("=_" is in none of them). */
    private static String boundary() {
        return "=_OpenCIRT_" + HexFormat.of().formatHex(randomBytes(16));
    }

    private static byte[] randomBytes(int length) {
        var bytes = new byte[length];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    private static String crlf(String text) {
        return text.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\r\n");
    }

    private static void ascii(ByteArrayOutputStream out, String text) {
        out.writeBytes(text.getBytes(StandardCharsets.US_ASCII));
    }

    /** The top-level body: bytes that Jakarta Mail copies as they are, with their multipart content type. */
    private record BytesDataSource(byte[] bytes, String type) implements DataSource {
        @Override
        public InputStream getInputStream() {
            return new ByteArrayInputStream(bytes);
        }

        @Override
        public OutputStream getOutputStream() throws IOException {
            throw new IOException("read-only");
        }

        @Override
        public String getContentType() {
            return type;
        }

        @Override
        public String getName() {
            return "pgp-mime";
        }
    }

    /** A message that keeps the Message-ID it was given when Jakarta Mail saves its changes (as sending does). */
    private static final class PreparedMessage extends MimeMessage {
        private final String messageId;

        PreparedMessage(Session session, String messageId) {
            super(session);
            this.messageId = messageId;
        }

        @Override
        protected void updateMessageID() throws MessagingException {
            setHeader("Message-ID", messageId);
        }
    }
}
