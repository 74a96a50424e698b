package org.opencirt.feed.parse;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.CharConversionException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.opencirt.common.Tlp;
import org.opencirt.incident.model.Rsit;
import org.opencirt.observable.ObservableType;

/**
 * {@code misp-feed}: a MISP feed, {@code manifest.json} plus one {@code <uuid>.json} per event.
 *
 * <ul>
 *   <li>The body is {@code manifest.json}: {@code {"<event uuid>": {info, date, timestamp,
 *       threat_level_id, analysis, Orgc, Tag: [{name}]}, ...}}. Events are read in the order of
 *       their uuids (stable whatever the manifest's order); each is fetched as
 *       {@code <uuid>.json} relative to the feed URL's folder (absolute when the feed URL is
 *       known) with {@code Accept: application/json}, and its {@code Event.Attribute[]} and
 *       {@code Event.Object[].Attribute[]} are streamed: the attributes of MISP objects (a
 *       {@code file} object's md5 / sha256 / filename, a {@code domain-ip} object's domain and ip)
 *       are read as the event's own. A manifest key that is no uuid is invalid and not
 *       fetched.</li>
 *   <li>Attribute types: {@code ip-src}, {@code ip-dst} -> ipv4 / ipv6 by the value (cidr with a
 *       {@code /}); {@code domain}, {@code hostname} -> domain; {@code url} -> url; {@code md5},
 *       {@code sha1}, {@code sha256}, {@code sha512} (and {@code filename|<hash>}: the hash) ->
 *       hashes; {@code email}, {@code email-src}, {@code email-dst}, {@code email-reply-to} ->
 *       email; {@code AS} -> asn; {@code vulnerability} -> cve; {@code filename} -> filename. Composites: {@code domain|ip}
 *       gives two items (the domain, then the address); {@code ip-src|port},
 *       {@code ip-dst|port}, {@code hostname|port} give the address or host with the tag
 *       {@code port:<port>}; a composite without its two parts is invalid.</li>
 *   <li>{@code to_ids}: MISP's flag for "use this to detect". Attributes with
 *       {@code to_ids: false} are context, not indicators: skipped (counted as {@code to_ids false}), whatever their
 *       type (a missing flag counts as true). An attribute of another type with
 *       {@code to_ids: true} is invalid ({@code unsupported MISP attribute type 'x'}): the
 *       producer meant it as an indicator and OpenCIRT cannot use it, so it is counted.
 *       {@code deleted} attributes, and all attributes of a {@code deleted} object, are skipped
 *       (counted as {@code deleted}).</li>
 *   <li>Item fields: firstSeen the attribute's {@code first_seen}, else its {@code timestamp},
 *       else the event's (epoch seconds); lastSeen the later of the attribute's {@code last_seen} and
 *       its latest sighting (type 0; false-positive and expiration sightings are not used): the
 *       attribute's own {@code Sighting[]}, and the event's {@code Event.Sighting[]} entries that
 *       name its {@code attribute_uuid} when that array comes before the attribute in the file (a
 *       streamed event is not read twice; at most {@value #MAX_SIGHTINGS} an event); tags the
 *       event's tags from the manifest, then the attribute's own tags; TLP from
 *       {@code tlp:clear|white|green|amber|amber+strict|red} tags (white is CLEAR; the strictest of
 *       event and attribute tags); classification from a tag {@code rsit:<category>="<type>"} or
 *       {@code ecsirt:<category>="<type>"} naming an RSIT type ({@code ecsirt:...="c2server"} is
 *       {@code c2-server}), else from the classifications keyed by tag name; description the
 *       event's {@code info} (and the attribute's {@code comment}); sourceId the event uuid.</li>
 *   <li>A missing or broken event file is one invalid entry, not a failure of the feed; the
 *       items read before the break of a broken file stay. When no event at all can be fetched
 *       or read through, an IOException (caused by the fetcher's first one) is thrown after the
 *       invalid entries: the feed server is down, that run failed. An interrupted thread stops
 *       the reading at once.</li>
 *   <li>Position: the 0-based index of the attribute, counted on across events (event-level
 *       invalid entries take the index of the next attribute; manifest entries that are no
 *       event, their 0-based index in the manifest). {@code hashes.csv} is not read.</li>
 *   <li>{@link FeedFormatException}: the manifest is empty, not JSON or not an object.</li>
 * </ul>
 */
public final class MispFeedParser implements FeedParser {

    private static final Pattern UUID =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    private static final Pattern TAXONOMY_TAG = Pattern.compile("(?i)(rsit|ecsirt):[a-z-]+=\"?([a-z0-9-]+)\"?");
    private static final Map<String, String> ECSIRT_TYPES = Map.of(
            "c2server",
            "c2-server",
            "malware-distribution",
            "malware-distribution",
            "scanner",
            "scanner",
            "brute-force",
            "brute-force",
            "phishing",
            "phishing",
            "spam",
            "spam",
            "ddos",
            "ddos",
            "exploit",
            "exploit");

    @Override
    public FeedFormat format() {
        return FeedFormat.MISP_FEED;
    }

    /** How many event-level sightings ({@code Event.Sighting[]}) are remembered per event. */
    static final int MAX_SIGHTINGS = 100_000;

    /**
     * An event of the manifest, and the latest sighting of its attributes by uuid (from
     * {@code Event.Sighting[]}, filled while the event is read, cleared after).
     */
    private record Event(
            String uuid,
            String info,
            Instant timestamp,
            List<String> tags,
            Tlp tlp,
            String classification,
            Map<String, Instant> sightings) {}

    @Override
    public void parse(FeedInput input, ParserOptions options, ItemSink sink) throws IOException {
        options.check(FeedFormat.MISP_FEED);
        var rules = new Draft.Rules(options, null, Map.of());
        Map<String, Event> events = manifest(input.body(), rules, sink);
        if (events.isEmpty()) {
            return;
        }
        if (input.fetcher() == null) {
            throw new IllegalArgumentException("misp-feed needs a ResourceFetcher to read the events");
        }
        long[] position = {0};
        int fetchFailures = 0;
        IOException firstFailure = null;
        for (Event event : events.values()) {
            String url = eventUrl(input.url(), event.uuid());
            var step = "fetched";
            try {
                InputStream body = input.fetcher().fetch(url, Map.of("Accept", "application/json"));
                step = "read";
                try (body) {
                    event(body, event, rules, position, sink);
                } finally {
                    event.sightings().clear();
                }
            } catch (IOException e) {
                if (e instanceof InterruptedIOException
                        && Thread.currentThread().isInterrupted()) {
                    throw e;
                }
                fetchFailures++;
                firstFailure = firstFailure == null ? e : firstFailure;
                sink.invalid(
                        position[0],
                        "event " + event.uuid() + " cannot be " + step + ": " + JsonErrors.message(e),
                        Excerpts.of(url));
            }
        }
        if (fetchFailures == events.size()) {
            throw new IOException("none of the " + events.size() + " MISP events could be fetched", firstFailure);
        }
    }

    /**
     * {@code <uuid>.json} in the folder of the feed URL: resolved as RFC 3986 says for a
     * hierarchical URL, next to the last {@code /} for an opaque one ({@code file:misp/manifest.json}),
     * relative when the feed URL is unknown (the fetcher resolves it).
     */
    static String eventUrl(String feedUrl, String uuid) {
        String file = uuid + ".json";
        if (feedUrl == null || feedUrl.isBlank()) {
            return file;
        }
        String url = feedUrl.strip();
        try {
            URI uri = URI.create(url);
            if (!uri.isOpaque()) {
                return uri.resolve(file).toString();
            }
        } catch (IllegalArgumentException e) {
            // not a URI: treated as text below
        }
        int end = url.length();
        for (char c : new char[] {'?', '#'}) {
            int at = url.indexOf(c);
            end = at >= 0 ? Math.min(end, at) : end;
        }
        int slash = url.lastIndexOf('/', end - 1);
        int colon = url.indexOf(':');
        int cut = Math.max(slash, colon < end ? colon : -1);
        return url.substring(0, cut + 1) + file;
    }

    private static Map<String, Event> manifest(InputStream in, Draft.Rules rules, ItemSink sink) throws IOException {
        Map<String, Event> events = new TreeMap<>();
        try (JsonParser p = Json.open(in)) {
            JsonToken first = p.nextToken();
            if (first == null) {
                throw new FeedFormatException("empty input: no MISP manifest");
            }
            if (first != JsonToken.START_OBJECT) {
                throw new FeedFormatException(
                        "not a MISP manifest: the JSON is " + Json.describe(first) + ", not an object of events");
            }
            long entry = 0;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String key = p.currentName();
                p.nextToken();
                JsonNode summary = Json.MAPPER.readTree(p);
                if (!UUID.matcher(key).matches()) {
                    sink.invalid(
                            entry, "manifest key '" + Excerpts.of(key) + "' is not an event uuid", Excerpts.of(key));
                } else if (!summary.isObject()) {
                    sink.invalid(entry, "manifest entry " + key + " is not an object", Excerpts.of(summary));
                } else {
                    events.put(key.toLowerCase(Locale.ROOT), event(key.toLowerCase(Locale.ROOT), summary, rules));
                }
                entry++;
            }
        } catch (JsonProcessingException | CharConversionException e) {
            throw new FeedFormatException("not a MISP manifest: " + JsonErrors.message(e), e);
        }
        return events;
    }

    private static Event event(String uuid, JsonNode summary, Draft.Rules rules) {
        List<String> tags = tagNames(summary.path("Tag"));
        return new Event(
                uuid,
                Json.text(summary, "info"),
                Timestamps.parse(Json.text(summary, "timestamp")),
                tags,
                tlp(tags),
                classification(tags, rules),
                new HashMap<>(0));
    }

    private static void event(InputStream body, Event event, Draft.Rules rules, long[] position, ItemSink sink)
            throws IOException {
        try (JsonParser p = Json.open(body)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                sink.invalid(position[0], "event " + event.uuid() + " is not a MISP event (no JSON object)", "");
                return;
            }
            boolean found = false;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                if (name.equals("Event") && value == JsonToken.START_OBJECT) {
                    found = true;
                    eventMembers(p, event, rules, position, sink);
                } else {
                    p.skipChildren();
                }
            }
            if (!found) {
                sink.invalid(position[0], "event " + event.uuid() + " is not a MISP event (no Event object)", "");
            }
        } catch (JsonProcessingException | CharConversionException e) {
            sink.invalid(
                    position[0],
                    "event " + event.uuid() + " is broken, the rest of it is not read: " + JsonErrors.message(e),
                    "");
        }
    }

    private static void eventMembers(JsonParser p, Event event, Draft.Rules rules, long[] position, ItemSink sink)
            throws IOException {
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken value = p.nextToken();
            if (name.equals("Attribute") && value == JsonToken.START_ARRAY) {
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    attribute(Json.MAPPER.readTree(p), event, rules, position[0]++, sink);
                }
            } else if (name.equals("Object") && value == JsonToken.START_ARRAY) {
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    JsonNode object = Json.MAPPER.readTree(p);
                    boolean deleted = flag(object.path("deleted"), false);
                    for (JsonNode attribute : object.path("Attribute")) {
                        if (deleted) {
                            // a deleted object takes its attributes with it
                            sink.skipped(position[0]++, Skips.DELETED);
                        } else {
                            attribute(attribute, event, rules, position[0]++, sink);
                        }
                    }
                }
            } else if (name.equals("Sighting") && value == JsonToken.START_ARRAY) {
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    JsonNode sighting = Json.MAPPER.readTree(p);
                    Instant date = sightingDate(sighting);
                    String uuid = Json.text(sighting, "attribute_uuid");
                    if (date != null && uuid != null && event.sightings().size() < MAX_SIGHTINGS) {
                        event.sightings().merge(uuid.strip().toLowerCase(Locale.ROOT), date, MispFeedParser::later);
                    }
                }
            } else {
                p.skipChildren();
            }
        }
    }

    private static void attribute(JsonNode attribute, Event event, Draft.Rules rules, long position, ItemSink sink) {
        if (!attribute.isObject()) {
            sink.invalid(
                    position, "event " + event.uuid() + ": attribute is not a JSON object", Excerpts.of(attribute));
            return;
        }
        if (flag(attribute.path("deleted"), false)) {
            sink.skipped(position, Skips.DELETED);
            return;
        }
        if (!flag(attribute.path("to_ids"), true)) {
            sink.skipped(position, Skips.TO_IDS_FALSE);
            return;
        }
        String type = Json.text(attribute, "type");
        String value = Json.text(attribute, "value");
        if (type == null || value == null) {
            sink.invalid(
                    position,
                    "event " + event.uuid() + ": attribute without " + (type == null ? "type" : "value"),
                    Excerpts.of(attribute));
            return;
        }
        String kind = type.strip().toLowerCase(Locale.ROOT);
        String[] parts = kind.contains("|") ? value.split("\\|", -1) : null;
        if (parts != null && parts.length != 2) {
            sink.invalid(
                    position,
                    "event " + event.uuid() + ": " + kind + " value does not have 2 parts",
                    Excerpts.of(attribute));
            return;
        }
        switch (kind) {
            case "ip-src", "ip-dst" ->
                item(attribute, event, rules, value, TypeNames.ipType(value.strip()), null, position, sink);
            case "domain", "hostname" ->
                item(attribute, event, rules, value, ObservableType.DOMAIN, null, position, sink);
            case "url" -> item(attribute, event, rules, value, ObservableType.URL, null, position, sink);
            case "md5" -> item(attribute, event, rules, value, ObservableType.MD5, null, position, sink);
            case "sha1" -> item(attribute, event, rules, value, ObservableType.SHA1, null, position, sink);
            case "sha256" -> item(attribute, event, rules, value, ObservableType.SHA256, null, position, sink);
            case "sha512" -> item(attribute, event, rules, value, ObservableType.SHA512, null, position, sink);
            case "email", "email-src", "email-dst", "email-reply-to" ->
                item(attribute, event, rules, value, ObservableType.EMAIL, null, position, sink);
            case "as" ->
                item(
                        attribute,
                        event,
                        rules,
                        value.strip().regionMatches(true, 0, "AS", 0, 2) ? value : "AS" + value.strip(),
                        ObservableType.ASN,
                        null,
                        position,
                        sink);
            case "vulnerability" -> item(attribute, event, rules, value, ObservableType.CVE, null, position, sink);
            case "filename" -> item(attribute, event, rules, value, ObservableType.FILENAME, null, position, sink);
            case "domain|ip" -> {
                item(attribute, event, rules, parts[0], ObservableType.DOMAIN, null, position, sink);
                item(attribute, event, rules, parts[1], TypeNames.ipType(parts[1].strip()), null, position, sink);
            }
            case "ip-src|port", "ip-dst|port" ->
                item(attribute, event, rules, parts[0], TypeNames.ipType(parts[0].strip()), parts[1], position, sink);
            case "hostname|port" ->
                item(attribute, event, rules, parts[0], ObservableType.DOMAIN, parts[1], position, sink);
            case "filename|md5" -> item(attribute, event, rules, parts[1], ObservableType.MD5, null, position, sink);
            case "filename|sha1" -> item(attribute, event, rules, parts[1], ObservableType.SHA1, null, position, sink);
            case "filename|sha256" ->
                item(attribute, event, rules, parts[1], ObservableType.SHA256, null, position, sink);
            case "filename|sha512" ->
                item(attribute, event, rules, parts[1], ObservableType.SHA512, null, position, sink);
            default ->
                sink.invalid(
                        position,
                        "unsupported MISP attribute type '" + Excerpts.of(type) + "'",
                        Excerpts.of(attribute));
        }
    }

    private static void item(
            JsonNode attribute,
            Event event,
            Draft.Rules rules,
            String value,
            ObservableType type,
            String port,
            long position,
            ItemSink sink) {
        Draft draft = new Draft(value);
        draft.type = type;
        List<String> own = tagNames(attribute.path("Tag"));
        event.tags().forEach(draft::tag);
        own.forEach(draft::tag);
        if (port != null && !port.isBlank()) {
            draft.tag("port:" + port.strip());
        }
        draft.tlp = TlpLabels.stricter(event.tlp(), tlp(own));
        String classification = classification(own, rules);
        draft.classification = classification != null ? classification : event.classification();
        Instant firstSeen = Timestamps.parse(Json.text(attribute, "first_seen"));
        if (firstSeen == null) {
            firstSeen = Timestamps.parse(Json.text(attribute, "timestamp"));
        }
        draft.firstSeen = firstSeen != null ? firstSeen : event.timestamp();
        draft.lastSeen = later(Timestamps.parse(Json.text(attribute, "last_seen")), lastSighting(attribute, event));
        String comment = Json.text(attribute, "comment");
        String info = event.info() == null || event.info().isBlank()
                ? null
                : event.info().strip();
        draft.description = comment == null || comment.isBlank()
                ? info
                : info == null ? comment.strip() : info + " - " + comment.strip();
        draft.sourceId = event.uuid();
        draft.finish(rules, position, () -> Excerpts.of(attribute), sink);
    }

    /**
     * The latest sighting of an attribute: its own {@code Sighting[]} and the event's
     * {@code Event.Sighting[]} read before it that name its uuid; or null.
     */
    private static Instant lastSighting(JsonNode attribute, Event event) {
        Instant latest = null;
        for (JsonNode sighting : attribute.path("Sighting")) {
            latest = later(latest, sightingDate(sighting));
        }
        String uuid = Json.text(attribute, "uuid");
        if (uuid != null && !event.sightings().isEmpty()) {
            latest = later(latest, event.sightings().get(uuid.strip().toLowerCase(Locale.ROOT)));
        }
        return latest;
    }

    /**
     * When a sighting saw the attribute: its {@code date_sighting} (epoch seconds); null for a
     * false-positive (type 1) or expiration (type 2) sighting, which say nothing of being seen.
     */
    private static Instant sightingDate(JsonNode sighting) {
        String type = Json.text(sighting, "type");
        if (type != null && !type.strip().equals("0")) {
            return null;
        }
        return Timestamps.parse(Json.text(sighting, "date_sighting"));
    }

    private static Instant later(Instant a, Instant b) {
        return a == null ? b : b == null || !b.isAfter(a) ? a : b;
    }

    /** A MISP flag: true / false, or "1" / "0" as older exports write it. */
    private static boolean flag(JsonNode node, boolean missing) {
        String text = Json.text(node);
        if (text == null) {
            return missing;
        }
        return switch (text.strip().toLowerCase(Locale.ROOT)) {
            case "true", "1" -> true;
            case "false", "0" -> false;
            default -> missing;
        };
    }

    private static List<String> tagNames(JsonNode tags) {
        List<String> names = new ArrayList<>();
        for (JsonNode tag : tags) {
            String name = tag.isTextual() ? tag.asText() : Json.text(tag, "name");
            if (name != null && !name.isBlank()) {
                names.add(name.strip());
            }
        }
        return names;
    }

    private static Tlp tlp(List<String> tags) {
        Tlp tlp = null;
        for (String tag : tags) {
            if (tag.regionMatches(true, 0, "tlp:", 0, 4)) {
                tlp = TlpLabels.stricter(tlp, TlpLabels.parse(tag));
            }
        }
        return tlp;
    }

    /** The RSIT type of the first tag that names one (rsit / ecsirt taxonomy, or the classifications). */
    private static String classification(List<String> tags, Draft.Rules rules) {
        for (String tag : tags) {
            Matcher m = TAXONOMY_TAG.matcher(tag);
            if (m.matches()) {
                String type = m.group(2).toLowerCase(Locale.ROOT);
                String rsit = Rsit.typeNamed(type).orElse(ECSIRT_TYPES.get(type));
                if (rsit != null) {
                    return rsit;
                }
            }
            String mapped = rules.classify(tag);
            if (mapped != null && !tag.regionMatches(true, 0, "tlp:", 0, 4)) {
                return mapped;
            }
        }
        return null;
    }
}
