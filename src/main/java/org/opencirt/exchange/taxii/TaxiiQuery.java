package org.opencirt.exchange.taxii;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.opencirt.common.problem.ApiException;

/**
 * The filters and paging of a TAXII 2.1 read ({@code added_after}, {@code match[...]}, {@code limit}, {@code next}), checked:
 * a comma inside one filter means OR, different filters AND; an empty set matches anything.
 *
 * @param versions the {@code match[version]} values: {@code first}, {@code last}, {@code all} or timestamps (default last)
 */
record TaxiiQuery(
        Instant addedAfter,
        Set<String> ids,
        Set<String> types,
        Set<String> versions,
        Set<String> specVersions,
        int limit,
        String next) {

    /** Objects in a page when the client names no limit. */
    static final int DEFAULT_LIMIT = 100;

    /** The most objects in a page: a larger limit is lowered to it. */
    static final int MAX_LIMIT = 1000;

    private static final Pattern TYPE = Pattern.compile("[a-z0-9][a-z0-9-]{0,248}[a-z0-9]");
    private static final Pattern ID = Pattern.compile(
            "[a-z0-9][a-z0-9-]{0,248}[a-z0-9]--[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    private static final int MAX_VALUES = 100;

    static TaxiiQuery of(
            String addedAfter,
            List<String> ids,
            List<String> types,
            List<String> versions,
            List<String> specVersions,
            String limit,
            String next) {
        var idSet = values("match[id]", ids);
        idSet.forEach(id -> {
            if (!ID.matcher(id).matches()) {
                throw ApiException.invalid("match[id]", "STIX ids such as indicator--<UUID>");
            }
        });
        var typeSet = values("match[type]", types);
        typeSet.forEach(type -> {
            if (!TYPE.matcher(type).matches()) {
                throw ApiException.invalid("match[type]", "STIX object types such as indicator");
            }
        });
        var versionSet = values("match[version]", versions);
        versionSet.forEach(version -> {
            if (!Set.of("first", "last", "all").contains(version)) {
                timestamp("match[version]", version);
            }
        });
        return new TaxiiQuery(
                addedAfter == null || addedAfter.isBlank() ? null : timestamp("added_after", addedAfter.strip()),
                Set.copyOf(idSet.stream()
                        .map(id -> id.toLowerCase(java.util.Locale.ROOT))
                        .toList()),
                Set.copyOf(typeSet),
                versionSet.isEmpty() ? Set.of("last") : Set.copyOf(versionSet),
                Set.copyOf(values("match[spec_version]", specVersions)),
                limit(limit),
                next == null || next.isBlank() ? null : next.strip());
    }

    /** The same query for one object. */
    TaxiiQuery forObject(String id) {
        if (!ID.matcher(id).matches()) {
            throw ApiException.notFound("Object");
        }
        return new TaxiiQuery(
                addedAfter,
                Set.of(id.toLowerCase(java.util.Locale.ROOT)),
                Set.of(),
                versions,
                specVersions,
                limit,
                next);
    }

    /** The same query for every version of one object. */
    TaxiiQuery allVersions(String id) {
        var one = forObject(id);
        return new TaxiiQuery(one.addedAfter, one.ids, one.types, Set.of("all"), specVersions, limit, next);
    }

    /** The query as the cursor is bound to it: a next of another query is refused. */
    String fingerprint(String collection) {
        return String.join(
                "\u0000",
                collection,
                String.valueOf(addedAfter),
                new java.util.TreeSet<>(ids).toString(),
                new java.util.TreeSet<>(types).toString(),
                String.valueOf(limit));
    }

    private static Set<String> values(String parameter, List<String> given) {
        var values = new LinkedHashSet<String>();
        for (var text : given == null ? List.<String>of() : given) {
            for (var value : text.split(",")) {
                if (!value.isBlank()) {
                    values.add(value.strip());
                }
            }
        }
        if (values.size() > MAX_VALUES) {
            throw ApiException.invalid(parameter, "at most %d values".formatted(MAX_VALUES));
        }
        return values;
    }

    private static Instant timestamp(String parameter, String text) {
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw ApiException.invalid(parameter, "a timestamp such as 2026-12-01T00:00:00.000Z");
        }
    }

    private static int limit(String text) {
        if (text == null || text.isBlank()) {
            return DEFAULT_LIMIT;
        }
        try {
            var limit = Integer.parseInt(text.strip());
            if (limit < 1) {
                throw ApiException.invalid("limit", "a positive number of objects");
            }
            return Math.min(limit, MAX_LIMIT);
        } catch (NumberFormatException e) {
            throw ApiException.invalid("limit", "a positive number of objects");
        }
    }
}
