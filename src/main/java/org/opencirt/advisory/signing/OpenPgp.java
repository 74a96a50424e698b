package org.opencirt.advisory.signing;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.bcpg.ArmoredOutputStream;
import org.bouncycastle.bcpg.BCPGOutputStream;
import org.bouncycastle.bcpg.HashAlgorithmTags;
import org.bouncycastle.bcpg.PublicKeyAlgorithmTags;
import org.bouncycastle.bcpg.PublicKeyPacket;
import org.bouncycastle.bcpg.sig.KeyFlags;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.generators.Ed25519KeyPairGenerator;
import org.bouncycastle.crypto.generators.RSAKeyPairGenerator;
import org.bouncycastle.crypto.params.Ed25519KeyGenerationParameters;
import org.bouncycastle.crypto.params.RSAKeyGenerationParameters;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPKeyPair;
import org.bouncycastle.openpgp.PGPKeyRingGenerator;
import org.bouncycastle.openpgp.PGPPrivateKey;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPPublicKeyRing;
import org.bouncycastle.openpgp.PGPSecretKey;
import org.bouncycastle.openpgp.PGPSecretKeyRing;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.PGPSignatureGenerator;
import org.bouncycastle.openpgp.PGPSignatureList;
import org.bouncycastle.openpgp.PGPSignatureSubpacketGenerator;
import org.bouncycastle.openpgp.PGPUtil;
import org.bouncycastle.openpgp.bc.BcPGPObjectFactory;
import org.bouncycastle.openpgp.bc.BcPGPPublicKeyRing;
import org.bouncycastle.openpgp.bc.BcPGPSecretKeyRing;
import org.bouncycastle.openpgp.operator.bc.BcPBESecretKeyDecryptorBuilder;
import org.bouncycastle.openpgp.operator.bc.BcPGPContentSignerBuilder;
import org.bouncycastle.openpgp.operator.bc.BcPGPContentVerifierBuilderProvider;
import org.bouncycastle.openpgp.operator.bc.BcPGPDigestCalculatorProvider;
import org.bouncycastle.openpgp.operator.bc.BcPGPKeyPair;
import org.opencirt.common.crypto.OpenPgpSelfSignatures;

/**
 * OpenPGP v4 keys and detached signatures with BouncyCastle's lightweight API (no JCA provider
 * registration). Keys: a certify-only primary key and a signing subkey (with its primary-key
 * binding back-signature, which GnuPG requires), both expiring. Signatures: detached, binary
 * document, SHA-512 or SHA-256, with creation time and issuer fingerprint subpackets.
 */
public final class OpenPgp {

    private static final SecureRandom RANDOM = new SecureRandom();

    private OpenPgp() {}

    /** A key ring and what the platform records about it. */
    public record KeyMaterial(
            PGPSecretKeyRing secretRing,
            String fingerprint,
            String signingFingerprint,
            String algorithm,
            Instant createdAt,
            Instant expiresAt) {

        public byte[] secretEncoded() {
            try {
                return secretRing.getEncoded();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        public String publicArmored() {
            return armor(publicRing(secretRing));
        }
    }

    /** Generates a v4 key: certify-only primary and signing subkey, both valid for {@code validity}. */
    public static KeyMaterial generate(
            String userId, SigningConfig.KeyAlgorithm algorithm, Duration validity, Instant now) {
        try {
            // OpenPGP key times have second precision
            var created = Date.from(now.minusMillis(now.toEpochMilli() % 1000));
            var primary = keyPair(algorithm, created);
            var subkey = keyPair(algorithm, created);
            var validSeconds = validity.toSeconds();
            int[] hashes = {HashAlgorithmTags.SHA512, HashAlgorithmTags.SHA384, HashAlgorithmTags.SHA256};

            var primaryPackets = new PGPSignatureSubpacketGenerator();
            primaryPackets.setKeyFlags(true, KeyFlags.CERTIFY_OTHER);
            primaryPackets.setKeyExpirationTime(true, validSeconds);
            primaryPackets.setPreferredHashAlgorithms(false, hashes);
            primaryPackets.setIssuerFingerprint(false, primary.getPublicKey());

            var back = new PGPSignatureGenerator(
                    signer(subkey.getPublicKey(), HashAlgorithmTags.SHA512), subkey.getPublicKey());
            back.init(PGPSignature.PRIMARYKEY_BINDING, subkey.getPrivateKey());
            var backPackets = new PGPSignatureSubpacketGenerator();
            backPackets.setSignatureCreationTime(true, created);
            backPackets.setIssuerFingerprint(false, subkey.getPublicKey());
            back.setHashedSubpackets(backPackets.generate());
            var backSignature = back.generateCertification(primary.getPublicKey(), subkey.getPublicKey());

            var subkeyPackets = new PGPSignatureSubpacketGenerator();
            subkeyPackets.setKeyFlags(true, KeyFlags.SIGN_DATA);
            subkeyPackets.setKeyExpirationTime(true, validSeconds);
            subkeyPackets.setIssuerFingerprint(false, primary.getPublicKey());
            subkeyPackets.addEmbeddedSignature(false, backSignature);

            var checksum = new BcPGPDigestCalculatorProvider().get(HashAlgorithmTags.SHA1);
            var generator = new PGPKeyRingGenerator(
                    PGPSignature.POSITIVE_CERTIFICATION,
                    primary,
                    userId,
                    checksum,
                    primaryPackets.generate(),
                    null,
                    signer(primary.getPublicKey(), HashAlgorithmTags.SHA512),
                    null);
            generator.addSubKey(subkey, subkeyPackets.generate(), null);
            var ring = generator.generateSecretKeyRing();
            return describe(ring, now);
        } catch (PGPException | IOException e) {
            throw new IllegalStateException("OpenPGP key generation failed", e);
        }
    }

    /**
     * Reads an armored (or binary) secret key, removes its passphrase protection (it is stored
     * encrypted under the KEK instead), and checks that it can sign.
     *
     * @param now when the import happens: the key must not have expired then
     * @throws IllegalArgumentException with a message for the client
     */
    public static KeyMaterial importSecretKey(String armored, String passphrase, Instant now) {
        PGPSecretKeyRing ring;
        try (InputStream in =
                PGPUtil.getDecoderStream(new ByteArrayInputStream(armored.getBytes(StandardCharsets.US_ASCII)))) {
            var object = new BcPGPObjectFactory(in).nextObject();
            if (!(object instanceof PGPSecretKeyRing secret)) {
                throw new IllegalArgumentException(
                        "is not an OpenPGP secret key (export it with gpg --armor --export-secret-keys)");
            }
            ring = secret;
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot be read as an OpenPGP secret key: " + e.getMessage());
        }
        if (ring.getPublicKey().getVersion() != PublicKeyPacket.VERSION_4) {
            throw new IllegalArgumentException("is a version %d key; only OpenPGP v4 keys are accepted"
                    .formatted(ring.getPublicKey().getVersion()));
        }
        try {
            var decryptor = new BcPBESecretKeyDecryptorBuilder(new BcPGPDigestCalculatorProvider())
                    .build(passphrase == null ? new char[0] : passphrase.toCharArray());
            ring = PGPSecretKeyRing.copyWithNewPassword(ring, decryptor, null);
        } catch (PGPException e) {
            throw new IllegalArgumentException("cannot be unlocked: wrong or missing passphrase");
        }
        checkSelfSignatures(publicRing(ring));
        var primaryExpiry = expiry(ring.getPublicKey());
        if (!primaryExpiry.isAfter(now)) {
            throw new IllegalArgumentException("has expired (its primary key expired on %s)".formatted(primaryExpiry));
        }
        var material = describe(ring, now);
        for (var key : ring) {
            var pub = key.getPublicKey();
            var algorithm = pub.getAlgorithm();
            if ((algorithm == PublicKeyAlgorithmTags.RSA_GENERAL || algorithm == PublicKeyAlgorithmTags.RSA_SIGN)
                    && pub.getBitStrength() < 3072) {
                throw new IllegalArgumentException(
                        "has an RSA key of %d bits; at least 3072 are required".formatted(pub.getBitStrength()));
            }
        }
        if (!material.expiresAt().isAfter(now)) {
            throw new IllegalArgumentException("has expired (or has no valid signing key)");
        }
        return material;
    }

    /**
     * The ring's own signatures, verified: the primary key has a valid self-signature and no valid
     * revocation; every subkey has a binding signature made by the primary key, and every binding
     * signature on it verifies (its flags and expiry are what the platform reads); a subkey that may
     * sign carries a valid primary-key binding (back) signature made by the subkey itself. So a subkey
     * lifted from another key (another CIRT's) cannot pass for this key's, and one whose private key
     * the importer does not hold cannot be claimed.
     *
     * @throws IllegalArgumentException naming the rule and the subkey's fingerprint
     */
    public static void checkSelfSignatures(PGPPublicKeyRing ring) {
        OpenPgpSelfSignatures.check(ring);
    }

    /** The key ids of the ring's primary key and subkeys (what a signature's issuer names). */
    public static List<Long> keyIds(PGPPublicKeyRing ring) {
        var ids = new ArrayList<Long>();
        ring.getPublicKeys().forEachRemaining(k -> ids.add(k.getKeyID()));
        return ids;
    }

    /** Reads back a stored secret key ring. */
    public static PGPSecretKeyRing readSecretRing(byte[] encoded) {
        try {
            return new BcPGPSecretKeyRing(encoded);
        } catch (IOException | PGPException e) {
            throw new IllegalStateException("stored OpenPGP secret key is unreadable", e);
        }
    }

    public static PGPPublicKeyRing readPublicRing(String armored) {
        try (InputStream in =
                PGPUtil.getDecoderStream(new ByteArrayInputStream(armored.getBytes(StandardCharsets.US_ASCII)))) {
            return new BcPGPPublicKeyRing(in);
        } catch (IOException e) {
            throw new IllegalStateException("stored OpenPGP public key is unreadable", e);
        }
    }

    public static PGPPublicKeyRing publicRing(PGPSecretKeyRing secret) {
        var keys = new ArrayList<PGPPublicKey>();
        secret.getPublicKeys().forEachRemaining(keys::add);
        return new PGPPublicKeyRing(keys);
    }

    public static String armor(PGPPublicKeyRing ring) {
        var out = new ByteArrayOutputStream();
        try (var armored = ArmoredOutputStream.builder().clearHeaders().build(out)) {
            ring.encode(armored, true);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString(StandardCharsets.US_ASCII);
    }

    public static String fingerprint(PGPPublicKey key) {
        return HexFormat.of().withUpperCase().formatHex(key.getFingerprint());
    }

    /** The private part of the ring's newest signing-capable key valid at {@code now}. */
    public static PGPPrivateKey signingKey(PGPSecretKeyRing ring, Instant now) {
        var secret = signingSecretKey(ring, now)
                .orElseThrow(() -> new IllegalStateException("the key has no valid signing key"));
        try {
            return secret.extractPrivateKey(null);
        } catch (PGPException e) {
            throw new IllegalStateException("the signing key is protected; it should have been stored unprotected", e);
        }
    }

    /**
     * A detached, ASCII-armored signature over exactly {@code data}: binary-document type, the
     * given digest, creation time ({@code now}, or the key's creation when that is later) and issuer
     * fingerprint (and issuer key id) subpackets.
     */
    public static String signDetached(
            byte[] data, PGPPrivateKey key, PGPPublicKey signingPublicKey, int digest, Instant now) {
        try {
            var generator = new PGPSignatureGenerator(signer(signingPublicKey, digest), signingPublicKey);
            generator.init(PGPSignature.BINARY_DOCUMENT, key);
            var hashed = new PGPSignatureSubpacketGenerator();
            // never before the key: a CIRT's first key is made while its first advisory is being published, a moment
            // after the publication's time, and GnuPG refuses a signature older than its key
            var keyCreated = signingPublicKey.getCreationTime().toInstant();
            hashed.setSignatureCreationTime(true, Date.from(now.isBefore(keyCreated) ? keyCreated : now));
            hashed.setIssuerFingerprint(false, signingPublicKey);
            generator.setHashedSubpackets(hashed.generate());
            generator.update(data);
            var signature = generator.generate();
            var out = new ByteArrayOutputStream();
            try (var armored = ArmoredOutputStream.builder().clearHeaders().build(out);
                    var packets = new BCPGOutputStream(armored)) {
                signature.encode(packets);
            }
            return out.toString(StandardCharsets.US_ASCII);
        } catch (PGPException | IOException e) {
            throw new IllegalStateException("OpenPGP signing failed", e);
        }
    }

    /** Outcome of a verification: which key (its primary's fingerprint), and whether the signature holds. */
    public record Verification(
            boolean valid,
            String reason,
            String primaryFingerprint,
            String signingFingerprint,
            Integer digestAlgorithm,
            Instant signedAt) {}

    /**
     * Verifies a detached signature over {@code data} against the given public keys.
     *
     * @throws IllegalArgumentException when the signature cannot be read
     */
    public static Verification verify(byte[] data, String armoredSignature, Collection<PGPPublicKeyRing> keys) {
        PGPSignature signature;
        try (InputStream in = PGPUtil.getDecoderStream(
                new ByteArrayInputStream(armoredSignature.getBytes(StandardCharsets.US_ASCII)))) {
            var object = new BcPGPObjectFactory(in).nextObject();
            if (!(object instanceof PGPSignatureList list) || list.isEmpty()) {
                throw new IllegalArgumentException("is not an OpenPGP signature");
            }
            signature = list.get(0);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot be read as an OpenPGP signature: " + e.getMessage());
        }
        var signedAt = signature.getCreationTime() == null
                ? null
                : signature.getCreationTime().toInstant();
        int digest = signature.getHashAlgorithm();
        var issuer = issuerFingerprint(signature);
        var candidates = keys.stream()
                .filter(ring -> ring.getPublicKey(signature.getKeyID()) != null)
                .filter(ring -> issuer == null || issuer.equals(fingerprint(ring.getPublicKey(signature.getKeyID()))))
                .toList();
        if (candidates.size() > 1) {
            // keys imported before subkeys were checked may share one: naming either would be a guess
            return new Verification(
                    false,
                    "the signing key (key id %016X) is held by more than one key on the platform; no signer can be named"
                            .formatted(signature.getKeyID()),
                    null,
                    null,
                    digest,
                    signedAt);
        }
        for (var ring : candidates) {
            var key = ring.getPublicKey(signature.getKeyID());
            var primary = fingerprint(ring.getPublicKey());
            var signing = fingerprint(key);
            if (digest != HashAlgorithmTags.SHA256
                    && digest != HashAlgorithmTags.SHA384
                    && digest != HashAlgorithmTags.SHA512) {
                return new Verification(
                        false,
                        "digest algorithm %d is not accepted (SHA-256, SHA-384, SHA-512)".formatted(digest),
                        primary,
                        signing,
                        digest,
                        signedAt);
            }
            if (signature.getSignatureType() != PGPSignature.BINARY_DOCUMENT) {
                return new Verification(false, "not a binary-document signature", primary, signing, digest, signedAt);
            }
            try {
                signature.init(new BcPGPContentVerifierBuilderProvider(), key);
                signature.update(data);
                var valid = signature.verify();
                return new Verification(
                        valid,
                        valid ? "good signature" : "bad signature: the document or the signature was changed",
                        primary,
                        signing,
                        digest,
                        signedAt);
            } catch (PGPException e) {
                return new Verification(
                        false, "cannot be verified: " + e.getMessage(), primary, signing, digest, signedAt);
            }
        }
        return new Verification(
                false,
                "signed by a key the platform does not know (key id %016X)".formatted(signature.getKeyID()),
                null,
                null,
                digest,
                signedAt);
    }

    /** The issuer fingerprint subpacket of a v4 signature, hex upper case, or null. */
    private static String issuerFingerprint(PGPSignature signature) {
        var hashed = signature.getHashedSubPackets();
        var issuer = hashed == null ? null : hashed.getIssuerFingerprint();
        return issuer == null || issuer.getKeyVersion() != PublicKeyPacket.VERSION_4
                ? null
                : HexFormat.of().withUpperCase().formatHex(issuer.getFingerprint());
    }

    /** The newest secret key of the ring that may sign data at {@code now}. */
    public static Optional<PGPSecretKey> signingSecretKey(PGPSecretKeyRing ring, Instant now) {
        PGPSecretKey best = null;
        for (var key : ring) {
            var pub = key.getPublicKey();
            if (pub.hasRevocation()
                    || (keyFlags(pub) & KeyFlags.SIGN_DATA) == 0
                    || !expiry(pub).isAfter(now)) {
                continue;
            }
            if (best == null || pub.getCreationTime().after(best.getPublicKey().getCreationTime())) {
                best = key;
            }
        }
        return Optional.ofNullable(best);
    }

    private static KeyMaterial describe(PGPSecretKeyRing ring, Instant now) {
        var primary = ring.getPublicKey();
        var signing = signingSecretKey(ring, now)
                .orElseThrow(() -> new IllegalArgumentException(
                        "has no valid key that may sign data (its signing keys are missing, expired or revoked)"));
        var expires = expiry(primary);
        var signingExpires = expiry(signing.getPublicKey());
        return new KeyMaterial(
                ring,
                fingerprint(primary),
                fingerprint(signing.getPublicKey()),
                algorithmName(signing.getPublicKey()),
                primary.getCreationTime().toInstant(),
                expires.isBefore(signingExpires) ? expires : signingExpires);
    }

    static String algorithmName(PGPPublicKey key) {
        return switch (key.getAlgorithm()) {
            case PublicKeyAlgorithmTags.EDDSA_LEGACY, PublicKeyAlgorithmTags.Ed25519 -> "ed25519";
            case PublicKeyAlgorithmTags.RSA_GENERAL, PublicKeyAlgorithmTags.RSA_SIGN -> "rsa" + key.getBitStrength();
            default -> "algorithm-" + key.getAlgorithm();
        };
    }

    private static Instant expiry(PGPPublicKey key) {
        var seconds = key.getValidSeconds();
        return seconds == 0 ? Instant.MAX : key.getCreationTime().toInstant().plusSeconds(seconds);
    }

    private static int keyFlags(PGPPublicKey key) {
        var flags = 0;
        List<PGPSignature> signatures = new ArrayList<>();
        if (key.isMasterKey()) {
            key.getSignatures().forEachRemaining(s -> {
                if (s.isCertification() || s.getSignatureType() == PGPSignature.DIRECT_KEY) {
                    signatures.add(s);
                }
            });
        } else {
            key.getSignaturesOfType(PGPSignature.SUBKEY_BINDING).forEachRemaining(signatures::add);
        }
        for (var signature : signatures) {
            var hashed = signature.getHashedSubPackets();
            if (hashed != null) {
                flags |= hashed.getKeyFlags();
            }
        }
        return flags;
    }

    private static PGPKeyPair keyPair(SigningConfig.KeyAlgorithm algorithm, Date created) throws PGPException {
        return switch (algorithm) {
            case ED25519 -> {
                var generator = new Ed25519KeyPairGenerator();
                generator.init(new Ed25519KeyGenerationParameters(RANDOM));
                AsymmetricCipherKeyPair pair = generator.generateKeyPair();
                yield new BcPGPKeyPair(PublicKeyPacket.VERSION_4, PublicKeyAlgorithmTags.EDDSA_LEGACY, pair, created);
            }
            case RSA3072 -> {
                var generator = new RSAKeyPairGenerator();
                generator.init(new RSAKeyGenerationParameters(BigInteger.valueOf(0x10001), RANDOM, 3072, 100));
                yield new BcPGPKeyPair(
                        PublicKeyPacket.VERSION_4,
                        PublicKeyAlgorithmTags.RSA_GENERAL,
                        generator.generateKeyPair(),
                        created);
            }
        };
    }

    private static BcPGPContentSignerBuilder signer(PGPPublicKey key, int digest) {
        return new BcPGPContentSignerBuilder(key.getAlgorithm(), digest);
    }
}
