package org.opencirt.feed.parse;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code taxii-collection}: a TAXII 2.1 collection's {@code objects/} endpoint, page after page.
 *
 * <ul>
 *   <li>The body is the first page, which the caller fetched from the feed URL with
 *       {@code Accept: application/taxii+json;version=2.1} and {@code added_after=<checkpoint>}
 *       when it had one. A page is an envelope {@code {"more":..,"next":..,"objects":[..]}}
 *       (members in any order); its objects are handled as in a bundle ({@link StixObjects}). A
 *       TAXII 2.0-style bundle as a page reads too.</li>
 *   <li>While {@code more} is true, the next page is fetched through the fetcher from the feed
 *       URL with {@code next=<next>} (and {@code added_after=<checkpoint>} when there is one,
 *       replacing those of the feed URL, keeping its other filters), with the same
 *       {@code Accept} header. A server that says {@code more} without {@code next} is followed
 *       with {@code added_after=<X-TAXII-Date-Added-Last>} when the page's headers are visible
 *       (see below), else the reading stops with an invalid entry. At most
 *       {@value #MAX_PAGES} pages are read in one run: then an invalid entry
 *       {@code page limit reached} and the checkpoint let the next run go on.</li>
 *   <li>Checkpoint: called once at the end, after the last page read completely. When the
 *       streams of the pages implement {@link ResponseHeaders}, it is the
 *       {@code X-TAXII-Date-Added-Last} of the last page that had one: exactly what TAXII means
 *       to resume from. Otherwise (headers are not visible through a plain InputStream), it is the
 *       latest {@code modified} (else {@code created}) of all objects read, written with
 *       millisecond precision, and never earlier than the checkpoint the run started from. That
 *       fallback is safe when, as usual, objects are added to a server after they were last
 *       modified: nothing is missed, some objects may come again (upserts make that harmless);
 *       objects added long after they were modified may come again on every run. No checkpoint
 *       when no timestamp was seen.</li>
 *   <li>Position: the 0-based index of the object, counted on across pages.</li>
 *   <li>{@link FeedFormatException}: the first page is empty, not JSON, not an object, or a TAXII
 *       error ({@code {"title":..,"http_status":..}}); a later page that is so gives an invalid
 *       entry and ends the reading without a checkpoint. A page that cannot be fetched throws the
 *       fetcher's IOException (the run failed; the old checkpoint stays).</li>
 * </ul>
 */
public final class TaxiiCollectionParser implements FeedParser {

    /** The media type of TAXII 2.1 answers, sent as {@code Accept}. */
    public static final String TAXII_MEDIA_TYPE = "application/taxii+json;version=2.1";

    /** The header of the last page's latest {@code date_added}. */
    public static final String DATE_ADDED_LAST = "X-TAXII-Date-Added-Last";

    static final int MAX_PAGES = 1000;

    private final Clock clock;
    private final int maxPages;

    TaxiiCollectionParser(Clock clock, int maxPages) {
        this.clock = Objects.requireNonNull(clock);
        this.maxPages = maxPages;
    }

    @Override
    public FeedFormat format() {
        return FeedFormat.TAXII_COLLECTION;
    }

    @Override
    public void parse(FeedInput input, ParserOptions options, ItemSink sink) throws IOException {
        options.check(FeedFormat.TAXII_COLLECTION);
        var objects = new StixObjects(options, clock, sink);
        String addedAfter = blankToNull(input.checkpoint());
        String headerCheckpoint = null;
        long index = 0;
        InputStream page = input.body();
        String lastNext = null;
        boolean complete = false;
        for (int number = 1; ; number++) {
            StixEnvelope.Result result;
            try {
                result = read(page, number, index, objects, sink);
            } catch (FeedFormatException e) {
                if (number == 1) {
                    throw e;
                }
                sink.invalid(index, "page " + number + ": " + e.getMessage(), "");
                break;
            } finally {
                if (number > 1) {
                    page.close();
                }
            }
            index += result.objects();
            if (result.broken()) {
                break;
            }
            Optional<String> added = page instanceof ResponseHeaders h ? h.header(DATE_ADDED_LAST) : Optional.empty();
            if (added.isPresent() && !added.get().isBlank()) {
                headerCheckpoint = added.get().strip();
            }
            boolean more = result.members()
                    .getOrDefault("more", Json.MAPPER.nullNode())
                    .asBoolean(false);
            if (!more) {
                complete = true;
                break;
            }
            String next = Json.text(result.members().get("next"));
            if (next == null || next.isBlank()) {
                if (added.isEmpty()) {
                    sink.invalid(index, "the server says more but gives no next; the rest is read on the next run", "");
                    complete = true;
                    break;
                }
                addedAfter = added.get().strip();
                next = null;
            } else if (next.equals(lastNext)) {
                sink.invalid(index, "the server gave the same next '" + Excerpts.of(next) + "' twice; stopped", "");
                complete = true;
                break;
            }
            if (number >= maxPages) {
                sink.invalid(
                        index, "page limit reached (" + maxPages + " pages); the rest is read on the next run", "");
                complete = true;
                break;
            }
            lastNext = next;
            if (input.fetcher() == null) {
                throw new IllegalArgumentException("taxii-collection needs a ResourceFetcher to read the next page");
            }
            page = input.fetcher().fetch(nextUrl(input.url(), addedAfter, next), Map.of("Accept", TAXII_MEDIA_TYPE));
        }
        if (complete) {
            String checkpoint =
                    headerCheckpoint != null ? headerCheckpoint : fromObjects(objects.latest(), input.checkpoint());
            if (checkpoint != null) {
                sink.checkpoint(checkpoint);
            }
        }
    }

    private static StixEnvelope.Result read(
            InputStream page, int number, long index, StixObjects objects, ItemSink sink) throws IOException {
        var result = StixEnvelope.read(page, "TAXII envelope", index, objects, sink, (name, value) -> {});
        JsonNode title = result.members().get("title");
        if (!result.sawObjects()
                && title != null
                && (result.members().containsKey("http_status")
                        || result.members().containsKey("error_code")
                        || result.members().containsKey("description"))) {
            throw new FeedFormatException("TAXII error: " + Excerpts.of(title.asText())
                    + Optional.ofNullable(Json.text(result.members().get("description")))
                            .map(d -> ": " + Excerpts.of(d))
                            .orElse(""));
        }
        return result;
    }

    /** The latest object timestamp, never before the run's own starting checkpoint. */
    private static String fromObjects(Instant latest, String previous) {
        if (latest == null) {
            return null;
        }
        Instant before = Timestamps.parse(previous);
        if (before != null && !latest.isAfter(before)) {
            return previous;
        }
        return Timestamps.format(latest);
    }

    /**
     * The feed URL with {@code added_after} (when given: it replaces the URL's own) and
     * {@code next} (when given: it replaces the URL's own); other parameters are kept in order.
     */
    public static String nextUrl(String feedUrl, String addedAfter, String next) {
        String base = feedUrl == null ? "" : feedUrl;
        String fragment = "";
        int hash = base.indexOf('#');
        if (hash >= 0) {
            fragment = base.substring(hash);
            base = base.substring(0, hash);
        }
        int question = base.indexOf('?');
        String path = question < 0 ? base : base.substring(0, question);
        List<String> params = new ArrayList<>();
        if (question >= 0) {
            for (String param : base.substring(question + 1).split("&")) {
                String name = param.contains("=") ? param.substring(0, param.indexOf('=')) : param;
                boolean replaced = name.equals("next") || (addedAfter != null && name.equals("added_after"));
                if (!param.isEmpty() && !replaced) {
                    params.add(param);
                }
            }
        }
        if (addedAfter != null) {
            params.add("added_after=" + URLEncoder.encode(addedAfter, StandardCharsets.UTF_8));
        }
        if (next != null) {
            params.add("next=" + URLEncoder.encode(next, StandardCharsets.UTF_8));
        }
        return path + (params.isEmpty() ? "" : "?" + String.join("&", params)) + fragment;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
