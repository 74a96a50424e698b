package org.opencirt.feed.parse;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code feodo-json}: abuse.ch Feodo Tracker's IP block list, a JSON array of records
 * {@code ip_address, port, status, hostname, as_number, as_name, country, first_seen,
 * last_online, malware}.
 *
 * <ul>
 *   <li>Item: {@code ip_address}, type {@code ipv4} ({@code ipv6} when it has a colon);
 *       classification {@code c2-server} (the classifications may map a {@code malware} name to
 *       another RSIT type, and {@code *} replaces the default); tags the malware and
 *       {@code port:<port>}; firstSeen {@code first_seen}, lastSeen {@code last_online} (UTC, a
 *       bare date is its midnight); description the malware, port, status, hostname, AS and
 *       country. Records with status {@code offline} are items too: the ingestion decides.</li>
 *   <li>{@code records} may point at the array when it is not the top level.</li>
 *   <li>Invalid, {@link FeedFormatException} and positions: as {@link JsonRecordsParser}; a record
 *       without {@code ip_address} is invalid.</li>
 * </ul>
 */
public final class FeodoJsonParser implements FeedParser {

    private static final Map<String, String> CLASSIFICATIONS = Map.of(ParserOptions.ANY, "c2-server");

    @Override
    public FeedFormat format() {
        return FeedFormat.FEODO_JSON;
    }

    @Override
    public void parse(FeedInput input, ParserOptions options, ItemSink sink) throws IOException {
        options.check(FeedFormat.FEODO_JSON);
        var rules = new Draft.Rules(options, null, CLASSIFICATIONS);
        JsonPointer records = JsonPointer.compile(options.records() == null ? "" : options.records());
        Json.forEachRecord(input.body(), records, "block list", sink, (record, index) -> {
            if (!record.isObject()) {
                sink.invalid(index, "record is not a JSON object", Excerpts.of(record));
                return;
            }
            String ip = Json.text(record, "ip_address");
            if (ip == null) {
                sink.invalid(index, "record has no ip_address", Excerpts.of(record));
                return;
            }
            Draft draft = new Draft(ip);
            draft.type = TypeNames.ipType(ip.strip());
            String malware = Json.text(record, "malware");
            String port = Json.text(record, "port");
            draft.classification = rules.classify(malware) != null ? malware : null;
            draft.tag(malware);
            if (port != null && !port.isBlank()) {
                draft.tag("port:" + port.strip());
            }
            draft.firstSeen = Timestamps.parse(Json.text(record, "first_seen"));
            draft.lastSeen = Timestamps.parse(Json.text(record, "last_online"));
            draft.description = describe(record, malware, port);
            draft.finish(rules, index, () -> Excerpts.of(record), sink);
        });
    }

    private static String describe(JsonNode record, String malware, String port) {
        List<String> parts = new ArrayList<>();
        parts.add((malware == null || malware.isBlank() ? "botnet" : malware.strip()) + " C2"
                + (port == null || port.isBlank() ? "" : " on port " + port.strip()));
        String status = Json.text(record, "status");
        if (status != null && !status.isBlank()) {
            parts.add("status " + status.strip());
        }
        String hostname = Json.text(record, "hostname");
        if (hostname != null && !hostname.isBlank()) {
            parts.add("hostname " + hostname.strip());
        }
        String asNumber = Json.text(record, "as_number");
        String asName = Json.text(record, "as_name");
        if (asNumber != null && !asNumber.isBlank()) {
            parts.add("AS" + asNumber.strip() + (asName == null || asName.isBlank() ? "" : " " + asName.strip()));
        }
        String country = Json.text(record, "country");
        if (country != null && !country.isBlank()) {
            parts.add(country.strip());
        }
        return "Feodo Tracker: " + String.join(", ", parts);
    }
}
