package org.opencirt.feed.parse;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.opencirt.observable.ObservableType;

/**
 * {@code urlhaus-csv}: abuse.ch URLhaus CSV dumps ({@code csv_recent}, {@code csv_online}, the
 * full dump).
 *
 * <ul>
 *   <li>{@code #} comment lines first; the columns are {@code id, dateadded, url, url_status,
 *       last_online, threat, tags, urlhaus_link, reporter}, named in a comment line
 *       ({@code # id,dateadded,url,...}), or in a first line that is not a comment, or nowhere:
 *       all three are read, and the named order wins over the default one (so a future extra
 *       column does no harm).</li>
 *   <li>Item: the url, type {@code url}; classification from {@code threat} through the
 *       classifications ({@code malware_download} -> {@code malware-distribution} built in);
 *       tags from {@code tags} split on {@code ,}; firstSeen {@code dateadded}, lastSeen
 *       {@code last_online} (UTC); sourceId {@code id}; description the status, the reporter and
 *       the URLhaus link. Offline URLs are items too: the ingestion decides.</li>
 *   <li>Invalid: as {@link CsvParser} (unreadable or too long record, no url column, a url with
 *       white space inside). {@code delimiter}, {@code header} and {@code fields} are not used.</li>
 * </ul>
 */
public final class UrlhausCsvParser implements FeedParser {

    static final List<String> COLUMNS = List.of(
            "id", "dateadded", "url", "url_status", "last_online", "threat", "tags", "urlhaus_link", "reporter");

    private static final Map<String, String> CLASSIFICATIONS = Map.of("malware_download", "malware-distribution");

    @Override
    public FeedFormat format() {
        return FeedFormat.URLHAUS_CSV;
    }

    @Override
    public void parse(FeedInput input, ParserOptions options, ItemSink sink) throws IOException {
        options.check(FeedFormat.URLHAUS_CSV);
        var rules = new Draft.Rules(options, ObservableType.URL, CLASSIFICATIONS);
        var records = new CsvRecords(input.body(), ',', options.commentPrefixes());
        List<String> columns = COLUMNS;
        boolean first = true;
        while (records.next()) {
            long line = records.line();
            if (records.blank()) {
                sink.skipped(line, Skips.BLANK_LINE);
                continue;
            }
            if (records.tooLong()) {
                sink.invalid(
                        line,
                        "record longer than " + LineReader.MAX_LINE + " characters (" + records.length() + ")",
                        Excerpts.of(records.text()));
                first = false;
                continue;
            }
            if (records.comment()) {
                List<String> named = headerInComment(records);
                if (named != null) {
                    columns = named;
                }
                sink.skipped(line, named != null ? Skips.HEADER : Skips.COMMENT);
                continue;
            }
            String[] row;
            try {
                row = records.fields();
            } catch (IOException e) {
                sink.invalid(line, "not a CSV record: " + JsonErrors.message(e), Excerpts.of(records.text()));
                first = false;
                continue;
            }
            if (first) {
                first = false;
                List<String> named = header(row);
                if (named != null) {
                    columns = named;
                    sink.skipped(line, Skips.HEADER);
                    continue;
                }
            }
            item(row, columns, line, rules, records.text(), sink);
        }
    }

    private static void item(
            String[] row, List<String> columns, long line, Draft.Rules rules, CharSequence text, ItemSink sink) {
        String url = cell(row, columns, "url");
        if (url == null) {
            sink.invalid(
                    line,
                    "record has " + row.length + " column" + (row.length == 1 ? "" : "s") + ", no url column",
                    Excerpts.of(text));
            return;
        }
        Draft draft = new Draft(url);
        draft.sourceId = cell(row, columns, "id");
        draft.firstSeen = Timestamps.parse(cell(row, columns, "dateadded"));
        draft.lastSeen = Timestamps.parse(cell(row, columns, "last_online"));
        draft.classification = cell(row, columns, "threat");
        String tags = cell(row, columns, "tags");
        if (tags != null) {
            for (String tag : tags.split(",")) {
                draft.tag(tag);
            }
        }
        List<String> about = new ArrayList<>();
        String status = cell(row, columns, "url_status");
        if (status != null && !status.isBlank()) {
            about.add(status.strip());
        }
        String reporter = cell(row, columns, "reporter");
        if (reporter != null && !reporter.isBlank()) {
            about.add("reported by " + reporter.strip());
        }
        String link = cell(row, columns, "urlhaus_link");
        if (link != null && !link.isBlank()) {
            about.add(link.strip());
        }
        draft.description = about.isEmpty() ? null : "URLhaus: " + String.join(", ", about);
        draft.finish(rules, line, text, sink);
    }

    private static String cell(String[] row, List<String> columns, String name) {
        int index = columns.indexOf(name);
        return index >= 0 && index < row.length ? row[index].strip() : null;
    }

    /** The column names of a comment line {@code # id,dateadded,url,...} (naming id and url), or null. */
    private static List<String> headerInComment(CsvRecords records) {
        String text = records.text().toString().strip();
        int start = 0;
        while (start < text.length()
                && (text.charAt(start) == '#'
                        || text.charAt(start) == ';'
                        || Character.isWhitespace(text.charAt(start)))) {
            start++;
        }
        String rest = text.substring(start);
        if (rest.indexOf(',') < 0) {
            return null;
        }
        try {
            return header(records.parse(rest));
        } catch (IOException e) {
            return null;
        }
    }

    /** The lower-case column names when this row is a header naming the url column, else null. */
    private static List<String> header(String[] row) {
        List<String> names = new ArrayList<>(row.length);
        for (String cell : row) {
            names.add(cell.strip().toLowerCase(Locale.ROOT));
        }
        return names.contains("url") && names.contains("id") ? names : null;
    }
}
