package org.opencirt.feed.shadowserver;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.opencirt.observable.Normaliser;
import org.opencirt.observable.Observable;
import org.opencirt.observable.ObservableType;

/**
 * Streams a Shadowserver report (CSV: a header row, then one row per host) into
 * {@link ReportEvent}s, one row at a time: the file is never held in memory.
 *
 * <p>A row that cannot be an event is skipped and counted by {@link SkipReason}, with the first
 * line of each reason; the reasons never quote a cell. More rows than {@link Limits#maxRows()}
 * stop the reading with a {@link ReportFormatException}. A header without the mapping's IP
 * column, or with a column named twice, is a {@link ReportFormatException} too.
 *
 * <p>Timestamps: {@code 2024-05-01 03:12:44} (Shadowserver's, UTC), ISO-8601 with or without an
 * offset (UTC when none), or a date alone (its start, UTC).
 */
public final class ReportReader {

    /**
     * What one report may hold.
     *
     * @param maxRows        data rows (skipped ones included); one more stops the reading
     * @param maxColumns     columns of the header and of a row
     * @param maxFieldLength characters of one cell
     * @param maxLineLength  characters of one record (its line, or lines when a quoted cell holds line breaks)
     */
    public record Limits(long maxRows, int maxColumns, int maxFieldLength, int maxLineLength) {

        /** Room for the largest national reports (a few hundred thousand rows of a hundred columns). */
        public static final Limits DEFAULT = new Limits(5_000_000, 500, 32 * 1024, 256 * 1024);

        public Limits {
            if (maxRows < 1 || maxColumns < 1 || maxFieldLength < 1 || maxLineLength < 1) {
                throw new IllegalArgumentException("limits must be positive");
            }
        }
    }

    /** Why a row was skipped. */
    public enum SkipReason {
        BLANK_LINE("blank line"),
        REPEATED_HEADER("the header again"),
        LINE_TOO_LONG("record longer than the line limit"),
        TOO_MANY_COLUMNS("more columns than the column limit"),
        FIELD_TOO_LONG("a cell longer than the field limit"),
        MALFORMED("not a CSV record (unbalanced quotes)"),
        COLUMN_COUNT("number of cells differs from the header"),
        MISSING_IP("no IP address"),
        INVALID_IP("the IP column is not an IP address"),
        NETWORK_NOT_ADDRESS("the IP column holds a network, not a host address"),
        INVALID_TIMESTAMP("the timestamp cannot be read");

        private final String description;

        SkipReason(String description) {
            this.description = description;
        }

        /** What the reason means, in words (no cell content). */
        public String description() {
            return description;
        }
    }

    /** How many rows a reason skipped, and the line of the first. */
    public record Skipped(long count, long firstLine) {}

    /**
     * What a report gave.
     *
     * @param reportType the mapping's report type
     * @param generic    whether the report type is unknown and was read with the generic mapping
     * @param rows       data rows read (header and blank lines not counted)
     * @param events     events given to the consumer
     * @param skipped    rows skipped, by reason, in reason order
     */
    public record Summary(
            String reportType, boolean generic, long rows, long events, Map<SkipReason, Skipped> skipped) {

        public Summary {
            var copy = new EnumMap<SkipReason, Skipped>(SkipReason.class);
            copy.putAll(skipped);
            skipped = Collections.unmodifiableMap(copy);
        }

        /** The number of rows a reason skipped (0 when none). */
        public long skippedFor(SkipReason reason) {
            Skipped s = skipped.get(reason);
            return s == null ? 0 : s.count();
        }
    }

    private static final Pattern PROTOCOL = Pattern.compile("[a-z][a-z0-9-]{0,15}");
    private static final Pattern HOSTNAME = Pattern.compile("[a-z0-9_]([a-z0-9_-]{0,62}\\.?)*");
    private static final Pattern DIGITS = Pattern.compile("[0-9]{1,10}");
    private static final Pattern IDENTIFIER_UNSAFE = Pattern.compile("[^a-z0-9._-]+");
    private static final Map<String, String> OTHER_NAME = Map.of(
            "ip",
            "src_ip",
            "src_ip",
            "ip",
            "port",
            "src_port",
            "src_port",
            "port",
            "asn",
            "src_asn",
            "src_asn",
            "asn",
            "hostname",
            "src_hostname",
            "src_hostname",
            "hostname");

    private final Limits limits;

    public ReportReader(Limits limits) {
        this.limits = limits;
    }

    /** A reader with {@link Limits#DEFAULT}. */
    public ReportReader() {
        this(Limits.DEFAULT);
    }

    /**
     * Reads a report with the mapping its file name identifies ({@link ReportMappings#forFile}).
     *
     * @throws ReportFormatException when the report cannot be read at all, or has too many rows
     */
    public Summary read(InputStream in, String fileName, ReportMappings mappings, Consumer<ReportEvent> events)
            throws IOException {
        return read(in, mappings.forFile(fileName), events);
    }

    /**
     * Reads a report with a mapping, giving each event to the consumer as it is read. Does not
     * close the stream.
     *
     * @throws ReportFormatException when the report cannot be read at all, or has too many rows
     */
    public Summary read(InputStream in, ReportMapping mapping, Consumer<ReportEvent> events) throws IOException {
        var records = new CsvRecordReader(in, limits.maxLineLength());
        var counts = new Counts(mapping);
        Header header = null;
        while (records.next()) {
            if (records.blank()) {
                counts.skip(SkipReason.BLANK_LINE, records.line());
                continue;
            }
            if (header == null) {
                header = header(records, mapping);
                continue;
            }
            if (++counts.rows > limits.maxRows()) {
                throw new ReportFormatException("the report has more than " + limits.maxRows()
                        + " rows (limit); read up to line " + records.line());
            }
            row(records, header, mapping, counts, events);
        }
        return counts.summary();
    }

    private Header header(CsvRecordReader records, ReportMapping mapping) throws ReportFormatException {
        if (records.tooLong()) {
            throw new ReportFormatException("the header on line " + records.line() + " is longer than "
                    + limits.maxLineLength() + " characters (limit)");
        }
        var fields = records.fields(limits.maxColumns(), limits.maxFieldLength());
        if (fields.problem() != null) {
            throw new ReportFormatException("the header on line " + records.line() + " cannot be read: "
                    + switch (fields.problem()) {
                        case TOO_MANY_COLUMNS -> "more than " + limits.maxColumns() + " columns (limit)";
                        case FIELD_TOO_LONG -> "a column name longer than " + limits.maxFieldLength() + " characters";
                        case MALFORMED -> "unbalanced quotes";
                    });
        }
        return Header.of(fields.values(), mapping, records.line());
    }

    private void row(
            CsvRecordReader records,
            Header header,
            ReportMapping mapping,
            Counts counts,
            Consumer<ReportEvent> events) {
        long line = records.line();
        if (records.tooLong()) {
            counts.skip(SkipReason.LINE_TOO_LONG, line);
            return;
        }
        var fields = records.fields(limits.maxColumns(), limits.maxFieldLength());
        if (fields.problem() != null) {
            counts.skip(
                    switch (fields.problem()) {
                        case TOO_MANY_COLUMNS -> SkipReason.TOO_MANY_COLUMNS;
                        case FIELD_TOO_LONG -> SkipReason.FIELD_TOO_LONG;
                        case MALFORMED -> SkipReason.MALFORMED;
                    },
                    line);
            return;
        }
        List<String> cells = fields.values().stream().map(String::strip).toList();
        if (header.repeats(cells)) {
            counts.skip(SkipReason.REPEATED_HEADER, line);
            return;
        }
        if (cells.size() != header.names.size()) {
            counts.skip(SkipReason.COLUMN_COUNT, line);
            return;
        }
        var used = new BitSet(cells.size());
        String ipCell = cells.get(header.ip);
        if (ipCell.isEmpty()) {
            counts.skip(SkipReason.MISSING_IP, line);
            return;
        }
        if (ipCell.indexOf('/') >= 0) {
            counts.skip(SkipReason.NETWORK_NOT_ADDRESS, line);
            return;
        }
        Optional<String> ip = ip(ipCell);
        if (ip.isEmpty()) {
            counts.skip(SkipReason.INVALID_IP, line);
            return;
        }
        used.set(header.ip);
        Instant timestamp = null;
        if (header.timestamp >= 0 && !cells.get(header.timestamp).isEmpty()) {
            timestamp = timestamp(cells.get(header.timestamp));
            if (timestamp == null) {
                counts.skip(SkipReason.INVALID_TIMESTAMP, line);
                return;
            }
            used.set(header.timestamp);
        } else if (header.timestamp >= 0) {
            used.set(header.timestamp);
        }
        Integer port = take(cells, header.port, used, ReportReader::port);
        String protocol = take(cells, header.protocol, used, ReportReader::protocol);
        if (protocol == null && mapping.defaultProtocol() != null) {
            protocol = mapping.defaultProtocol();
        }
        String asn = take(cells, header.asn, used, ReportReader::asn);
        String hostname = take(cells, header.hostname, used, ReportReader::hostname);
        var observables = new LinkedHashSet<Observable>();
        for (int i = 0; i < header.observables.size(); i++) {
            int index = header.observables.get(i);
            if (index < 0) {
                continue;
            }
            String type = mapping.observables().get(i).type();
            Observable observable = take(cells, index, used, cell -> observable(type, cell));
            if (observable != null) {
                observables.add(observable);
            }
        }
        String classification = mapping.classification();
        String identifier = mapping.identifier();
        boolean identifierSet = false;
        if (header.override >= 0) {
            var match = mapping.overrides().matching(cells.get(header.override));
            if (match != null) {
                classification = match.classification();
                if (match.identifier() != null) {
                    identifier = match.identifier();
                    identifierSet = true;
                }
            }
        }
        if (!identifierSet && header.identifier >= 0) {
            String named = identifier(cells.get(header.identifier));
            if (named != null) {
                identifier = named;
            }
        }
        var extra = new LinkedHashMap<String, String>();
        for (int i = 0; i < cells.size(); i++) {
            if (!used.get(i) && !cells.get(i).isEmpty()) {
                extra.putIfAbsent(header.names.get(i), cells.get(i));
            }
        }
        events.accept(new ReportEvent(
                mapping.type(),
                classification,
                identifier,
                timestamp,
                ip.get(),
                port,
                protocol,
                asn,
                hostname,
                List.copyOf(observables),
                Collections.unmodifiableSequencedMap(extra),
                line,
                digest(mapping.type(), header.names, cells)));
        counts.events++;
    }

    /** The cell read by {@code read}: marked used when it reads, else left for the extra fields. */
    private static <T> T take(List<String> cells, int index, BitSet used, Function<String, T> read) {
        if (index < 0) {
            return null;
        }
        String cell = cells.get(index);
        if (cell.isEmpty()) {
            used.set(index);
            return null;
        }
        T value = read.apply(cell);
        if (value != null) {
            used.set(index);
        }
        return value;
    }

    /** An IPv4 or IPv6 address, normalised; empty when the cell is neither. */
    static Optional<String> ip(String cell) {
        return Normaliser.tryNormalise(ObservableType.IPV4, cell)
                .or(() -> Normaliser.tryNormalise(ObservableType.IPV6, cell))
                .map(Observable::value);
    }

    static Instant timestamp(String cell) {
        String text = cell.strip();
        if (text.endsWith(" UTC")) {
            text = text.substring(0, text.length() - 4);
        }
        if (text.length() > 10 && text.charAt(10) == ' ') {
            text = text.substring(0, 10) + 'T' + text.substring(11);
        }
        try {
            if (text.length() == 10) {
                return LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant();
            }
            TemporalAccessor parsed =
                    DateTimeFormatter.ISO_DATE_TIME.parseBest(text, OffsetDateTime::from, LocalDateTime::from);
            return parsed instanceof OffsetDateTime offset
                    ? offset.toInstant()
                    : ((LocalDateTime) parsed).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    static Integer port(String cell) {
        if (!DIGITS.matcher(cell).matches()) {
            return null;
        }
        long port = Long.parseLong(cell);
        return port >= 1 && port <= 65535 ? (int) port : null;
    }

    static String protocol(String cell) {
        String protocol = cell.toLowerCase(Locale.ROOT);
        return PROTOCOL.matcher(protocol).matches() ? protocol : null;
    }

    static String asn(String cell) {
        String digits = cell.regionMatches(true, 0, "AS", 0, 2) ? cell.substring(2) : cell;
        if (!DIGITS.matcher(digits).matches()) {
            return null;
        }
        long asn = Long.parseLong(digits);
        return asn >= 1 && asn <= 4_294_967_295L ? "AS" + asn : null;
    }

    static String hostname(String cell) {
        String name = cell.toLowerCase(Locale.ROOT);
        if (name.endsWith(".")) {
            name = name.substring(0, name.length() - 1);
        }
        return name.length() <= 253 && HOSTNAME.matcher(name).matches() ? name : null;
    }

    private static Observable observable(String type, String cell) {
        if ("ip".equals(type)) {
            return Normaliser.tryNormalise(ObservableType.IPV4, cell)
                    .or(() -> Normaliser.tryNormalise(ObservableType.IPV6, cell))
                    .orElse(null);
        }
        return Normaliser.tryNormalise(ObservableType.fromWire(type), cell).orElse(null);
    }

    /** An identifier from a cell ({@code Avalanche Andromeda} → {@code avalanche-andromeda}), or null. */
    static String identifier(String cell) {
        String id = IDENTIFIER_UNSAFE
                .matcher(cell.strip().toLowerCase(Locale.ROOT))
                .replaceAll("-")
                .replaceAll("^[-._]+|[-._]+$", "");
        if (id.isEmpty()) {
            return null;
        }
        return id.length() > 100 ? id.substring(0, 100) : id;
    }

    /** SHA-256 over the report type and each column's name and stripped cell, in column order. */
    static String digest(String reportType, List<String> names, List<String> cells) {
        MessageDigest sha256;
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        sha256.update(reportType.getBytes(StandardCharsets.UTF_8));
        sha256.update((byte) '\n');
        for (int i = 0; i < cells.size(); i++) {
            sha256.update(names.get(i).getBytes(StandardCharsets.UTF_8));
            sha256.update((byte) 0x1f);
            sha256.update(cells.get(i).getBytes(StandardCharsets.UTF_8));
            sha256.update((byte) 0x1e);
        }
        return HexFormat.of().formatHex(sha256.digest());
    }

    /** The column names and where the mapped ones are (-1: absent). */
    private static final class Header {
        final List<String> names;
        final int ip;
        final int timestamp;
        final int port;
        final int protocol;
        final int asn;
        final int hostname;
        final int identifier;
        final int override;
        final List<Integer> observables;

        private Header(List<String> names, ReportMapping mapping) {
            this.names = names;
            var c = mapping.columns();
            this.ip = index(names, c.ip());
            this.timestamp = index(names, c.timestamp());
            this.port = index(names, c.port());
            this.protocol = index(names, c.protocol());
            this.asn = index(names, c.asn());
            this.hostname = index(names, c.hostname());
            this.identifier = index(names, mapping.identifierColumn());
            this.override = mapping.overrides() == null
                    ? -1
                    : index(names, mapping.overrides().column());
            var observables = new ArrayList<Integer>();
            mapping.observables().forEach(o -> observables.add(index(names, o.column())));
            this.observables = List.copyOf(observables);
        }

        static Header of(List<String> raw, ReportMapping mapping, long line) throws ReportFormatException {
            var names = new ArrayList<String>(raw.size());
            var seen = new LinkedHashSet<String>();
            for (int i = 0; i < raw.size(); i++) {
                String name = raw.get(i).strip();
                if (name.isEmpty()) {
                    throw new ReportFormatException(
                            "the header on line " + line + " has no name for column " + (i + 1));
                }
                if (!seen.add(name.toLowerCase(Locale.ROOT))) {
                    throw new ReportFormatException(
                            "the header on line " + line + " names column '" + name + "' twice");
                }
                names.add(name);
            }
            var header = new Header(List.copyOf(names), mapping);
            if (header.ip < 0) {
                String ip = mapping.columns().ip();
                throw new ReportFormatException("the header on line " + line + " has no IP column '" + ip + "'"
                        + (OTHER_NAME.containsKey(ip) ? " (nor '" + OTHER_NAME.get(ip) + "')" : "")
                        + " for report type " + mapping.type() + "; its columns: " + String.join(", ", names));
            }
            return header;
        }

        /** Whether a row is this header again (files joined together). */
        boolean repeats(List<String> cells) {
            if (cells.size() != names.size()) {
                return false;
            }
            for (int i = 0; i < cells.size(); i++) {
                if (!cells.get(i).equalsIgnoreCase(names.get(i))) {
                    return false;
                }
            }
            return true;
        }

        /** The column of a name (exactly, then ignoring case, then under its other documented name), or -1. */
        private static int index(List<String> names, String column) {
            if (column == null) {
                return -1;
            }
            int index = named(names, column);
            if (index < 0 && OTHER_NAME.containsKey(column)) {
                index = named(names, OTHER_NAME.get(column));
            }
            return index;
        }

        private static int named(List<String> names, String column) {
            int index = names.indexOf(column);
            if (index >= 0) {
                return index;
            }
            for (int i = 0; i < names.size(); i++) {
                if (names.get(i).equalsIgnoreCase(column)) {
                    return i;
                }
            }
            return -1;
        }
    }

    /** Rows, events and skips of one reading. */
    private static final class Counts {
        final ReportMapping mapping;
        final Map<SkipReason, Skipped> skipped = new EnumMap<>(SkipReason.class);
        long rows;
        long events;

        Counts(ReportMapping mapping) {
            this.mapping = mapping;
        }

        void skip(SkipReason reason, long line) {
            skipped.merge(reason, new Skipped(1, line), (a, b) -> new Skipped(a.count() + 1, a.firstLine()));
        }

        Summary summary() {
            return new Summary(mapping.type(), mapping.isGeneric(), rows, events, skipped);
        }
    }
}
