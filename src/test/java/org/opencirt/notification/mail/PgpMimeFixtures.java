package org.opencirt.notification.mail;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.mail.internet.ContentType;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.InternetHeaders;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import org.bouncycastle.bcpg.ArmoredOutputStream;
import org.bouncycastle.bcpg.HashAlgorithmTags;
import org.bouncycastle.bcpg.PublicKeyAlgorithmTags;
import org.bouncycastle.bcpg.PublicKeyPacket;
import org.bouncycastle.bcpg.sig.KeyFlags;
import org.bouncycastle.crypto.generators.Ed25519KeyPairGenerator;
import org.bouncycastle.crypto.generators.RSAKeyPairGenerator;
import org.bouncycastle.crypto.generators.X25519KeyPairGenerator;
import org.bouncycastle.crypto.params.Ed25519KeyGenerationParameters;
import org.bouncycastle.crypto.params.RSAKeyGenerationParameters;
import org.bouncycastle.crypto.params.X25519KeyGenerationParameters;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPKeyPair;
import org.bouncycastle.openpgp.PGPKeyRingGenerator;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPPublicKeyRing;
import org.bouncycastle.openpgp.PGPSecretKeyRing;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.PGPSignatureGenerator;
import org.bouncycastle.openpgp.PGPSignatureSubpacketGenerator;
import org.bouncycastle.openpgp.operator.bc.BcPGPContentSignerBuilder;
import org.bouncycastle.openpgp.operator.bc.BcPGPDigestCalculatorProvider;
import org.bouncycastle.openpgp.operator.bc.BcPGPKeyPair;
import org.opencirt.advisory.Gpg;
import org.opencirt.advisory.signing.OpenPgp;
import org.opencirt.advisory.signing.SigningConfig;

/**
 * Keys and readers for the PGP/MIME tests: the CIRT's RSA signing key (as the platform generates it), contacts' keys
 * made with BouncyCastle, and a reader that takes a multipart apart on its raw bytes, as a receiving client does
 * (RFC 2046: a part is the bytes between a delimiter line and the CRLF before the next delimiter).
 */
public final class PgpMimeFixtures {

    private static final SecureRandom RANDOM = new SecureRandom();

    /** Now, to the second: gpg refuses keys and signatures from the future, so the tests use the real time. */
    static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);

    private PgpMimeFixtures() {}

    /** The CIRT's key: an RSA 3072 certify-only primary key and an RSA 3072 signing subkey, made once. */
    static OpenPgp.KeyMaterial cirt() {
        return Holder.CIRT;
    }

    /** A contact's key: an RSA 3072 primary key (certify, sign) and an RSA 3072 encryption subkey, made once. */
    static PGPSecretKeyRing contact() {
        return Holder.CONTACT;
    }

    private static final class Holder {
        static final OpenPgp.KeyMaterial CIRT = OpenPgp.generate(
                "CERT Example <cert@cert.example>", SigningConfig.KeyAlgorithm.RSA3072, Duration.ofDays(365), NOW);
        static final PGPSecretKeyRing CONTACT =
                contactKey("Abuse desk <abuse@isp.example>", true, NOW.minusSeconds(60), 0, true);
    }

    static PgpMime.Signer signer() {
        return PgpMime.Signer.of(cirt().secretRing(), NOW);
    }

    static PGPPublicKeyRing cirtPublicRing() {
        return OpenPgp.publicRing(cirt().secretRing());
    }

    /**
     * A contact's key ring: a primary key that may certify and sign, and (when {@code encryptionSubkey}) a subkey that
     * may encrypt; RSA 3072, or Ed25519 with an X25519 (ECDH) subkey.
     */
    static PGPSecretKeyRing contactKey(
            String userId, boolean rsa, Instant created, long validSeconds, boolean encryptionSubkey) {
        try {
            var when = Date.from(created.truncatedTo(ChronoUnit.SECONDS));
            var primary = rsa ? rsa(when) : ed25519(when);
            var primaryPackets = new PGPSignatureSubpacketGenerator();
            primaryPackets.setKeyFlags(true, KeyFlags.CERTIFY_OTHER | KeyFlags.SIGN_DATA);
            if (validSeconds > 0) {
                primaryPackets.setKeyExpirationTime(true, validSeconds);
            }
            var generator = new PGPKeyRingGenerator(
                    PGPSignature.POSITIVE_CERTIFICATION,
                    primary,
                    userId,
                    new BcPGPDigestCalculatorProvider().get(HashAlgorithmTags.SHA1),
                    primaryPackets.generate(),
                    null,
                    new BcPGPContentSignerBuilder(primary.getPublicKey().getAlgorithm(), HashAlgorithmTags.SHA512),
                    null);
            if (encryptionSubkey) {
                var subkey = rsa ? rsa(when) : x25519(when);
                var subkeyPackets = new PGPSignatureSubpacketGenerator();
                subkeyPackets.setKeyFlags(true, KeyFlags.ENCRYPT_COMMS | KeyFlags.ENCRYPT_STORAGE);
                if (validSeconds > 0) {
                    subkeyPackets.setKeyExpirationTime(true, validSeconds);
                }
                generator.addSubKey(subkey, subkeyPackets.generate(), null);
            }
            return generator.generateSecretKeyRing();
        } catch (PGPException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The ring with a revocation of its primary key, made by the primary key. */
    static PGPPublicKeyRing revoked(PGPSecretKeyRing ring) {
        try {
            var primary = ring.getPublicKey();
            var generator = new PGPSignatureGenerator(
                    new BcPGPContentSignerBuilder(primary.getAlgorithm(), HashAlgorithmTags.SHA512), primary);
            generator.init(PGPSignature.KEY_REVOCATION, ring.getSecretKey().extractPrivateKey(null));
            var revocation = generator.generateCertification(primary);
            return PGPPublicKeyRing.insertPublicKey(
                    OpenPgp.publicRing(ring), PGPPublicKey.addCertification(primary, revocation));
        } catch (PGPException e) {
            throw new IllegalStateException(e);
        }
    }

    static String armor(PGPPublicKeyRing ring) {
        return OpenPgp.armor(ring);
    }

    static String armorSecret(PGPSecretKeyRing ring) {
        var out = new ByteArrayOutputStream();
        try (var armored = ArmoredOutputStream.builder().clearHeaders().build(out)) {
            ring.encode(armored);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString(StandardCharsets.US_ASCII);
    }

    private static PGPKeyPair rsa(Date created) throws PGPException {
        var generator = new RSAKeyPairGenerator();
        generator.init(new RSAKeyGenerationParameters(BigInteger.valueOf(0x10001), RANDOM, 3072, 100));
        return new BcPGPKeyPair(
                PublicKeyPacket.VERSION_4, PublicKeyAlgorithmTags.RSA_GENERAL, generator.generateKeyPair(), created);
    }

    private static PGPKeyPair ed25519(Date created) throws PGPException {
        var generator = new Ed25519KeyPairGenerator();
        generator.init(new Ed25519KeyGenerationParameters(RANDOM));
        return new BcPGPKeyPair(
                PublicKeyPacket.VERSION_4, PublicKeyAlgorithmTags.EDDSA_LEGACY, generator.generateKeyPair(), created);
    }

    private static PGPKeyPair x25519(Date created) throws PGPException {
        var generator = new X25519KeyPairGenerator();
        generator.init(new X25519KeyGenerationParameters(RANDOM));
        return new BcPGPKeyPair(
                PublicKeyPacket.VERSION_4, PublicKeyAlgorithmTags.ECDH, generator.generateKeyPair(), created);
    }

    /** A letter to the ISP's abuse desk: French and Arabic text, a CSV of events. */
    static PgpMime.Letter letter(String text, List<PgpMime.Attachment> attachments) {
        try {
            return new PgpMime.Letter(
                    new InternetAddress("cert@cert.example", "CERT Exemple — فريق"),
                    new InternetAddress("abuse@isp.example"),
                    "Hôtes vulnérables — أجهزة معرضة للخطر [OC-2026-0042]",
                    List.of(
                            new PgpMime.Header("X-OpenCIRT-Reference", "OC-2026-0042"),
                            new PgpMime.Header("References", "<OC-2026-0042@cert.example>"),
                            new PgpMime.Header("Auto-Submitted", "auto-generated")),
                    text,
                    attachments);
        } catch (java.io.UnsupportedEncodingException | jakarta.mail.internet.AddressException e) {
            throw new IllegalStateException(e);
        }
    }

    static final String TEXT = """
            Bonjour,

            Nous avons observé des hôtes vulnérables dans votre réseau (voir le fichier joint).
            From the CERT: please patch.  \t
            .
            مرحبا، لقد لاحظنا أجهزة معرضة للخطر في شبكتكم.
            --
            CERT Exemple
            """;

    static final byte[] CSV = EventCsv.write(
                    List.of("ip", "port", "first_seen", "note"),
                    List.of(
                            List.of("192.0.2.10", "443", "2026-05-01T10:00:00Z", "=HYPERLINK(\"http://x\")"),
                            List.of("2001:db8::1", "22", "2026-05-01T11:00:00Z", "ligne 1\nligne 2 — é")),
                    1000,
                    1 << 20)
            .bytes();

    static PgpMime.Letter letter() {
        return letter(
                TEXT,
                List.of(
                        new PgpMime.Attachment("events.csv", EventCsv.CONTENT_TYPE, CSV),
                        new PgpMime.Attachment("événements-أحداث.csv", EventCsv.CONTENT_TYPE, CSV)));
    }

    /** A MIME entity (headers and body) taken apart on its raw bytes. */
    public record Multipart(ContentType contentType, List<byte[]> parts) {}

    public static Multipart split(byte[] entity) {
        try {
            var headerEnd = indexOf(entity, "\r\n\r\n".getBytes(StandardCharsets.US_ASCII), 0);
            assertThat(headerEnd)
                    .as("a header section ending with an empty line")
                    .isNotNegative();
            var headers = new InternetHeaders(new ByteArrayInputStream(Arrays.copyOf(entity, headerEnd + 4)));
            var contentType = new ContentType(headers.getHeader("Content-Type", null));
            var delimiter = ("\r\n--" + contentType.getParameter("boundary")).getBytes(StandardCharsets.US_ASCII);
            var parts = new ArrayList<byte[]>();
            var at = indexOf(entity, delimiter, headerEnd);
            assertThat(at).as("a first boundary").isNotNegative();
            while (true) {
                var afterDelimiter = at + delimiter.length;
                if (entity[afterDelimiter] == '-' && entity[afterDelimiter + 1] == '-') {
                    return new Multipart(contentType, parts);
                }
                var lineEnd = indexOf(entity, new byte[] {'\r', '\n'}, afterDelimiter);
                var next = indexOf(entity, delimiter, lineEnd);
                assertThat(next).as("a closing boundary").isNotNegative();
                parts.add(Arrays.copyOfRange(entity, lineEnd + 2, next));
                at = next;
            }
        } catch (jakarta.mail.MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    static int indexOf(byte[] data, byte[] pattern, int from) {
        outer:
        for (int i = Math.max(from, 0); i <= data.length - pattern.length; i++) {
            for (int j = 0; j < pattern.length; j++) {
                if (data[i + j] != pattern[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /** The signed part and the armored signature of a multipart/signed entity, checked for their media types. */
    public record Signed(byte[] content, String signature) {}

    public static Signed signedParts(byte[] entity) {
        var multipart = split(entity);
        assertThat(multipart.contentType().getBaseType()).isEqualTo("multipart/signed");
        assertThat(multipart.contentType().getParameter("micalg")).isEqualTo("pgp-sha512");
        assertThat(multipart.contentType().getParameter("protocol")).isEqualTo("application/pgp-signature");
        assertThat(multipart.parts()).hasSize(2);
        var signaturePart = new String(multipart.parts().get(1), StandardCharsets.US_ASCII);
        var body = signaturePart.substring(signaturePart.indexOf("\r\n\r\n") + 4);
        assertThat(signaturePart).startsWith("Content-Type: application/pgp-signature");
        return new Signed(multipart.parts().get(0), body);
    }

    /** Whether BouncyCastle (the platform's verifier) says the signature holds for the CIRT's key. */
    static OpenPgp.Verification verifyWithBouncyCastle(Signed signed) {
        return OpenPgp.verify(signed.content(), signed.signature(), List.of(cirtPublicRing()));
    }

    /** {@code gpg --verify signature content} in a fresh GNUPGHOME holding the CIRT's public key. */
    static Gpg.Result verifyWithGpg(Signed signed) {
        try (var gpg = new Gpg()) {
            var imported = gpg.importKey(cirt().publicArmored());
            assertThat(imported.exitCode()).as(imported.stderr()).isZero();
            return gpg.verify(signed.content(), signed.signature());
        }
    }

    /** The VALIDSIG status line's fields that name the signing key and the hash (10: SHA-512). */
    static void assertGoodGpgSignature(Gpg.Result result) {
        assertThat(result.exitCode()).as(result.stderr()).isZero();
        assertThat(result.stdout()).contains("[GNUPG:] GOODSIG");
        var validsig = result.stdout()
                .lines()
                .filter(line -> line.startsWith("[GNUPG:] VALIDSIG "))
                .findFirst()
                .orElseThrow()
                .split(" ");
        assertThat(validsig[2]).isEqualTo(cirt().signingFingerprint());
        assertThat(validsig[10]).as("signature class 00: binary document").isEqualTo("00");
        assertThat(validsig[9]).as("hash algorithm 10: SHA-512").isEqualTo("10");
        assertThat(validsig[11]).as("primary key").isEqualTo(cirt().fingerprint());
    }
}
