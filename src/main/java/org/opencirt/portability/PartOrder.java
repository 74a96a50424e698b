package org.opencirt.portability;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.opencirt.common.archive.CirtArchivePart;

/**
 * The order in which the import stores the parts (the offboarding deletes them in the reverse one),
 * read from the schema's foreign keys: a part comes after every part whose tables its tables refer to,
 * so no feature has to know which others it depends on.
 */
final class PartOrder {

    private PartOrder() {}

    /** The parts, each after the ones it refers to; by folder where nothing orders them. */
    static List<CirtArchivePart> of(List<CirtArchivePart> parts, Connection connection) throws SQLException {
        var owner = new HashMap<String, CirtArchivePart>();
        parts.forEach(part -> part.tables().forEach(table -> owner.put(table, part)));
        Map<CirtArchivePart, Set<CirtArchivePart>> after = new HashMap<>();
        parts.forEach(part -> after.put(part, new HashSet<>()));
        try (var select = connection.prepareStatement(
                        "select conrelid::regclass::text, confrelid::regclass::text from pg_constraint where contype = 'f'");
                var rows = select.executeQuery()) {
            while (rows.next()) {
                var child = owner.get(rows.getString(1));
                var parent = owner.get(rows.getString(2));
                if (child != null && parent != null && child != parent) {
                    after.get(child).add(parent);
                }
            }
        }
        var ordered = new ArrayList<CirtArchivePart>();
        var left = new ArrayList<>(parts);
        while (!left.isEmpty()) {
            var next = left.stream()
                    .filter(part -> ordered.containsAll(after.get(part)))
                    .findFirst()
                    .orElseThrow(
                            () -> new IllegalStateException("the archive's parts refer to each other in a circle"));
            ordered.add(next);
            left.remove(next);
        }
        return ordered;
    }
}
