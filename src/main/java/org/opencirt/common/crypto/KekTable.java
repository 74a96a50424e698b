package org.opencirt.common.crypto;

/**
 * Every table whose rows hold a value encrypted under the KEK, with what binds each ciphertext to
 * its row (the associated data of AES-GCM: a prefix, the CIRT and the row's key). The features
 * encrypt through these, and {@link KekRotation} re-encrypts every row of every one, so a new
 * encrypted table is rotated as soon as it is listed here.
 */
public enum KekTable {

    /** The CIRTs' private OpenPGP keys (advisory signing), bound to CIRT and fingerprint. */
    SIGNING_KEY("signing key", "advisory_signing_key", "fingerprint", "private_key", "opencirt-signing-key/"),
    /** The CIRTs' secrets (feed credentials, webhook keys), bound to CIRT and name. */
    CIRT_SECRET("CIRT secret", "cirt_secret", "name", "ciphertext", "opencirt-secret/"),
    /** The CIRTs' data keys ({@link DataKeys}), in the key store's database, bound to CIRT and id. */
    DATA_KEY("data key", "data_key", "id", "wrapped", "opencirt-data-key/");

    private final String label;
    private final String table;
    private final String keyColumn;
    private final String valueColumn;
    private final String prefix;

    KekTable(String label, String table, String keyColumn, String valueColumn, String prefix) {
        this.label = label;
        this.table = table;
        this.keyColumn = keyColumn;
        this.valueColumn = valueColumn;
        this.prefix = prefix;
    }

    /** Whether the table is in the key store's database rather than the system of record. */
    boolean inKeyStore() {
        return this == DATA_KEY;
    }

    /** The associated data of a row's ciphertext. */
    public String associatedData(String tenant, String key) {
        return prefix + tenant + "/" + key;
    }

    /** What a row is, for people: {@code signing key}, {@code CIRT secret}. */
    public String label() {
        return label;
    }

    String table() {
        return table;
    }

    String keyColumn() {
        return keyColumn;
    }

    String valueColumn() {
        return valueColumn;
    }
}
