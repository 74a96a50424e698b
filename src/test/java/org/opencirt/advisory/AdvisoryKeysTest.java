package org.opencirt.advisory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.opencirt.advisory.service.SigningKeyService;
import org.opencirt.testing.Api;
import org.opencirt.testing.KeycloakUsers;

/** Keys: generated at onboarding, rotated, imported; old advisories keep verifying and every key stays listed. */
@QuarkusTest
class AdvisoryKeysTest {

    static final String DIR = "/.well-known/csaf/cert-cd/";

    @Inject
    SigningKeyService keys;

    @Inject
    KeycloakUsers users;

    @Test
    void aNewlyOnboardedCirtHasAnActiveKeyAtOnce() {
        var id = "cert-k" + UUID.randomUUID().toString().substring(0, 6);
        Api.asUser("platform-admin")
                .body("""
                {"id": "%s", "name": "CERT Keys", "countryCode": "WS", "contactEmail": "cert@%s.example.org"}
                """.formatted(id, id))
                .post("/api/v1/tenants")
                .then()
                .statusCode(201);
        var list = keys.list(id);
        assertThat(list).hasSize(1);
        assertThat(list.getFirst().active()).isTrue();
        assertThat(list.getFirst().algorithm()).isEqualTo("ed25519");
        assertThat(list.getFirst().expiresAt())
                .isAfter(list.getFirst().createdAt().plusSeconds(700L * 86400));
        Api.anonymous()
                .get("/.well-known/csaf/" + id + "/provider-metadata.json")
                .then()
                .statusCode(200)
                .body("public_openpgp_keys", hasSize(1))
                .body(
                        "public_openpgp_keys[0].fingerprint",
                        equalTo(list.getFirst().fingerprint()));
    }

    @Test
    void afterRotationOldAdvisoriesStillVerifyAndBothKeysAreListed() {
        var before = Advisories.publish(
                "cd-analyst", "cd-lead", Advisories.form("Before rotation", "WHITE", Advisories.uniqueCve()));
        var oldKey = before.version().getString("keyFingerprint");
        Api.asUser("cd-lead").post("/api/v1/signing-keys/rotation").then().statusCode(403);
        var rotated = Api.asUser("cd-admin")
                .post("/api/v1/signing-keys/rotation")
                .then()
                .statusCode(201)
                .body("active", equalTo(true))
                .extract();
        Api.asUser("cd-analyst")
                .get(rotated.header("Location"))
                .then()
                .statusCode(200)
                .body("fingerprint", equalTo(rotated.path("fingerprint")))
                .body("active", equalTo(true));
        Api.asUser("ab-admin").get(rotated.header("Location")).then().statusCode(404);
        var after = Advisories.publish(
                "cd-analyst", "cd-lead", Advisories.form("After rotation", "WHITE", Advisories.uniqueCve()));
        var newKey = after.version().getString("keyFingerprint");
        assertThat(newKey).isNotEqualTo(oldKey);

        var listed = Api.asUser("cd-admin")
                .get("/api/v1/signing-keys")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(listed.<String>getList("fingerprint")).contains(oldKey, newKey);
        assertThat(listed.<Boolean>getList("findAll { it.fingerprint == '%s' }.active".formatted(oldKey)))
                .containsExactly(false);

        try (var gpg = new Gpg()) {
            var fingerprints = AdvisoryPublishingTest.importDirectoryKeys(gpg, DIR);
            assertThat(fingerprints).contains(oldKey, newKey);
            for (var published : List.of(before, after)) {
                var url = DIR + published.path();
                var document = AdvisoryPublishingTest.bytes(Api.anonymous(), url);
                var signature = new String(
                        AdvisoryPublishingTest.bytes(Api.anonymous(), url + ".asc"), StandardCharsets.US_ASCII);
                assertThat(gpg.verify(document, signature).stdout())
                        .containsPattern("VALIDSIG .* " + published.version().getString("keyFingerprint") + "\\R");
            }
        }
    }

    @Test
    void anImportedGpgKeySignsTheNextAdvisory() {
        try (var gpg = new Gpg()) {
            var made =
                    gpg.run(List.of("--pinentry-mode", "loopback", "--gen-key"), """
                    Key-Type: eddsa
                    Key-Curve: ed25519
                    Key-Usage: cert
                    Subkey-Type: eddsa
                    Subkey-Curve: ed25519
                    Subkey-Usage: sign
                    Name-Real: CERT-AB imported
                    Name-Email: cert@cert-ab.example.org
                    Expire-Date: 2y
                    Passphrase: pw
                    %commit
                    """.getBytes(StandardCharsets.UTF_8));
            assertThat(made.exitCode()).as(made.stderr()).isZero();
            var secret = gpg.run(
                            List.of(
                                    "--pinentry-mode",
                                    "loopback",
                                    "--passphrase",
                                    "pw",
                                    "--armor",
                                    "--export-secret-keys"),
                            null)
                    .stdout();
            var fingerprint = gpg.run(List.of("--with-colons", "--list-secret-keys"), null)
                    .stdout()
                    .lines()
                    .filter(l -> l.startsWith("fpr:"))
                    .findFirst()
                    .orElseThrow()
                    .split(":")[9];
            var body = new com.fasterxml.jackson.databind.ObjectMapper()
                    .createObjectNode()
                    .put("secretKey", secret)
                    .put("passphrase", "nope");
            Api.asUser("ab-admin")
                    .body(body.toString())
                    .post("/api/v1/signing-keys/import")
                    .then()
                    .statusCode(400)
                    .body("errors[0].pointer", equalTo("/secretKey"));
            body.put("passphrase", "pw");
            Api.asUser("ab-analyst")
                    .body(body.toString())
                    .post("/api/v1/signing-keys/import")
                    .then()
                    .statusCode(403);
            Api.asUser("ab-admin")
                    .body(body.toString())
                    .post("/api/v1/signing-keys/import")
                    .then()
                    .statusCode(201)
                    .body("fingerprint", equalTo(fingerprint))
                    .body("origin", equalTo("imported"));
            Api.asUser("ab-admin")
                    .body(body.toString())
                    .post("/api/v1/signing-keys/import")
                    .then()
                    .statusCode(409);

            var published = Advisories.publish(
                    "ab-analyst", "ab-lead", Advisories.form("Imported key", "WHITE", Advisories.uniqueCve()));
            assertThat(published.version().getString("keyFingerprint")).isEqualTo(fingerprint);
            var url = AdvisoryPublishingTest.DIR + published.path();
            var document = AdvisoryPublishingTest.bytes(Api.anonymous(), url);
            var signature =
                    new String(AdvisoryPublishingTest.bytes(Api.anonymous(), url + ".asc"), StandardCharsets.US_ASCII);
            assertThat(gpg.verify(document, signature).stdout()).containsPattern("VALIDSIG .* " + fingerprint + "\\R");
        }
    }

    @Inject
    jakarta.persistence.EntityManager em;

    @org.eclipse.microprofile.config.inject.ConfigProperty(name = "opencirt.signing.kek")
    String kek;

    @Test
    void privateKeysAreStoredEncryptedUnderTheKek() {
        keys.active("cert-cd");
        var row = (Object[]) em.createNativeQuery(
                        "select tenant, fingerprint, private_key, kek_id from advisory_signing_key where tenant = 'cert-cd' and active")
                .getSingleResult();
        var stored = (byte[]) row[2];
        // not an OpenPGP packet stream in clear (a secret key packet starts with 0x95/0x94 or 0xC5)
        assertThat(org.assertj.core.api.Assertions.catchThrowable(
                        () -> org.opencirt.advisory.signing.OpenPgp.readSecretRing(stored)))
                .isNotNull();
        var encryption = new org.opencirt.common.crypto.KeyEncryption(kek);
        assertThat(row[3]).isEqualTo(encryption.kekId());
        var clear = encryption.decrypt(stored, "opencirt-signing-key/" + row[0] + "/" + row[1]);
        var ring = org.opencirt.advisory.signing.OpenPgp.readSecretRing(clear);
        assertThat(org.opencirt.advisory.signing.OpenPgp.fingerprint(ring.getPublicKey()))
                .isEqualTo(row[1]);
        // the public key the directory serves is the same key
        var served = Api.anonymous()
                .accept("*/*")
                .get("/.well-known/csaf/cert-cd/openpgp/" + row[1] + ".asc")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        assertThat(served).startsWith("-----BEGIN PGP PUBLIC KEY BLOCK-----").doesNotContain("PRIVATE");
    }
}
