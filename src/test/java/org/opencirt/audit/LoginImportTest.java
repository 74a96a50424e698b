package org.opencirt.audit;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.opencirt.testing.Api;
import org.opencirt.testing.KeycloakUsers;
import org.opencirt.testing.Tokens;

/**
 * Logins and failed logins reach the audit trail from Keycloak's event store: a person's in their
 * CIRT's chain, a partner client's in its CIRT's, an unknown name's in the platform's without the
 * typed name, each once however often the import runs.
 */
@QuarkusTest
class LoginImportTest {

    @Inject
    LoginImport loginImport;

    @Inject
    AuditTrail trail;

    @Inject
    DataSource dataSource;

    @Inject
    KeycloakUsers users;

    @Test
    void loginsAndFailedLoginsLandOnceInTheChainOfTheirCirt() throws SQLException {
        loginImport.importNew(); // what other tests' logins left in Keycloak
        var since = Instant.now().minusSeconds(1);
        var unknown = "nobody-" + UUID.randomUUID();

        Tokens.user("ab-lead");
        tokenRequest("ab-lead", "not-the-password");
        tokenRequest(unknown, "whatever");
        Tokens.demoPartner("cert-ab");

        var ab = new ArrayList<AuditEntry>();
        await().atMost(Duration.ofSeconds(90)).until(() -> {
            loginImport.importNew();
            ab.clear();
            ab.addAll(entries("cert-ab", since));
            return has(ab, "ab-lead", "login")
                    && has(ab, "ab-lead", "login.failed")
                    && has(ab, "cert-ab-partner", "clientLogin");
        });
        var lead = ab.stream()
                .filter(e -> e.actor().equals("ab-lead") && e.action().equals("login"))
                .findFirst()
                .orElseThrow();
        assertThat(lead.objectType()).isEqualTo("clients");
        assertThat(lead.objectId()).isEqualTo("opencirt-cli");
        assertThat(lead.sourceAddress()).isEqualTo("127.0.0.1");
        assertThat(lead.requestId()).as("Keycloak's event id").isNotBlank();
        assertThat(lead.at()).isAfterOrEqualTo(since.minusSeconds(1));

        var platform = entries(null, since);
        assertThat(platform)
                .as("the failed login of a name Keycloak does not know is the platform's")
                .anySatisfy(e -> {
                    assertThat(e.action()).isEqualTo("login.failed");
                    assertThat(e.actor()).isEqualTo(LoginImport.UNKNOWN_USER);
                });
        assertThat(typedNameKept(unknown))
                .as("the typed name is not kept anywhere in the trail")
                .isZero();
        assertThat(entries("cert-cd", since))
                .noneMatch(e -> e.actor().startsWith("ab-") || e.actor().startsWith("cert-ab"));

        var before = entries("cert-ab", since).size();
        assertThat(loginImport.importNew())
                .as("a second import finds nothing new")
                .isZero();
        assertThat(entries("cert-ab", since)).hasSize(before);
        assertThat(trail.verify("cert-ab").ok()).isTrue();

        // the lead reads the logins of the CIRT through the API; the other CIRT's lead does not see them
        Api.as(Tokens.user("ab-lead"))
                .queryParam("action", "login.failed")
                .get("/api/v1/audit")
                .then()
                .statusCode(200)
                .body("entries.actor", hasItem("ab-lead"));
        Api.as(Tokens.user("cd-lead"))
                .queryParam("action", "login.failed")
                .get("/api/v1/audit")
                .then()
                .statusCode(200)
                .body("entries.actor", everyItem(not("ab-lead")));
    }

    @Test
    void theLoginOfAUserRemovedSinceKeepsItsNameInThePlatformsChain() {
        loginImport.importNew();
        var since = Instant.now().minusSeconds(1);
        var user = users.create(List.of("analyst"), List.of("cert-cd"));
        Tokens.user(user);
        users.remove(user);

        await().atMost(Duration.ofSeconds(90)).until(() -> {
            loginImport.importNew();
            return has(entries(null, since), user, "login");
        });
        assertThat(entries("cert-cd", since)).noneMatch(e -> e.actor().equals(user));
    }

    @Test
    void theLoginOfAUserOfACirtNotOnThisInstallationGoesToThePlatformsChainNotToAChainOfItsId() throws SQLException {
        // a realm shared with another installation, or a CIRT offboarded here: Keycloak still has its group
        var cirt = "lgn-" + UUID.randomUUID().toString().substring(0, 8);
        Api.asUser("platform-admin")
                .body("""
                {"id": "%s", "name": "CERT %s", "countryCode": "WS", "contactEmail": "cert@%s.example.org"}
                """.formatted(cirt, cirt, cirt))
                .post("/api/v1/tenants")
                .then()
                .statusCode(201);
        try (var connection = dataSource.getConnection();
                var gone = connection.prepareStatement("update tenant set offboarded_at = now() where id = ?")) {
            gone.setString(1, cirt);
            assertThat(gone.executeUpdate()).isEqualTo(1);
        }
        loginImport.importNew();
        var since = Instant.now().minusSeconds(1);
        var user = users.create(List.of("analyst"), List.of(cirt));
        Tokens.user(user);

        await().atMost(Duration.ofSeconds(90)).until(() -> {
            loginImport.importNew();
            return has(entries(null, since), user, "login");
        });
        // the CIRT's archive, imported later, brings its chain from seq 1: nothing may be there before it
        try (var connection = dataSource.getConnection();
                var chain = connection.prepareStatement("select count(*) from audit_entry where tenant = ?")) {
            chain.setString(1, cirt);
            try (var rows = chain.executeQuery()) {
                rows.next();
                assertThat(rows.getLong(1)).isZero();
            }
        }
    }

    private List<AuditEntry> entries(String tenant, Instant since) {
        return trail.list(
                        tenant,
                        new AuditTrail.Query(null, null, "clients", null, since, null, null, AuditTrail.MAX_PAGE))
                .entries();
    }

    private static boolean has(List<AuditEntry> entries, String actor, String action) {
        return entries.stream()
                .anyMatch(e -> e.actor().equals(actor) && e.action().equals(action));
    }

    private long typedNameKept(String name) throws SQLException {
        try (var connection = dataSource.getConnection();
                var query = connection.prepareStatement("select count(*) from audit_entry a where a::text like ?")) {
            query.setString(1, "%" + name + "%");
            try (var rows = query.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    private static void tokenRequest(String username, String password) {
        given().formParam("grant_type", "password")
                .formParam("client_id", "opencirt-cli")
                .formParam("username", username)
                .formParam("password", password)
                .post(Tokens.keycloakUrl() + "/realms/opencirt/protocol/openid-connect/token")
                .then()
                .statusCode(401);
    }
}
