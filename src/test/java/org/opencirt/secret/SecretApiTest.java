package org.opencirt.secret;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.opencirt.common.crypto.KekTable;
import org.opencirt.common.crypto.KeyEncryption;
import org.opencirt.testing.Api;

/** The CIRTs' secrets: write-only, per CIRT, cirt-admin only, encrypted under the KEK and bound to CIRT and name. */
@QuarkusTest
class SecretApiTest {

    @Inject
    SecretService secrets;

    @Inject
    EntityManager em;

    @ConfigProperty(name = "opencirt.signing.kek")
    String kek;

    private static String newName() {
        return "key-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static String body(String value) {
        return "{\"value\": \"%s\"}".formatted(value);
    }

    @Test
    void aCirtAdminCreatesReplacesListsAndDeletesASecretAndNeverGetsItsValueBack() {
        var name = newName();
        var value = "canary-" + UUID.randomUUID();
        var created = Api.asUser("ab-admin")
                .body(body(value))
                .put("/api/v1/secrets/" + name)
                .then()
                .statusCode(201)
                .header("Location", endsWith("/api/v1/secrets/" + name))
                .body("name", equalTo(name))
                .extract()
                .asString();
        assertThat(created).doesNotContain(value).doesNotContain("value");
        var read = Api.asUser("ab-admin")
                .get("/api/v1/secrets/" + name)
                .then()
                .statusCode(200)
                .body("name", equalTo(name))
                .extract()
                .asString();
        assertThat(read).doesNotContain(value).doesNotContain("value");

        var replaced = Api.asUser("ab-admin")
                .body(body(value + "-2"))
                .put("/api/v1/secrets/" + name)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(replaced.getString("updatedAt")).isGreaterThan(replaced.getString("createdAt"));
        assertThat(secrets.use("cert-ab", name)).isEqualTo(value + "-2");

        var list = Api.asUser("ab-admin")
                .get("/api/v1/secrets")
                .then()
                .statusCode(200)
                .body("name", hasItem(name))
                .extract()
                .asString();
        assertThat(list).doesNotContain(value);
        Api.asUser("ab-admin")
                .get("/api/v1/secrets")
                .then()
                .body("find { it.name == '%s' }.lastUsedAt".formatted(name), org.hamcrest.Matchers.notNullValue());

        Api.asUser("ab-admin").delete("/api/v1/secrets/" + name).then().statusCode(204);
        Api.asUser("ab-admin")
                .delete("/api/v1/secrets/" + name)
                .then()
                .statusCode(404)
                .contentType("application/problem+json");
        Api.asUser("ab-admin").get("/api/v1/secrets").then().body("name", not(hasItem(name)));
    }

    @Test
    void onlyTheCirtAdminMayTouchSecretsAndAnotherCirtNeverSeesTheirNames() {
        var name = newName();
        Api.asUser("ab-admin")
                .body(body("ab-only-value"))
                .put("/api/v1/secrets/" + name)
                .then()
                .statusCode(201);
        for (var user : new String[] {"ab-analyst", "ab-lead", "platform-admin"}) {
            Api.asUser(user).get("/api/v1/secrets").then().statusCode(403).contentType("application/problem+json");
            Api.asUser(user)
                    .body(body("x"))
                    .put("/api/v1/secrets/" + name)
                    .then()
                    .statusCode(403);
            Api.asUser(user).delete("/api/v1/secrets/" + name).then().statusCode(403);
        }
        Api.anonymous().get("/api/v1/secrets").then().statusCode(401);

        Api.asUser("cd-admin").get("/api/v1/secrets").then().statusCode(200).body("name", not(hasItem(name)));
        Api.asUser("cd-admin").delete("/api/v1/secrets/" + name).then().statusCode(404);
        // the same name in another CIRT is another secret
        Api.asUser("cd-admin")
                .body(body("cd-value"))
                .put("/api/v1/secrets/" + name)
                .then()
                .statusCode(201);
        assertThat(secrets.use("cert-ab", name)).isEqualTo("ab-only-value");
        assertThat(secrets.use("cert-cd", name)).isEqualTo("cd-value");
    }

    @Test
    void namesAndValuesAreCheckedWithAPointerToWhatIsWrong() {
        Api.asUser("ab-admin")
                .body(body("v"))
                .put("/api/v1/secrets/" + "a".repeat(65))
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors[0].pointer", equalTo("name"));
        Api.asUser("ab-admin")
                .body(body("v"))
                .put("/api/v1/secrets/-starts-with-a-dash")
                .then()
                .statusCode(400)
                .body("errors[0].pointer", equalTo("name"));
        Api.asUser("ab-admin")
                .body(body("v"))
                .put("/api/v1/secrets/has%20space")
                .then()
                .statusCode(400)
                .body("errors[0].pointer", equalTo("name"));
        Api.asUser("ab-admin")
                .body("{}")
                .put("/api/v1/secrets/" + newName())
                .then()
                .statusCode(400)
                .body("errors[0].pointer", equalTo("/value"));
        Api.asUser("ab-admin")
                .body(body("x".repeat(8193)))
                .put("/api/v1/secrets/" + newName())
                .then()
                .statusCode(400)
                .body("errors[0].pointer", equalTo("/value"));
        Api.asUser("ab-admin")
                .body("{\"value\": \"v\", \"tenant\": \"cert-cd\"}")
                .put("/api/v1/secrets/" + newName())
                .then()
                .statusCode(400);
    }

    @Test
    void aValueIsStoredEncryptedAndDoesNotDecryptOnceMovedToAnotherCirtOrName() {
        var name = newName();
        var value = "moved-canary-" + UUID.randomUUID();
        Api.asUser("ab-admin")
                .body(body(value))
                .put("/api/v1/secrets/" + name)
                .then()
                .statusCode(201);
        var stored = (byte[]) QuarkusTransaction.requiringNew()
                .call(() -> em.createNativeQuery(
                                "select ciphertext from cirt_secret where tenant = 'cert-ab' and name = ?1")
                        .setParameter(1, name)
                        .getSingleResult());
        assertThat(new String(stored, StandardCharsets.ISO_8859_1)).doesNotContain(value);
        assertThat(new KeyEncryption(kek).decrypt(stored, KekTable.CIRT_SECRET.associatedData("cert-ab", name)))
                .asString(StandardCharsets.UTF_8)
                .isEqualTo(value);

        move("tenant = 'cert-cd'", name);
        assertThatThrownBy(() -> secrets.use("cert-cd", name))
                .isInstanceOf(SecretUnavailable.class)
                .hasMessageNotContaining(value)
                .extracting(e -> ((SecretUnavailable) e).code())
                .isEqualTo("secret-unreadable");
        var renamed = name + "-renamed";
        QuarkusTransaction.requiringNew()
                .run(() -> em.createNativeQuery("update cirt_secret set tenant = 'cert-ab', name = ?1 where name = ?2")
                        .setParameter(1, renamed)
                        .setParameter(2, name)
                        .executeUpdate());
        assertThatThrownBy(() -> secrets.use("cert-ab", renamed)).isInstanceOf(SecretUnavailable.class);
        QuarkusTransaction.requiringNew()
                .run(() -> em.createNativeQuery("update cirt_secret set name = ?1 where name = ?2")
                        .setParameter(1, name)
                        .setParameter(2, renamed)
                        .executeUpdate());
        assertThat(secrets.use("cert-ab", name)).isEqualTo(value);
    }

    private void move(String set, String name) {
        QuarkusTransaction.requiringNew()
                .run(() -> em.createNativeQuery(
                                "update cirt_secret set " + set + " where tenant = 'cert-ab' and name = ?1")
                        .setParameter(1, name)
                        .executeUpdate());
    }
}
