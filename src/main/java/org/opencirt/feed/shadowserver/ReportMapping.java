package org.opencirt.feed.shadowserver;

import java.util.List;
import java.util.Locale;

/**
 * How one Shadowserver report type becomes events: read from {@code threat-feeds/shadowserver/*.yaml}
 * (schema {@code schemas/shadowserver-report.schema.json}, kebab-case keys).
 *
 * <p>Every row is an event about the host in the {@code ip} column: a constituent's host, the
 * victim or the exposed system, never an attacker to block.
 *
 * @param type              Shadowserver's report type ({@code scan_rdp}), as the Reports API lists it
 * @param name              a human name ({@code Accessible RDP})
 * @param fileNames         report names that start a file name after its date
 *                          ({@code 2024-05-01-scan_rdp-country-geo.csv} is {@code scan_rdp})
 * @param classification    an RSIT type ({@code vulnerable-system})
 * @param identifier        what exactly was seen, like IntelMQ's classification.identifier ({@code open-rdp})
 * @param defaultProtocol   the transport protocol when the row has none (null: none)
 * @param columns           which columns hold the event's fields
 * @param observables       columns whose values become observables of the event (null: none)
 * @param identifierColumn  a column whose non-empty value replaces the identifier (a sinkhole's
 *                          {@code infection}), or null
 * @param overrides         per-row classification from a column's value, or null
 */
public record ReportMapping(
        String type,
        String name,
        List<String> fileNames,
        String classification,
        String identifier,
        String defaultProtocol,
        Columns columns,
        List<ObservableColumn> observables,
        String identifierColumn,
        Overrides overrides) {

    /** The identifier of the events of a report type no mapping knows. */
    public static final String GENERIC_IDENTIFIER = "shadowserver-unknown-report";
    /** The classification of the events of a report type no mapping knows (RSIT other/undetermined). */
    public static final String GENERIC_CLASSIFICATION = "undetermined";

    public ReportMapping {
        fileNames = fileNames == null ? List.of() : List.copyOf(fileNames);
        observables = observables == null ? List.of() : List.copyOf(observables);
        columns = columns == null ? Columns.DEFAULT : columns;
    }

    /**
     * The columns of the event's fields. A column the header lacks is looked for under its other
     * documented name: {@code ip} and {@code src_ip}, {@code port} and {@code src_port},
     * {@code asn} and {@code src_asn}, {@code hostname} and {@code src_hostname} (scan reports
     * use the first, event reports the second).
     */
    public record Columns(String ip, String port, String protocol, String asn, String hostname, String timestamp) {

        /** The names scan reports use; the generic mapping's. */
        public static final Columns DEFAULT = new Columns("ip", "port", "protocol", "asn", "hostname", "timestamp");
    }

    /**
     * A column whose value is an observable.
     *
     * @param type an observable type's wire name, or {@code ip} for IPv4 or IPv6 as the value is
     */
    public record ObservableColumn(String column, String type) {}

    /** Per-row classification: the first value the column's value equals (ignoring case) applies. */
    public record Overrides(String column, List<Match> values) {

        public Overrides {
            values = values == null ? List.of() : List.copyOf(values);
        }

        /** The match for a cell, or null. */
        public Match matching(String cell) {
            if (cell == null || cell.isBlank()) {
                return null;
            }
            String value = cell.strip();
            for (Match match : values) {
                if (match.match().strip().equalsIgnoreCase(value)) {
                    return match;
                }
            }
            return null;
        }
    }

    /**
     * One value of {@link Overrides}.
     *
     * @param identifier replaces the report's identifier too, when given
     */
    public record Match(String match, String classification, String identifier) {}

    /**
     * The mapping of a report type no file describes: classification {@value #GENERIC_CLASSIFICATION},
     * identifier {@value #GENERIC_IDENTIFIER}; it still takes {@code ip}/{@code src_ip},
     * {@code port}/{@code src_port}, {@code protocol}, {@code asn}/{@code src_asn},
     * {@code hostname}/{@code src_hostname} and {@code timestamp} when the report has them.
     *
     * @param type the report type as the file name or the API gives it (kept for the events, with
     *             characters other than {@code a-z 0-9 _} replaced by {@code _}, at most 64)
     */
    public static ReportMapping generic(String type) {
        String name = type == null ? "" : type.strip().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]+", "_");
        name = name.isEmpty() ? "unknown" : name.substring(0, Math.min(name.length(), 64));
        return new ReportMapping(
                name,
                "Unknown Shadowserver report (" + name + ")",
                List.of(),
                GENERIC_CLASSIFICATION,
                GENERIC_IDENTIFIER,
                null,
                Columns.DEFAULT,
                List.of(),
                null,
                null);
    }

    /** Whether this is the mapping of a report type no file describes. */
    public boolean isGeneric() {
        return GENERIC_IDENTIFIER.equals(identifier);
    }
}
