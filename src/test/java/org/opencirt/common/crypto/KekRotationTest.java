package org.opencirt.common.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.opencirt.advisory.service.SigningKeyService;
import org.opencirt.secret.SecretService;

/**
 * {@code bin/opencirt rotate-kek} against the test database: every signing key and CIRT secret
 * moves to the new KEK in one transaction; a failure halfway or a wrong old KEK changes nothing
 * and names the row, never a key. Each test leaves the rows under the configured KEK.
 */
@QuarkusTest
class KekRotationTest {

    @ConfigProperty(name = "opencirt.signing.kek")
    String configured;

    @Inject
    SigningKeyService signingKeys;

    @Inject
    SecretService secrets;

    @Inject
    DataKeys dataKeys;

    /** A row encrypted under the KEK: which table, its id, its ciphertext (hex) and KEK id. */
    private record Row(KekTable table, String tenant, String key, byte[] value, String kekId) {

        @Override
        public String toString() {
            return "%s %s/%s %s %s".formatted(table, tenant, key, HexFormat.of().formatHex(value), kekId);
        }
    }

    private static String newKek() {
        var raw = new byte[32];
        new SecureRandom().nextBytes(raw);
        return Base64.getEncoder().encodeToString(raw);
    }

    private record Outcome(int status, String out, String err) {}

    private static Outcome rotate(String oldKek, String newKek) {
        var config = ConfigProvider.getConfig();
        var env = new java.util.HashMap<String, String>();
        env.put("OPENCIRT_SIGNING_KEK_OLD", oldKek);
        env.put("OPENCIRT_SIGNING_KEK", newKek);
        env.put("OPENCIRT_DB_URL", config.getValue("quarkus.datasource.jdbc.url", String.class));
        env.put("OPENCIRT_DB_USER", config.getValue("quarkus.datasource.username", String.class));
        env.put("OPENCIRT_DB_PASSWORD", config.getValue("quarkus.datasource.password", String.class));
        env.put("OPENCIRT_KEYS_DB_URL", config.getValue("quarkus.datasource.keys.jdbc.url", String.class));
        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();
        var status = KekRotation.run(
                Map.copyOf(env),
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Outcome(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static List<Row> rows() throws SQLException {
        var config = ConfigProvider.getConfig();
        try (var database = DriverManager.getConnection(
                        config.getValue("quarkus.datasource.jdbc.url", String.class),
                        config.getValue("quarkus.datasource.username", String.class),
                        config.getValue("quarkus.datasource.password", String.class));
                var keyStore = DriverManager.getConnection(
                        config.getValue("quarkus.datasource.keys.jdbc.url", String.class),
                        config.getValue("quarkus.datasource.keys.username", String.class),
                        config.getValue("quarkus.datasource.keys.password", String.class))) {
            var rows = new ArrayList<Row>();
            for (var table : KekTable.values()) {
                var c = table.inKeyStore() ? keyStore : database;
                try (var rs = c.prepareStatement("select tenant, %s, %s, kek_id from %s order by id"
                                .formatted(table.keyColumn(), table.valueColumn(), table.table()))
                        .executeQuery()) {
                    while (rs.next()) {
                        rows.add(new Row(table, rs.getString(1), rs.getString(2), rs.getBytes(3), rs.getString(4)));
                    }
                }
            }
            return rows;
        }
    }

    private static void sql(String statement, Object... parameters) throws SQLException {
        var config = ConfigProvider.getConfig();
        try (var c = DriverManager.getConnection(
                        config.getValue("quarkus.datasource.jdbc.url", String.class),
                        config.getValue("quarkus.datasource.username", String.class),
                        config.getValue("quarkus.datasource.password", String.class));
                var s = c.prepareStatement(statement)) {
            for (int i = 0; i < parameters.length; i++) {
                s.setObject(i + 1, parameters[i]);
            }
            s.executeUpdate();
        }
    }

    /** At least one signing key, one secret and the data key of each demo CIRT exist. */
    private void someRowsOfEachKind() {
        for (var tenant : List.of("cert-ab", "cert-cd")) {
            dataKeys.seal(tenant, "test.rotation", "makes the data key");
            signingKeys.active(tenant);
            secrets.put(tenant, "rotation-" + UUID.randomUUID().toString().substring(0, 8), "value of " + tenant);
        }
    }

    @Test
    void afterRotationEveryKeyAndSecretDecryptsWithTheNewKekAndNoneWithTheOld() throws SQLException {
        someRowsOfEachKind();
        var oldKek = new KeyEncryption(configured);
        var newKekText = newKek();
        var newKek = new KeyEncryption(newKekText);
        var outcome = rotate(configured, newKekText);
        try {
            assertThat(outcome.status()).as(outcome.err()).isZero();
            assertThat(outcome.out())
                    .contains("signing key(s) re-encrypted")
                    .contains("CIRT secret(s) re-encrypted")
                    .contains("data key(s) re-encrypted")
                    .doesNotContain(configured)
                    .doesNotContain(newKekText);
            var rows = rows();
            assertThat(rows)
                    .extracting(Row::table)
                    .contains(KekTable.SIGNING_KEY, KekTable.CIRT_SECRET, KekTable.DATA_KEY);
            for (var row : rows) {
                assertThat(row.kekId()).as(row.toString()).isEqualTo(newKek.kekId());
                assertThat(newKek.decrypt(row.value(), row.table().associatedData(row.tenant(), row.key())))
                        .isNotEmpty();
                assertThatThrownBy(
                                () -> oldKek.decrypt(row.value(), row.table().associatedData(row.tenant(), row.key())))
                        .as(row.toString())
                        .isInstanceOf(IllegalStateException.class);
            }
            // a second run finds everything under the new KEK and changes nothing
            var again = rotate(configured, newKekText);
            assertThat(again.status()).isZero();
            assertThat(again.out())
                    .contains("0 signing key(s) re-encrypted")
                    .contains("0 CIRT secret(s) re-encrypted")
                    .contains("0 data key(s) re-encrypted");
            assertThat(rows()).usingRecursiveFieldByFieldElementComparator().containsExactlyElementsOf(rows);
        } finally {
            assertThat(rotate(newKekText, configured).status()).isZero();
        }
        assertThat(rows()).allSatisfy(row -> assertThat(row.kekId()).isEqualTo(oldKek.kekId()));
    }

    @Test
    void aRowThatFailsHalfwayLeavesEveryRowAsItWas() throws SQLException {
        someRowsOfEachKind();
        var kek = new KeyEncryption(configured);
        // sorted after every other row: the signing keys and the other secrets are re-encrypted first
        var broken = "zzz-damaged-" + UUID.randomUUID().toString().substring(0, 8);
        sql(
                "insert into cirt_secret (id, tenant, name, ciphertext, kek_id, created_at, updated_at) values (?, 'cert-cd', ?, ?, ?, now(), now())",
                UUID.randomUUID(),
                broken,
                new byte[40],
                kek.kekId());
        try {
            var before = rows();
            var newKekText = newKek();
            var outcome = rotate(configured, newKekText);
            assertThat(outcome.status()).isEqualTo(1);
            assertThat(outcome.err())
                    .contains("nothing was changed")
                    .contains("CIRT secret " + broken + " of cert-cd")
                    .contains("does not decrypt with the old KEK")
                    .doesNotContain(configured)
                    .doesNotContain(newKekText);
            assertThat(rows()).usingRecursiveFieldByFieldElementComparator().containsExactlyElementsOf(before);
        } finally {
            sql("delete from cirt_secret where name = ?", broken);
        }
    }

    @Test
    void aWrongOldKekChangesNothingAndNamesTheKindOfRowWithoutKeyMaterial() throws SQLException {
        someRowsOfEachKind();
        var before = rows();
        var wrong = newKek();
        var newKekText = newKek();
        var outcome = rotate(wrong, newKekText);
        assertThat(outcome.status()).isEqualTo(1);
        assertThat(outcome.err())
                .contains("nothing was changed")
                .contains("signing key")
                .contains(new KeyEncryption(wrong).kekId())
                .contains(new KeyEncryption(configured).kekId())
                .doesNotContain(wrong)
                .doesNotContain(newKekText)
                .doesNotContain(configured);
        assertThat(outcome.out()).isEmpty();
        assertThat(rows()).usingRecursiveFieldByFieldElementComparator().containsExactlyElementsOf(before);

        var malformed = rotate("c2hvcnQ=", newKekText);
        assertThat(malformed.status()).isEqualTo(2);
        assertThat(malformed.err()).contains("OPENCIRT_SIGNING_KEK_OLD must be 32 bytes");
        assertThat(rotate(configured, configured).status()).isEqualTo(2);
    }
}
