package org.opencirt.common.archive;

import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.SequencedSet;

/**
 * One feature's share of a CIRT's archive (docs/portability.md): the files it writes under its
 * folder, read from the one snapshot every part of an export shares. Each feature that keeps a
 * CIRT's rows has a part (a CDI bean); every table with a CIRT column is named by exactly one part,
 * as carried or as left out with the reason ({@code CirtArchivePartsTest}), so a new table cannot be
 * forgotten by the export.
 */
public interface CirtArchivePart {

    /** The part's folder in the archive ({@code incidents}): a lower-case word, unique among the parts. */
    String folder();

    /** The parts in the order of their folders' names: the order the export, the import and the offboarding start from. */
    static List<CirtArchivePart> byFolder(List<CirtArchivePart> parts) {
        return parts.stream()
                .sorted(Comparator.comparing(CirtArchivePart::folder))
                .toList();
    }

    /** The tables whose rows of the CIRT this part writes, in the order their rows depend on each other. */
    SequencedSet<String> tables();

    /** The tables with a CIRT column this part deliberately leaves out, each with the reason (docs/portability.md). */
    default Map<String, String> leftOut() {
        return Map.of();
    }

    /**
     * Writes the CIRT's files under the part's folder, reading only through {@code snapshot}: a
     * read-only, repeatable-read transaction the export opened for every part, which the part
     * neither commits nor closes. Large tables are read with a cursor (a fetch size on the
     * statement) and written as they are read, never held in memory.
     *
     * @return what the manifest says of this part: counts of what it wrote, by kind ({@code incidents: 1200})
     */
    Map<String, Long> export(String tenant, Connection snapshot, ArchiveFolder out) throws IOException, SQLException;

    /**
     * Reads the part's files back into the CIRT's rows, through {@code transaction}: the import's one
     * transaction, which the part neither commits nor closes. Rows are checked as they are read: every
     * column that names a CIRT names this one ({@link TableRows#insert}), and what names another CIRT
     * of the old installation is left out or refused.
     *
     * @return what the part stored, by kind ({@code incident: 1200})
     * @throws ArchiveRefused naming the file and what is wrong with it
     */
    Map<String, Long> importFrom(String tenant, Connection transaction, ArchiveSource in)
            throws IOException, SQLException;

    /**
     * Deletes the CIRT's rows of the part's tables (offboarding), through {@code transaction}; the
     * parts are called in the reverse of their import order.
     *
     * @return the rows deleted, by table
     */
    Map<String, Long> delete(String tenant, Connection transaction) throws SQLException;
}
