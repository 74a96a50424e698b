package org.opencirt.portability;

import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.SequencedSet;
import org.opencirt.common.archive.ArchiveFolder;
import org.opencirt.common.archive.ArchiveSource;
import org.opencirt.common.archive.CirtArchivePart;

/**
 * A part of the test build only, last by its folder's name (and in the import's order): it breaks off
 * the export or the import of the one CIRT a test names, after every real part wrote or stored its
 * share, or its offboarding, inside the transaction and after Keycloak; it does nothing for any other CIRT.
 */
@Singleton
public class BreakingArchivePart implements CirtArchivePart {

    /** The CIRT whose export breaks off, or null. */
    static volatile String breaks;

    @Override
    public String folder() {
        return "zbreak";
    }

    @Override
    public SequencedSet<String> tables() {
        return new LinkedHashSet<>();
    }

    @Override
    public Map<String, Long> export(String tenant, Connection snapshot, ArchiveFolder out) throws SQLException {
        if (tenant.equals(breaks)) {
            throw new SQLException("the test breaks this export off");
        }
        return Map.of();
    }

    @Override
    public Map<String, Long> importFrom(String tenant, Connection transaction, ArchiveSource in) throws SQLException {
        if (tenant.equals(breaks)) {
            throw new SQLException("the test breaks this import off");
        }
        return Map.of();
    }

    @Override
    public Map<String, Long> delete(String tenant, Connection transaction) throws SQLException {
        if (tenant.equals(breaks)) {
            throw new SQLException("the test breaks this offboarding off");
        }
        return Map.of();
    }
}
