package org.opencirt.advisory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.opencirt.advisory.signing.OpenPgp;
import org.opencirt.advisory.signing.SigningConfig;
import org.opencirt.common.crypto.KeyEncryption;

/** BouncyCastle keys and signatures, checked by GnuPG. */
class OpenPgpTest {

    private static Gpg gpg;
    private static OpenPgp.KeyMaterial key;

    @BeforeAll
    static void aKeyImportedIntoGpg() {
        gpg = new Gpg();
        key = OpenPgp.generate(
                "CERT-TEST <cert@test.example>",
                SigningConfig.KeyAlgorithm.ED25519,
                Duration.ofDays(730),
                Instant.now());
        var imported = gpg.importKey(key.publicArmored());
        assertThat(imported.exitCode()).as(imported.stderr()).isZero();
    }

    @AfterAll
    static void stopGpg() {
        gpg.close();
    }

    private static String sign(byte[] data, int digest) {
        var ring = key.secretRing();
        var secret = OpenPgp.signingSecretKey(ring, Instant.now()).orElseThrow();
        return OpenPgp.signDetached(
                data, OpenPgp.signingKey(ring, Instant.now()), secret.getPublicKey(), digest, Instant.now());
    }

    @Test
    void gpgAcceptsTheKeyAsCertifyOnlyPrimaryWithAnExpiringSigningSubkey() {
        var listing = gpg.run(List.of("--with-colons", "--list-keys", key.fingerprint()), null);
        assertThat(listing.exitCode()).isZero();
        var lines = listing.stdout().lines().toList();
        var pub = lines.stream()
                .filter(l -> l.startsWith("pub:"))
                .findFirst()
                .orElseThrow()
                .split(":");
        var sub = lines.stream()
                .filter(l -> l.startsWith("sub:"))
                .findFirst()
                .orElseThrow()
                .split(":");
        assertThat(pub[1]).as("validity of the primary").isIn("u", "-", "f", "q"); // not revoked/expired/invalid
        assertThat(pub[3]).as("algorithm 22 = EdDSA").isEqualTo("22");
        assertThat(pub[6]).as("expiry of the primary").isNotEmpty();
        assertThat(pub[11]).as("capabilities").contains("c").doesNotContain("s");
        assertThat(sub[6]).as("expiry of the subkey").isNotEmpty();
        assertThat(sub[11]).as("subkey capabilities").isEqualTo("s");
        assertThat(key.signingFingerprint()).isNotEqualTo(key.fingerprint());
    }

    @Test
    void gpgVerifiesASha512SignatureAndRejectsAFlippedByte() {
        var data = "{\"document\":{\"title\":\"Grüße\"}}\n".getBytes(StandardCharsets.UTF_8);
        var signature = sign(data, SigningConfig.Digest.SHA512.tag());
        var verified = gpg.verify(data, signature);
        assertThat(verified.stdout())
                .contains("[GNUPG:] VALIDSIG " + key.signingFingerprint())
                .containsPattern("VALIDSIG .* " + key.fingerprint() + "\\R");
        assertThat(gpg.listPackets(signature).stdout())
                .contains("digest algo 10")
                .contains("sigclass 0x00")
                .contains("issuer fpr v4 " + key.signingFingerprint());

        var flipped = data.clone();
        flipped[5] ^= 0x01;
        assertThat(gpg.verify(flipped, signature).stdout())
                .contains("[GNUPG:] BADSIG")
                .doesNotContain("VALIDSIG");
    }

    @Test
    void aSignatureAskedForAMomentBeforeItsKeyWasMadeIsDatedAtTheKeyAndGpgAcceptsIt() {
        // a CIRT's first key is generated during its first publication, a moment after the publication's time
        var keyTime = Instant.now();
        var later = OpenPgp.generate(
                "CERT-LATER <cert@later.example>", SigningConfig.KeyAlgorithm.ED25519, Duration.ofDays(730), keyTime);
        assertThat(gpg.importKey(later.publicArmored()).exitCode()).isZero();
        var ring = later.secretRing();
        var secret = OpenPgp.signingSecretKey(ring, keyTime).orElseThrow();
        var data = "first advisory".getBytes(StandardCharsets.UTF_8);
        var signature = OpenPgp.signDetached(
                data,
                OpenPgp.signingKey(ring, keyTime),
                secret.getPublicKey(),
                SigningConfig.Digest.SHA512.tag(),
                keyTime.minusMillis(1500));
        var verified = gpg.verify(data, signature);
        assertThat(verified.stdout()).as(verified.stderr()).contains("VALIDSIG " + later.signingFingerprint());
    }

    @Test
    void sha256SignaturesAreSha256() {
        var data = "x".getBytes(StandardCharsets.UTF_8);
        var signature = sign(data, SigningConfig.Digest.SHA256.tag());
        assertThat(gpg.listPackets(signature).stdout()).contains("digest algo 8");
        assertThat(gpg.verify(data, signature).stdout()).contains("VALIDSIG " + key.signingFingerprint());
    }

    @Test
    void bouncyCastleVerifiesItsOwnSignaturesAgainstThePublicKeyOnly() {
        var data = "hello".getBytes(StandardCharsets.UTF_8);
        var signature = sign(data, SigningConfig.Digest.SHA512.tag());
        var ring = OpenPgp.readPublicRing(key.publicArmored());
        var good = OpenPgp.verify(data, signature, List.of(ring));
        assertThat(good.valid()).isTrue();
        assertThat(good.primaryFingerprint()).isEqualTo(key.fingerprint());
        var bad = OpenPgp.verify("hellp".getBytes(StandardCharsets.UTF_8), signature, List.of(ring));
        assertThat(bad.valid()).isFalse();
        var unknown = OpenPgp.verify(data, signature, List.of());
        assertThat(unknown.valid()).isFalse();
        assertThat(unknown.reason()).contains("key the platform does not know");
    }

    @Test
    void aKeyExportedFromGpgWithAPassphraseCanBeImported() {
        var batch = """
                Key-Type: eddsa
                Key-Curve: ed25519
                Key-Usage: cert
                Subkey-Type: eddsa
                Subkey-Curve: ed25519
                Subkey-Usage: sign
                Name-Real: Imported CIRT
                Name-Email: cert@imported.example
                Expire-Date: 1y
                Passphrase: s3cret
                %commit
                """;
        var generated =
                gpg.run(List.of("--pinentry-mode", "loopback", "--gen-key"), batch.getBytes(StandardCharsets.UTF_8));
        assertThat(generated.exitCode()).as(generated.stderr()).isZero();
        var exported = gpg.run(
                List.of(
                        "--pinentry-mode",
                        "loopback",
                        "--passphrase",
                        "s3cret",
                        "--armor",
                        "--export-secret-keys",
                        "cert@imported.example"),
                null);
        assertThat(exported.exitCode()).as(exported.stderr()).isZero();

        assertThatThrownBy(() -> OpenPgp.importSecretKey(exported.stdout(), "wrong", Instant.now()))
                .hasMessageContaining("passphrase");
        var material = OpenPgp.importSecretKey(exported.stdout(), "s3cret", Instant.now());
        var data = "imported".getBytes(StandardCharsets.UTF_8);
        var secret =
                OpenPgp.signingSecretKey(material.secretRing(), Instant.now()).orElseThrow();
        var signature = OpenPgp.signDetached(
                data,
                OpenPgp.signingKey(material.secretRing(), Instant.now()),
                secret.getPublicKey(),
                10,
                Instant.now());
        assertThat(gpg.verify(data, signature).stdout()).contains("VALIDSIG " + material.signingFingerprint());
    }

    @Test
    void aSignatureWhoseKeyTwoStoredKeysHoldNamesNoSigner() {
        var victim = CraftedKeys.good();
        var copy = CraftedKeys.withLiftedSubkey(
                CraftedKeys.ring(Instant.now().minus(Duration.ofDays(10)), Duration.ofDays(730), true), victim);
        var subkey = CraftedKeys.subkey(victim);
        var data = "x".getBytes(StandardCharsets.UTF_8);
        var signature = OpenPgp.signDetached(
                data, OpenPgp.signingKey(victim, Instant.now()), subkey.getPublicKey(), 10, Instant.now());
        // keys stored before import checked subkeys: the older one first, as the platform lists them
        var both = OpenPgp.verify(data, signature, List.of(OpenPgp.publicRing(copy), OpenPgp.publicRing(victim)));
        assertThat(both.valid()).isFalse();
        assertThat(both.primaryFingerprint()).isNull();
        assertThat(both.reason()).contains("more than one key");
        var alone = OpenPgp.verify(data, signature, List.of(OpenPgp.publicRing(victim)));
        assertThat(alone.valid()).isTrue();
        assertThat(alone.primaryFingerprint()).isEqualTo(OpenPgp.fingerprint(victim.getPublicKey()));
    }

    @Test
    void gpgAgreesThatTheCraftedSubkeysAreNotPartOfTheKey() {
        var victim = CraftedKeys.good();
        var lifted = CraftedKeys.withLiftedSubkey(CraftedKeys.good(), victim);
        var liftedSubkey = OpenPgp.fingerprint(CraftedKeys.subkey(lifted).getPublicKey());
        assertThatThrownBy(() -> OpenPgp.checkSelfSignatures(OpenPgp.publicRing(lifted)))
                .hasMessageContaining("binding signature");
        try (var own = new Gpg()) {
            own.importKey(OpenPgp.armor(OpenPgp.publicRing(lifted)));
            var listing = own.run(
                            List.of(
                                    "--with-colons",
                                    "--with-subkey-fingerprints",
                                    "--list-keys",
                                    OpenPgp.fingerprint(lifted.getPublicKey())),
                            null)
                    .stdout();
            assertThat(listing)
                    .as("gpg drops a subkey bound by another key")
                    .doesNotContain("fpr:::::::::" + liftedSubkey);
        }
        var unbacked = CraftedKeys.ring(Instant.now(), Duration.ofDays(730), false);
        assertThatThrownBy(() -> OpenPgp.checkSelfSignatures(OpenPgp.publicRing(unbacked)))
                .hasMessageContaining("back");
        try (var own = new Gpg()) {
            own.importKey(OpenPgp.armor(OpenPgp.publicRing(unbacked)));
            var subkey = CraftedKeys.subkey(unbacked);
            var data = "y".getBytes(StandardCharsets.UTF_8);
            var signature = OpenPgp.signDetached(
                    data, OpenPgp.signingKey(unbacked, Instant.now()), subkey.getPublicKey(), 10, Instant.now());
            assertThat(own.verify(data, signature).stdout())
                    .as("gpg refuses a signing subkey that is not cross-certified")
                    .doesNotContain("VALIDSIG");
        }
        OpenPgp.checkSelfSignatures(OpenPgp.publicRing(key.secretRing())); // the platform's own keys pass
    }

    @Test
    void privateKeysAreBoundToTheirKekAndOwner() {
        var kek = new KeyEncryption("AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=");
        var sealed = kek.encrypt(key.secretEncoded(), "cert-ab/" + key.fingerprint());
        assertThat(kek.decrypt(sealed, "cert-ab/" + key.fingerprint())).isEqualTo(key.secretEncoded());
        assertThatThrownBy(() -> kek.decrypt(sealed, "cert-cd/" + key.fingerprint()))
                .isInstanceOf(IllegalStateException.class);
        var other = new KeyEncryption("HwECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=");
        assertThatThrownBy(() -> other.decrypt(sealed, "cert-ab/" + key.fingerprint()))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> new KeyEncryption("c2hvcnQ=")).hasMessageContaining("32 bytes");
    }
}
