package org.opencirt.advisory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.bouncycastle.openpgp.PGPSecretKeyRing;
import org.junit.jupiter.api.Test;
import org.opencirt.advisory.service.SigningKeyService;
import org.opencirt.advisory.signing.OpenPgp;
import org.opencirt.testing.Api;
import org.opencirt.testing.KeycloakUsers;

/**
 * Key import refuses crafted key rings (a subkey of another key, a signing subkey without its back
 * signature, an expired or revoked key, a key another CIRT holds) with a 400 that says which rule
 * and echoes no key material; {@code /verify} names the key that made the signature and its CIRT.
 */
@QuarkusTest
class AdvisoryKeyImportTest {

    static final String IMPORT = "/api/v1/signing-keys/import";

    @Inject
    KeycloakUsers users;

    @Inject
    SigningKeyService keys;

    record Cirt(String id, String admin) {}

    private Cirt newCirt() {
        var id = "cert-ki" + UUID.randomUUID().toString().substring(0, 6);
        Api.asUser("platform-admin")
                .body("""
                {"id": "%s", "name": "CERT Import", "countryCode": "WS", "contactEmail": "cert@%s.example.org"}
                """.formatted(id, id))
                .post("/api/v1/tenants")
                .then()
                .statusCode(201);
        return new Cirt(id, users.create(List.of("cirt-admin"), List.of(id)));
    }

    private static void refused(Cirt cirt, PGPSecretKeyRing ring, String rule) {
        var armored = CraftedKeys.armored(ring);
        var answer = Api.asUser(cirt.admin())
                .body(CraftedKeys.importBody(ring))
                .post(IMPORT)
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors[0].pointer", equalTo("/secretKey"))
                .body("errors[0].message", containsString(rule))
                .extract()
                .asString();
        var keyLines = armored.lines().filter(l -> l.length() > 40).toList();
        assertThat(keyLines).isNotEmpty().noneSatisfy(line -> assertThat(answer).contains(line));
        assertThat(answer)
                .doesNotContain("PGP")
                .doesNotContain("org.bouncycastle")
                .doesNotContain("Exception");
    }

    private static String fingerprint(PGPSecretKeyRing ring) {
        return OpenPgp.fingerprint(ring.getPublicKey());
    }

    @Test
    void aRingWithASubkeyLiftedFromAnotherKeyIsRefused() {
        var other = CraftedKeys.good();
        refused(
                newCirt(),
                CraftedKeys.withLiftedSubkey(CraftedKeys.good(), other),
                "binding signature was not made by its primary key");
    }

    @Test
    void aSigningSubkeyWithoutItsBackSignatureIsRefused() {
        refused(
                newCirt(),
                CraftedKeys.ring(Instant.now(), Duration.ofDays(730), false),
                "primary-key binding (back) signature");
    }

    @Test
    void anExpiredKeyIsRefused() {
        refused(
                newCirt(),
                CraftedKeys.ring(Instant.now().minus(Duration.ofDays(3 * 365)), Duration.ofDays(365), true),
                "has expired");
    }

    @Test
    void aRevokedKeyIsRefused() {
        refused(newCirt(), CraftedKeys.revoked(CraftedKeys.good()), "is revoked");
    }

    @Test
    void aKeyOrSubkeyAnotherCirtHoldsIsRefused() {
        var first = newCirt();
        var key = CraftedKeys.good();
        Api.asUser(first.admin())
                .body(CraftedKeys.importBody(key))
                .post(IMPORT)
                .then()
                .statusCode(201)
                .body("fingerprint", equalTo(fingerprint(key)));
        var second = newCirt();
        refused(second, key, "already on the platform");
        // the same subkey, validly bound (with its back signature) to a new primary key: still the first CIRT's key
        var rebound = CraftedKeys.ring(
                CraftedKeys.keyPair(Instant.now()), CraftedKeys.subkeyPair(key), Duration.ofDays(730), true);
        refused(second, rebound, "already on the platform");
        assertThat(keys.list(second.id()))
                .extracting(SigningKeyService.KeyView::fingerprint)
                .doesNotContain(fingerprint(key));
    }

    @Test
    void aGoodKeyIsImportedAndVerifyNamesItAndItsCirt() {
        var cirt = newCirt();
        var key = CraftedKeys.good();
        Api.asUser(cirt.admin())
                .body(CraftedKeys.importBody(key))
                .post(IMPORT)
                .then()
                .statusCode(201)
                .body("fingerprint", equalTo(fingerprint(key)))
                .body("origin", equalTo("imported"))
                .body("active", equalTo(true));
        var data = "signed by the imported key".getBytes(StandardCharsets.UTF_8);
        var signed = keys.sign(cirt.id(), data, Instant.now());
        assertThat(signed.fingerprint()).isEqualTo(fingerprint(key));
        verify(data, signed.armored())
                .body("valid", equalTo(true))
                .body("cirt", equalTo(cirt.id()))
                .body("fingerprint", equalTo(fingerprint(key)))
                .body(
                        "signingKeyFingerprint",
                        equalTo(OpenPgp.fingerprint(CraftedKeys.subkey(key).getPublicKey())));
    }

    /**
     * The attack: a CIRT imports a ring whose primary key is older than the victim's and whose
     * signing subkey is the victim's. Before the checks, /verify went through the keys oldest first
     * and named the attacker as the signer of the victim's advisories.
     */
    @Test
    void verifyNamesTheCirtThatMadeTheSignatureNotOneThatCopiedItsSubkey() {
        var victim = newCirt();
        var key = CraftedKeys.good();
        Api.asUser(victim.admin())
                .body(CraftedKeys.importBody(key))
                .post(IMPORT)
                .then()
                .statusCode(201);
        var data = "{\"document\": \"the victim's advisory\"}".getBytes(StandardCharsets.UTF_8);
        var signed = keys.sign(victim.id(), data, Instant.now());

        var attacker = newCirt();
        var older = CraftedKeys.ring(Instant.now().minus(Duration.ofDays(10)), Duration.ofDays(730), true);
        var attempt = Api.asUser(attacker.admin())
                .body(CraftedKeys.importBody(CraftedKeys.withLiftedSubkey(older, key)))
                .post(IMPORT)
                .then()
                .extract()
                .statusCode();

        verify(data, signed.armored())
                .body("valid", equalTo(true))
                .body("cirt", equalTo(victim.id()))
                .body("fingerprint", equalTo(fingerprint(key)));
        assertThat(attempt).isEqualTo(400);
    }

    private static io.restassured.response.ValidatableResponse verify(byte[] data, String signature) {
        var body = new com.fasterxml.jackson.databind.ObjectMapper()
                .createObjectNode()
                .put("document", new String(data, StandardCharsets.UTF_8))
                .put("signature", signature);
        return Api.anonymous()
                .body(body.toString())
                .post("/api/v1/advisories/verify")
                .then()
                .statusCode(200);
    }
}
