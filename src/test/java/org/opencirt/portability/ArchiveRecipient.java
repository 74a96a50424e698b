package org.opencirt.portability;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import org.opencirt.advisory.Gpg;

/** The CIRT's own OpenPGP key in a gpg home of its own: what a CIRT's archive is encrypted to, and what opens it. */
final class ArchiveRecipient implements AutoCloseable {

    private final Gpg gpg = new Gpg();
    private final String publicKey;

    ArchiveRecipient(String userId) {
        var generated = gpg.run(
                List.of(
                        "--pinentry-mode",
                        "loopback",
                        "--passphrase",
                        "",
                        "--quick-gen-key",
                        userId,
                        "default",
                        "default",
                        "never"),
                null);
        assertThat(generated.exitCode()).as(generated.stderr()).isZero();
        publicKey = gpg.run(List.of("--armor", "--export"), null).stdout();
        assertThat(publicKey).startsWith("-----BEGIN PGP PUBLIC KEY BLOCK-----");
    }

    /** The ASCII-armored public key, as the CIRT's admin gives it. */
    String publicKey() {
        return publicKey;
    }

    Gpg gpg() {
        return gpg;
    }

    /** The archive as {@code gpg --decrypt} opens it, which must succeed with the integrity packet. */
    byte[] decrypt(byte[] message) throws IOException {
        var result = tryDecrypt(message);
        assertThat(result.exitCode()).as(result.stderr()).isZero();
        assertThat(result.stderr()).doesNotContain("WARNING: message was not integrity protected");
        return Files.readAllBytes(gpg.home().resolve("decrypted.zip"));
    }

    /** What {@code gpg --decrypt} says of a message, whole or not. */
    Gpg.Result tryDecrypt(byte[] message) throws IOException {
        var out = gpg.home().resolve("decrypted.zip");
        Files.deleteIfExists(out);
        return gpg.run(
                List.of("--pinentry-mode", "loopback", "--passphrase", "", "--output", out.toString(), "--decrypt"),
                message);
    }

    /** The key's fingerprint, as gpg prints it. */
    String fingerprint() {
        return gpg.run(List.of("--with-colons", "--fingerprint"), null)
                .stdout()
                .lines()
                .filter(line -> line.startsWith("fpr:"))
                .findFirst()
                .orElseThrow()
                .split(":")[9];
    }

    @Override
    public void close() {
        gpg.close();
    }
}
