package org.opencirt.architecture;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Which feature owns each table, and which tables each feature's code names: a feature may name
 * only its own tables in SQL (DESIGN: a feature talks to another through its service, never
 * through its tables). ArchUnit sees types, not the text of queries, so this reads the strings
 * themselves.
 *
 * <p><b>Owners.</b> A table belongs to the feature of the entity that maps it ({@code @Table}, or
 * the entity's name without one). A table no entity maps (used by native SQL only) is named in an
 * explicit map, whose key may end in {@code *} for a family of tables (Quartz's). Every table the
 * Flyway migrations create (and do not drop or rename later) must have exactly one owner; an
 * explicit entry that names no table, or contradicts an entity, is a finding too.
 *
 * <p><b>Strings.</b> The strings of a class are read from its compiled constant pool (JVMS 4.4, every UTF-8
 * constant: string literals, text blocks, the recipes of string concatenation with their
 * placeholders, constants inlined from other classes, annotation values), not from the sources:
 * the compiler has already joined text blocks and concatenated constants, there are no comments
 * or Javadoc to mistake for SQL, and nested and generated classes are covered as they run. A
 * string is read as SQL when it starts (after blanks or an opening parenthesis) with a statement
 * keyword or {@code from}; the tables it names are the identifiers after {@code from} (with its
 * comma list), {@code join}, {@code into}, {@code update}, {@code table} and {@code using}. JPQL
 * counts as well: an entity name there is its feature's. A string that is exactly the name of a
 * table with an underscore in it (a name built into SQL at run time, {@code "... from %s"}) is
 * a reference too; single-word table names ({@code tenant}, {@code feed}) are ordinary words and
 * are only counted inside SQL. What stays invisible is a table name assembled from pieces at run
 * time.
 */
final class TableOwnership {

    /** A tolerated reference of a class (and its nested classes) to another feature's table, with the reason. */
    record Allowance(String className, String table, String reason) {}

    /** A string of a class that names a table of another feature. */
    record ForeignReference(String className, String feature, String table, String owner, String text) {

        @Override
        public String toString() {
            return "%s (%s) names %s's table %s in \"%s\""
                    .formatted(className, feature, owner, table, abbreviate(text));
        }
    }

    private static final Pattern STATEMENT = Pattern.compile(
            "(?is)^[\\s(]*(select|insert|update|delete|merge|truncate|with|lock|alter|create|drop|from)\\b.*");
    private static final Pattern TOKEN =
            Pattern.compile("\"([^\"]+)\"|([A-Za-z_][A-Za-z0-9_$]*(?:\\.[A-Za-z_][A-Za-z0-9_$]*)?)|(\\S)");
    private static final Set<String> NAME_AFTER = Set.of("join", "into", "update", "table", "using");
    private static final Set<String> SKIPPED = Set.of("only", "lateral", "if", "exists", "not");
    /** Words that end a table's alias in a from list. */
    private static final Set<String> CLAUSES = Set.of(
            "where",
            "group",
            "order",
            "limit",
            "having",
            "union",
            "for",
            "on",
            "join",
            "left",
            "right",
            "inner",
            "outer",
            "cross",
            "full",
            "natural",
            "returning",
            "window",
            "offset",
            "fetch",
            "set",
            "using",
            "values",
            "select",
            "except",
            "intersect",
            "as");

    private static final Pattern CREATE = Pattern.compile(
            "\\bcreate\\s+(?:or\\s+replace\\s+)?(?:unlogged\\s+|temporary\\s+|temp\\s+|materialized\\s+)?(?:table|view)\\s+"
                    + "(?:if\\s+not\\s+exists\\s+)?([a-z_][a-z0-9_.]*)");
    private static final Pattern RENAME = Pattern.compile(
            "\\balter\\s+table\\s+(?:if\\s+exists\\s+)?(?:only\\s+)?([a-z_][a-z0-9_.]*)\\s+rename\\s+to\\s+([a-z_][a-z0-9_]*)");
    private static final Pattern DROP = Pattern.compile(
            "\\bdrop\\s+(?:table|view)\\s+(?:if\\s+exists\\s+)?([a-z0-9_.,\\s]+?)\\s*(?:cascade|restrict)?\\s*;");
    private static final Pattern VERSION = Pattern.compile("^V(\\d+(?:[._]\\d+)*)__.*\\.sql$");

    private final ArchitectureRules features;
    private final JavaClasses classes;
    private final Map<String, String> owners = new TreeMap<>();
    private final Map<String, String> entityNames = new LinkedHashMap<>();
    private final List<String> problems = new ArrayList<>();

    /**
     * @param migrations Flyway scripts by file name ({@code V4__feeds.sql}), in any order
     * @param explicit   owners of tables no entity maps: table (or {@code prefix*}) to feature
     */
    TableOwnership(
            ArchitectureRules features,
            JavaClasses classes,
            Map<String, String> migrations,
            Map<String, String> explicit) {
        this.features = features;
        this.classes = classes;
        var tables = tablesOf(migrations);
        var mapped = new LinkedHashMap<String, String>();
        for (var c : classes) {
            var feature = features.featureOf(c);
            if (feature.isEmpty() || !c.isAnnotatedWith(Entity.class)) {
                continue;
            }
            var entity = c.getAnnotationOfType(Entity.class).name();
            entityNames.put(entity.isEmpty() ? c.getSimpleName() : entity, feature.get());
            var table = c.isAnnotatedWith(Table.class)
                            && !c.getAnnotationOfType(Table.class).name().isEmpty()
                    ? c.getAnnotationOfType(Table.class).name()
                    : c.getSimpleName();
            var name = unqualified(table.toLowerCase(Locale.ROOT));
            var before = mapped.put(name, feature.get());
            if (before != null && !before.equals(feature.get())) {
                problems.add("table %s is mapped by entities of two features, %s and %s"
                        .formatted(name, before, feature.get()));
            }
            if (!tables.contains(name)) {
                problems.add("entity %s maps table %s, which no migration creates".formatted(c.getName(), name));
            }
        }
        var used = new LinkedHashSet<String>();
        for (var table : tables) {
            var entity = mapped.get(table);
            var listed = explicit.entrySet().stream()
                    .filter(e -> matches(e.getKey(), table))
                    .toList();
            listed.forEach(e -> used.add(e.getKey()));
            if (entity != null) {
                listed.stream()
                        .filter(e -> !e.getValue().equals(entity))
                        .forEach(e -> problems.add("table %s is mapped by an entity of %s but listed for %s"
                                .formatted(table, entity, e.getValue())));
                owners.put(table, entity);
            } else if (listed.size() == 1) {
                owners.put(table, listed.getFirst().getValue());
            } else if (listed.isEmpty()) {
                problems.add(
                        "table %s has no owner: map it with an entity of its feature, or name its feature in the table owners"
                                .formatted(table));
            } else {
                problems.add("table %s is listed %d times in the table owners".formatted(table, listed.size()));
            }
        }
        explicit.keySet().stream()
                .filter(k -> !used.contains(k))
                .forEach(k -> problems.add("the table owners list %s, which no migration creates".formatted(k)));
    }

    /** Tables without exactly one owner, and owner entries that name nothing. */
    List<String> ownershipProblems() {
        return List.copyOf(problems);
    }

    /** Table to owning feature. */
    Map<String, String> owners() {
        return owners;
    }

    /** Every string of every class of a feature that names a table (or an entity) of another feature, less the allowances. */
    List<ForeignReference> foreignReferences(List<Allowance> allowances) {
        var found = new ArrayList<ForeignReference>();
        for (var c : classes) {
            var feature = features.featureOf(c);
            if (feature.isEmpty() || c.getSource().isEmpty()) {
                continue;
            }
            for (var text : strings(c)) {
                for (var name : namesIn(text)) {
                    var owner = name.entity() ? entityNames.get(name.name()) : owners.get(name.name());
                    if (owner != null
                            && !owner.equals(feature.get())
                            && allowances.stream().noneMatch(a -> covers(a, c, name.name()))) {
                        found.add(new ForeignReference(c.getName(), feature.get(), name.name(), owner, text));
                    }
                }
            }
        }
        found.sort(Comparator.comparing(ForeignReference::className).thenComparing(ForeignReference::table));
        return found;
    }

    private record Name(String name, boolean entity) {}

    /** The tables (lower case) and entity names a string names. */
    private Set<Name> namesIn(String text) {
        var names = new LinkedHashSet<Name>();
        if (text.contains("_") && owners.containsKey(text)) {
            names.add(new Name(text, false));
        }
        if (!STATEMENT.matcher(text).matches()) {
            return names;
        }
        var tokens = new ArrayList<String>();
        var matcher = TOKEN.matcher(text);
        while (matcher.find()) {
            tokens.add(
                    matcher.group(1) != null
                            ? matcher.group(1)
                            : matcher.group(2) != null ? matcher.group(2) : matcher.group(3));
        }
        for (int i = 0; i < tokens.size(); i++) {
            var word = tokens.get(i).toLowerCase(Locale.ROOT);
            if (word.equals("from")) {
                // a from list: name [[as] alias] {, name [[as] alias]}
                int j = i + 1;
                while (j < tokens.size()) {
                    j = skip(tokens, j);
                    if (j >= tokens.size() || !isIdentifier(tokens.get(j))) {
                        break;
                    }
                    add(names, tokens.get(j));
                    j++;
                    if (j < tokens.size() && tokens.get(j).equalsIgnoreCase("as")) {
                        j++;
                    }
                    if (j < tokens.size()
                            && isIdentifier(tokens.get(j))
                            && !CLAUSES.contains(tokens.get(j).toLowerCase(Locale.ROOT))) {
                        j++;
                    }
                    if (j < tokens.size() && tokens.get(j).equals(",")) {
                        j++;
                    } else {
                        break;
                    }
                }
            } else if (NAME_AFTER.contains(word)) {
                int j = skip(tokens, i + 1);
                if (j < tokens.size() && isIdentifier(tokens.get(j))) {
                    add(names, tokens.get(j));
                }
            }
        }
        return names;
    }

    private void add(Set<Name> names, String identifier) {
        if (entityNames.containsKey(identifier)) {
            names.add(new Name(identifier, true));
            return;
        }
        var table = unqualified(identifier.toLowerCase(Locale.ROOT));
        if (owners.containsKey(table)) {
            names.add(new Name(table, false));
        }
    }

    private static int skip(List<String> tokens, int from) {
        var j = from;
        while (j < tokens.size() && SKIPPED.contains(tokens.get(j).toLowerCase(Locale.ROOT))) {
            j++;
        }
        return j;
    }

    private static boolean isIdentifier(String token) {
        return Character.isLetter(token.charAt(0)) || token.charAt(0) == '_';
    }

    private static String unqualified(String table) {
        return table.startsWith("public.") ? table.substring("public.".length()) : table;
    }

    private static boolean covers(Allowance allowance, JavaClass c, String table) {
        return allowance.table().equals(table)
                && (c.getName().equals(allowance.className()) || c.getName().startsWith(allowance.className() + "$"));
    }

    private static boolean matches(String key, String table) {
        return key.endsWith("*") ? table.startsWith(key.substring(0, key.length() - 1)) : key.equals(table);
    }

    /**
     * Every UTF-8 constant of the class's compiled form (JVMS 4.4): the constant pool is read up to
     * its end, the rest of the class file is not needed. {@link DataInputStream#readUTF()} reads
     * exactly a {@code CONSTANT_Utf8} entry (a length, then modified UTF-8).
     */
    private static List<String> strings(JavaClass c) {
        var strings = new ArrayList<String>();
        try (var in =
                new DataInputStream(c.getSource().orElseThrow().getUri().toURL().openStream())) {
            if (in.readInt() != 0xCAFEBABE) {
                throw new IOException("not a class file");
            }
            in.readUnsignedShort(); // minor version
            in.readUnsignedShort(); // major version
            var count = in.readUnsignedShort();
            for (int i = 1; i < count; i++) {
                var tag = in.readUnsignedByte();
                switch (tag) {
                    case 1 -> strings.add(in.readUTF());
                    case 7, 8, 16, 19, 20 -> in.skipNBytes(2); // class, string, method type, module, package
                    case 15 -> in.skipNBytes(3); // method handle
                    case 3, 4, 9, 10, 11, 12, 17, 18 -> in.skipNBytes(4); // int, float, refs, name and type, dynamic
                    case 5, 6 -> { // long, double: two slots
                        in.skipNBytes(8);
                        i++;
                    }
                    default -> throw new IOException("unknown constant pool tag " + tag);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the class file of " + c.getName(), e);
        }
        return strings;
    }

    /** The tables the migrations leave, applied in version order. */
    static Set<String> tablesOf(Map<String, String> migrations) {
        var ordered = new TreeMap<List<Integer>, String>(TableOwnership::compareVersions);
        migrations.forEach((file, text) -> {
            var version = VERSION.matcher(file);
            if (!version.matches()) {
                throw new IllegalArgumentException("not a versioned migration: " + file);
            }
            ordered.put(
                    java.util.Arrays.stream(version.group(1).split("[._]"))
                            .map(Integer::valueOf)
                            .toList(),
                    text);
        });
        var tables = new LinkedHashSet<String>();
        for (var script : ordered.values()) {
            var sql = script.replaceAll("--[^\\n]*", " ").toLowerCase(Locale.ROOT);
            // creates, renames and drops in the order the script runs them
            var changes = new TreeMap<Integer, Runnable>();
            var created = CREATE.matcher(sql);
            while (created.find()) {
                var table = unqualified(created.group(1));
                changes.put(created.start(), () -> tables.add(table));
            }
            var renamed = RENAME.matcher(sql);
            while (renamed.find()) {
                var from = unqualified(renamed.group(1));
                var to = renamed.group(2);
                changes.put(renamed.start(), () -> {
                    tables.remove(from);
                    tables.add(to);
                });
            }
            var dropped = DROP.matcher(sql);
            while (dropped.find()) {
                var names = dropped.group(1).split(",");
                changes.put(dropped.start(), () -> {
                    for (var table : names) {
                        tables.remove(unqualified(table.strip()));
                    }
                });
            }
            changes.values().forEach(Runnable::run);
        }
        return tables;
    }

    private static int compareVersions(List<Integer> a, List<Integer> b) {
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
            var c = Integer.compare(a.get(i), b.get(i));
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(a.size(), b.size());
    }

    private static String abbreviate(String text) {
        var line = text.strip().replaceAll("\\s+", " ");
        return line.length() > 160 ? line.substring(0, 159) + "…" : line;
    }
}
