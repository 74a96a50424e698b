package org.opencirt.portability;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.opencirt.common.archive.CirtArchivePart;

/**
 * A CIRT's archive cannot forget a table: every table of the schema with a CIRT column
 * ({@code tenant} or {@code owner}) is carried by exactly one feature's part, or left out by exactly
 * one, with the reason (docs/portability.md).
 */
@QuarkusTest
class CirtArchivePartsTest {

    @Inject
    CirtExport export;

    @Inject
    DataSource database;

    @Test
    void everyTableWithACirtColumnIsCarriedOrLeftOutWithItsReasonOnce() throws Exception {
        var claims = new HashMap<String, List<String>>();
        for (var part : export.parts()) {
            part.tables().forEach(table -> claim(claims, table, part.folder()));
            part.leftOut().forEach((table, reason) -> {
                assertThat(reason).as(table).isNotBlank();
                claim(claims, table, part.folder() + " (left out)");
            });
        }
        CirtExport.LEFT_OUT.keySet().forEach(table -> claim(claims, table, "the export (left out)"));

        var withCirtColumn = new TreeSet<String>(List.of("tenant")); // the CIRT's own row
        try (var connection = database.getConnection();
                var rows = connection.createStatement().executeQuery("""
                                select distinct table_name from information_schema.columns
                                 where table_schema = current_schema() and column_name in ('tenant', 'owner')""")) {
            while (rows.next()) {
                withCirtColumn.add(rows.getString(1));
            }
        }
        assertThat(withCirtColumn).contains("incident", "audit_entry", "shared_incident_copy");
        assertThat(withCirtColumn)
                .as("tables no part names")
                .allSatisfy(table -> assertThat(claims).containsKey(table));
        assertThat(claims)
                .as("tables named more than once")
                .allSatisfy((table, by) -> assertThat(by).hasSize(1));
        assertThat(claims.keySet()).as("names of tables that do not exist").isSubsetOf(withCirtColumn);
    }

    @Test
    void everyPartHasAFolderOfItsOwn() {
        var folders = export.parts().stream().map(CirtArchivePart::folder).toList();
        assertThat(folders).doesNotHaveDuplicates().allMatch(folder -> folder.matches("[a-z]+"));
        assertThat(folders)
                .contains(
                        "cirt",
                        "incidents",
                        "feeds",
                        "playbooks",
                        "advisories",
                        "secrets",
                        "exchange",
                        "retention",
                        "audit");
    }

    private static void claim(Map<String, List<String>> claims, String table, String by) {
        claims.computeIfAbsent(table, t -> new ArrayList<>()).add(by);
    }
}
