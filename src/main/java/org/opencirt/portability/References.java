package org.opencirt.portability;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import java.util.regex.Pattern;
import org.opencirt.common.archive.ArchiveRefused;

/**
 * The import's last check before it commits: no row it stored refers to a row of another CIRT. The
 * schema's foreign keys say a reference exists; they cannot say whose the row it points at is. For
 * every single-column foreign key from a table the import filled to a table with a {@code tenant}
 * column, a join finds any stored row of the CIRT pointing at a row of someone else (a forged
 * archive naming another CIRT's incident by its id).
 */
final class References {

    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]{0,62}");

    private References() {}

    /**
     * @param paths the file each filled table came from, by table
     * @throws ArchiveRefused naming the file whose rows point at another CIRT's
     */
    static void check(Connection transaction, String tenant, Map<String, String> paths) throws SQLException {
        try (var select = transaction.prepareStatement("""
                        select c.conrelid::regclass::text, a.attname, c.confrelid::regclass::text, f.attname
                          from pg_constraint c
                          join pg_attribute a on a.attrelid = c.conrelid and a.attnum = c.conkey[1]
                          join pg_attribute f on f.attrelid = c.confrelid and f.attnum = c.confkey[1]
                         where c.contype = 'f' and cardinality(c.conkey) = 1
                           and exists (select 1 from pg_attribute t
                                        where t.attrelid = c.conrelid and t.attname = 'tenant' and not t.attisdropped)
                           and exists (select 1 from pg_attribute t
                                        where t.attrelid = c.confrelid and t.attname = 'tenant' and not t.attisdropped)""");
                var keys = select.executeQuery()) {
            while (keys.next()) {
                var child = keys.getString(1);
                if (!paths.containsKey(child)) {
                    continue;
                }
                var sql =
                        "select 1 from %s c join %s p on p.%s = c.%s where c.tenant = ? and p.tenant is distinct from ? limit 1"
                                .formatted(
                                        name(child),
                                        name(keys.getString(3)),
                                        name(keys.getString(4)),
                                        name(keys.getString(2)));
                try (var probe = transaction.prepareStatement(sql)) {
                    probe.setString(1, tenant);
                    probe.setString(2, tenant);
                    try (var found = probe.executeQuery()) {
                        if (found.next()) {
                            throw new ArchiveRefused("%s: a row refers to another CIRT's %s"
                                    .formatted(paths.get(child), keys.getString(3)));
                        }
                    }
                }
            }
        }
    }

    private static String name(String name) {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("not a plain SQL name");
        }
        return name;
    }
}
