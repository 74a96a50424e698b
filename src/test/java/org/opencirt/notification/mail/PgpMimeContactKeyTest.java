package org.opencirt.notification.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.opencirt.notification.mail.PgpMimeFixtures.NOW;
import static org.opencirt.notification.mail.PgpMimeFixtures.armor;
import static org.opencirt.notification.mail.PgpMimeFixtures.contactKey;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.opencirt.advisory.Gpg;
import org.opencirt.advisory.signing.OpenPgp;
import org.opencirt.advisory.signing.SigningConfig;
import org.opencirt.common.crypto.RecipientKey;

class PgpMimeContactKeyTest {

    @Test
    void theEncryptionSubkeyOfAContactsKeyIsChosenAndThePrimaryFingerprintNamed() {
        var ring = contactKey("Abuse <abuse@isp.example>", false, NOW.minusSeconds(60), 0, true);
        var subkey = ring.getPublicKeys();
        var primary = subkey.next();
        var encryption = subkey.next();

        var key = RecipientKey.read(armor(OpenPgp.publicRing(ring)), NOW);

        assertThat(key.encryptionKey().getKeyID()).isEqualTo(encryption.getKeyID());
        assertThat(key.fingerprint()).matches("[0-9A-F]{40}").isEqualTo(OpenPgp.fingerprint(primary));
        assertThat(key.encryptionFingerprint()).isEqualTo(OpenPgp.fingerprint(encryption));
    }

    @Test
    void aKeyMadeByGpgIsReadWithTheFingerprintGpgShows() {
        try (var gpg = new Gpg()) {
            var made = gpg.run(
                    List.of(
                            "--pinentry-mode",
                            "loopback",
                            "--passphrase",
                            "",
                            "--quick-gen-key",
                            "Abuse <abuse@univ.example>",
                            "default",
                            "default",
                            "1y"),
                    null);
            assertThat(made.exitCode()).as(made.stderr()).isZero();
            var armored = gpg.run(List.of("--armor", "--export"), null).stdout();
            var gpgFingerprints = gpg.run(List.of("--with-colons", "--fingerprint", "--fingerprint"), null)
                    .stdout()
                    .lines()
                    .filter(line -> line.startsWith("fpr:"))
                    .map(line -> line.split(":")[9])
                    .toList();

            var key = RecipientKey.read(armored, NOW);

            assertThat(key.fingerprint()).isEqualTo(gpgFingerprints.get(0));
            assertThat(key.encryptionFingerprint()).isEqualTo(gpgFingerprints.get(1));
        }
    }

    @Test
    void aSigningOnlyKeyIsRefused() {
        var signingOnly = OpenPgp.generate(
                        "CERT <cert@cert.example>", SigningConfig.KeyAlgorithm.ED25519, Duration.ofDays(30), NOW)
                .publicArmored();
        var withoutSubkey = armor(OpenPgp.publicRing(contactKey("A <a@b.example>", false, NOW, 0, false)));

        assertThatThrownBy(() -> RecipientKey.read(signingOnly, NOW))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("has no key that may encrypt");
        assertThatThrownBy(() -> RecipientKey.read(withoutSubkey, NOW))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("has no key that may encrypt");
    }

    @Test
    void malformedInputIsRefusedWithoutBeingQuoted() {
        var armored = armor(OpenPgp.publicRing(contactKey("A <a@b.example>", false, NOW, 0, true)));
        var lines = armored.split("\n");
        lines[3] = "SECRETMARKER" + lines[3].substring(12);
        var broken = String.join("\n", lines);

        for (var input :
                List.of(broken, "SECRETMARKER not a key", "-----BEGIN PGP PUBLIC KEY BLOCK-----\n\nSECRETMARKER\n")) {
            assertThatThrownBy(() -> RecipientKey.read(input, NOW))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("the OpenPGP key")
                    .hasMessageNotContaining("SECRETMARKER");
        }
        assertThatThrownBy(() -> RecipientKey.read("  ", NOW)).hasMessageContaining("empty");
    }

    @Test
    void aSecretKeyIsRefused() {
        var secret = PgpMimeFixtures.armorSecret(contactKey("A <a@b.example>", false, NOW, 0, true));

        assertThatThrownBy(() -> RecipientKey.read(secret, NOW))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is a secret key")
                .hasMessageNotContaining("PGP PRIVATE KEY");
    }

    @Test
    void aRevokedKeyIsRefused() {
        var revoked =
                armor(PgpMimeFixtures.revoked(contactKey("A <a@b.example>", false, NOW.minusSeconds(60), 0, true)));

        assertThatThrownBy(() -> RecipientKey.read(revoked, NOW))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("revoked");
    }

    @Test
    void anExpiredKeyIsRefusedAndWasReadBeforeItExpired() {
        var created = NOW.minus(Duration.ofDays(10));
        var expired = armor(OpenPgp.publicRing(
                contactKey("A <a@b.example>", false, created, Duration.ofDays(1).toSeconds(), true)));

        assertThat(RecipientKey.read(expired, created.plusSeconds(60)).encryptionKey())
                .isNotNull();
        assertThatThrownBy(() -> RecipientKey.read(expired, NOW))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("expired");
    }
}
