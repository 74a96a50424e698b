package org.opencirt.common.persistence;

import org.opencirt.common.crypto.DataKeys;

/**
 * An entity some of whose columns are sealed under its CIRT's data key ({@link DataKeys}, ADR 40),
 * annotated {@code @EntityListeners(SealingListener.class)}. Each sealed column is a package-private
 * field mapped to the column; the field the code reads and writes is {@code @Transient} and holds the
 * plaintext. The plaintext is opened when the row is loaded, and sealed when the row is persisted and
 * before every flush ({@link SealingInterceptor}), where a column whose plaintext did not change keeps
 * its ciphertext, so the row is not rewritten.
 */
public interface SealedColumns {

    /** Writes the plaintext fields into their sealed columns. */
    void sealColumns(DataKeys keys);

    /** Reads the sealed columns into their plaintext fields. */
    void openColumns(DataKeys keys);
}
