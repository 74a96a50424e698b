package org.opencirt.advisory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bouncycastle.bcpg.ArmoredOutputStream;
import org.bouncycastle.bcpg.HashAlgorithmTags;
import org.bouncycastle.bcpg.PublicKeyAlgorithmTags;
import org.bouncycastle.bcpg.PublicKeyPacket;
import org.bouncycastle.bcpg.sig.KeyFlags;
import org.bouncycastle.crypto.generators.Ed25519KeyPairGenerator;
import org.bouncycastle.crypto.params.Ed25519KeyGenerationParameters;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPKeyPair;
import org.bouncycastle.openpgp.PGPKeyRingGenerator;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPSecretKey;
import org.bouncycastle.openpgp.PGPSecretKeyRing;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.PGPSignatureGenerator;
import org.bouncycastle.openpgp.PGPSignatureSubpacketGenerator;
import org.bouncycastle.openpgp.operator.bc.BcKeyFingerprintCalculator;
import org.bouncycastle.openpgp.operator.bc.BcPGPContentSignerBuilder;
import org.bouncycastle.openpgp.operator.bc.BcPGPDigestCalculatorProvider;
import org.bouncycastle.openpgp.operator.bc.BcPGPKeyPair;

/**
 * OpenPGP key rings built with BouncyCastle for the import tests: good ones, and the crafted ones an
 * attacker would send (a subkey of another key, a signing subkey without its back signature, an
 * expired or revoked key). All Ed25519, unprotected.
 */
final class CraftedKeys {

    private static final SecureRandom RANDOM = new SecureRandom();

    private CraftedKeys() {}

    static PGPKeyPair keyPair(Instant created) {
        var generator = new Ed25519KeyPairGenerator();
        generator.init(new Ed25519KeyGenerationParameters(RANDOM));
        try {
            return new BcPGPKeyPair(
                    PublicKeyPacket.VERSION_4,
                    PublicKeyAlgorithmTags.EDDSA_LEGACY,
                    generator.generateKeyPair(),
                    Date.from(created.minusMillis(created.toEpochMilli() % 1000)));
        } catch (PGPException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A certify-only primary key created at {@code created}, and the signing subkey, bound (with a back signature if asked). */
    static PGPSecretKeyRing ring(Instant created, Duration validity, boolean backSignature) {
        return ring(keyPair(created), keyPair(created), validity, backSignature);
    }

    /** A good key: created now, valid two years. */
    static PGPSecretKeyRing good() {
        return ring(Instant.now(), Duration.ofDays(730), true);
    }

    /** A ring of {@code primary} and {@code subkey}, the subkey bound by the primary (a real binding, made now). */
    static PGPSecretKeyRing ring(PGPKeyPair primary, PGPKeyPair subkey, Duration validity, boolean backSignature) {
        try {
            var created = primary.getPublicKey().getCreationTime();
            var primaryPackets = new PGPSignatureSubpacketGenerator();
            primaryPackets.setKeyFlags(true, KeyFlags.CERTIFY_OTHER);
            primaryPackets.setKeyExpirationTime(true, validity.toSeconds());
            primaryPackets.setIssuerFingerprint(false, primary.getPublicKey());

            var subkeyPackets = new PGPSignatureSubpacketGenerator();
            subkeyPackets.setKeyFlags(true, KeyFlags.SIGN_DATA);
            subkeyPackets.setKeyExpirationTime(true, validity.toSeconds());
            subkeyPackets.setIssuerFingerprint(false, primary.getPublicKey());
            if (backSignature) {
                var back = new PGPSignatureGenerator(signer(subkey.getPublicKey()), subkey.getPublicKey());
                back.init(PGPSignature.PRIMARYKEY_BINDING, subkey.getPrivateKey());
                var backPackets = new PGPSignatureSubpacketGenerator();
                backPackets.setSignatureCreationTime(true, created);
                back.setHashedSubpackets(backPackets.generate());
                subkeyPackets.addEmbeddedSignature(
                        false, back.generateCertification(primary.getPublicKey(), subkey.getPublicKey()));
            }
            var checksum = new BcPGPDigestCalculatorProvider().get(HashAlgorithmTags.SHA1);
            var generator = new PGPKeyRingGenerator(
                    PGPSignature.POSITIVE_CERTIFICATION,
                    primary,
                    "Crafted <crafted@example.org>",
                    checksum,
                    primaryPackets.generate(),
                    null,
                    signer(primary.getPublicKey()),
                    null);
            generator.addSubKey(subkey, subkeyPackets.generate(), null);
            return generator.generateSecretKeyRing();
        } catch (PGPException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The key pair of a ring's signing subkey, without its signatures (to bind it to another primary key). */
    static PGPKeyPair subkeyPair(PGPSecretKeyRing ring) {
        var secret = subkey(ring);
        try {
            var bare = new PGPPublicKey(secret.getPublicKey().getPublicKeyPacket(), new BcKeyFingerprintCalculator());
            return new PGPKeyPair(bare, secret.extractPrivateKey(null));
        } catch (PGPException e) {
            throw new IllegalStateException(e);
        }
    }

    static PGPSecretKey subkey(PGPSecretKeyRing ring) {
        for (var key : ring) {
            if (!key.isMasterKey()) {
                return key;
            }
        }
        throw new IllegalArgumentException("no subkey");
    }

    /** {@code owner}'s primary key with {@code other}'s subkey as it is (bound by {@code other}'s primary key). */
    static PGPSecretKeyRing withLiftedSubkey(PGPSecretKeyRing owner, PGPSecretKeyRing other) {
        return new PGPSecretKeyRing(List.of(owner.getSecretKey(), subkey(other)));
    }

    /** The ring with a valid revocation signature on its primary key. */
    static PGPSecretKeyRing revoked(PGPSecretKeyRing ring) {
        try {
            var primary = ring.getSecretKey();
            var generator = new PGPSignatureGenerator(signer(primary.getPublicKey()), primary.getPublicKey());
            generator.init(PGPSignature.KEY_REVOCATION, primary.extractPrivateKey(null));
            var packets = new PGPSignatureSubpacketGenerator();
            packets.setSignatureCreationTime(true, new Date());
            packets.setRevocationReason(
                    true, org.bouncycastle.bcpg.sig.RevocationReasonTags.KEY_COMPROMISED, "compromised");
            generator.setHashedSubpackets(packets.generate());
            var revocation = generator.generateCertification(primary.getPublicKey());
            var revokedPublic = PGPPublicKey.addCertification(primary.getPublicKey(), revocation);
            var keys = new ArrayList<PGPSecretKey>();
            for (var key : ring) {
                keys.add(key.isMasterKey() ? PGPSecretKey.replacePublicKey(key, revokedPublic) : key);
            }
            return new PGPSecretKeyRing(keys);
        } catch (PGPException e) {
            throw new IllegalStateException(e);
        }
    }

    static String armored(PGPSecretKeyRing ring) {
        var out = new ByteArrayOutputStream();
        try (var armored = ArmoredOutputStream.builder().clearHeaders().build(out)) {
            ring.encode(armored);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString(StandardCharsets.US_ASCII);
    }

    /** The import request body. */
    static String importBody(PGPSecretKeyRing ring) {
        return new com.fasterxml.jackson.databind.ObjectMapper()
                .createObjectNode()
                .put("secretKey", armored(ring))
                .toString();
    }

    private static BcPGPContentSignerBuilder signer(PGPPublicKey key) {
        return new BcPGPContentSignerBuilder(key.getAlgorithm(), HashAlgorithmTags.SHA512);
    }
}
