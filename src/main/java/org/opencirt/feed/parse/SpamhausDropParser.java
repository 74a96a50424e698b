package org.opencirt.feed.parse;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.Map;
import java.util.regex.Pattern;
import org.opencirt.observable.ObservableType;

/**
 * {@code spamhaus-drop}: Spamhaus DROP, EDROP and DROPv6 networks, and ASN-DROP AS numbers.
 * The text and JSON-lines variants are told apart line by line, so a file may mix them.
 *
 * <ul>
 *   <li>Text: {@code 192.0.2.0/24 ; SBL123456}: the network is the value (type {@code cidr}),
 *       the SBL id after {@code ;} the sourceId. Comment lines ({@code ; Last-Modified: ...},
 *       {@code ; Expires: ...}), anywhere in the file, and blank lines are skipped (and counted).
 *       The text ASN-DROP list, {@code AS64500 ; US | EXAMPLE-AS}, gives the value {@code AS64500}
 *       of type {@code asn}, the tag {@code cc:US} and the description {@code EXAMPLE-AS}.</li>
 *   <li>JSON lines: {@code {"cidr":"192.0.2.0/24","sblid":"SBL123456","rir":"ripencc"}} as above
 *       with the tag {@code rir:<rir>}; ASN-DROP's {@code {"asn":64500,"rir":"arin","domain":
 *       "example.net","cc":"US","asname":"EXAMPLE-AS"}} is the value {@code AS64500}, type
 *       {@code asn} (always: the forced type of the options applies to networks only), tags
 *       {@code rir:} and {@code cc:}, description the AS name and domain. The closing
 *       {@code {"type":"metadata",...}} line is skipped (counted as {@code metadata}).</li>
 *   <li>No classification unless the options give one under {@code *} (DROP lists networks
 *       "hijacked or leased by spam or cyber-crime operations": the feed definition says what
 *       that means for the CIRT).</li>
 *   <li>Invalid: a line longer than {@value LineReader#MAX_LINE} characters, a JSON line that does
 *       not parse or has neither {@code cidr} nor {@code asn}, a value with white space inside
 *       (a missing {@code ;}). Position: the 1-based line number.</li>
 * </ul>
 */
public final class SpamhausDropParser implements FeedParser {

    private static final Pattern AS_NUMBER = Pattern.compile("(?i)AS\\d{1,10}");
    private static final Pattern COUNTRY = Pattern.compile("[A-Za-z]{2}");

    @Override
    public FeedFormat format() {
        return FeedFormat.SPAMHAUS_DROP;
    }

    @Override
    public void parse(FeedInput input, ParserOptions options, ItemSink sink) throws IOException {
        options.check(FeedFormat.SPAMHAUS_DROP);
        var networks = new Draft.Rules(options, ObservableType.CIDR, Map.of());
        var asns = new Draft.Rules(options.withType(null), ObservableType.ASN, Map.of());
        var lines = new TextLines(input, options.commentPrefixes(), sink);
        while (lines.next()) {
            long number = lines.number();
            String line = lines.line();
            if (line.isEmpty()) {
                sink.skipped(number, Skips.BLANK_LINE);
            } else if (line.startsWith("{")) {
                jsonLine(line, number, networks, asns, sink);
            } else if (lines.isComment(line)) {
                sink.skipped(number, Skips.COMMENT);
            } else {
                textLine(line, number, networks, asns, sink);
            }
        }
    }

    private static void textLine(String line, long number, Draft.Rules networks, Draft.Rules asns, ItemSink sink) {
        int semicolon = line.indexOf(';');
        String value = (semicolon < 0 ? line : line.substring(0, semicolon)).strip();
        String rest = semicolon < 0 ? null : line.substring(semicolon + 1).strip();
        Draft draft = new Draft(value);
        if (AS_NUMBER.matcher(value).matches()) {
            // the text ASN-DROP list (before its JSON lines): AS64500 ; US | EXAMPLE-AS
            if (rest != null && !rest.isEmpty()) {
                int bar = rest.indexOf('|');
                String cc = (bar < 0 ? rest : rest.substring(0, bar)).strip();
                if (COUNTRY.matcher(cc).matches()) {
                    draft.tag("cc:" + cc);
                    draft.description = bar < 0 ? null : rest.substring(bar + 1);
                } else {
                    draft.description = rest;
                }
            }
            draft.finish(asns, number, line, sink);
            return;
        }
        draft.sourceId = rest;
        draft.finish(networks, number, line, sink);
    }

    private static void jsonLine(String line, long number, Draft.Rules networks, Draft.Rules asns, ItemSink sink) {
        JsonNode node;
        try {
            node = Json.DOCUMENT.readTree(line);
        } catch (JsonProcessingException e) {
            sink.invalid(number, "not a JSON line: " + JsonErrors.message(e), Excerpts.of(line));
            return;
        }
        if (!node.isObject()) {
            sink.invalid(number, "not a JSON object", Excerpts.of(line));
            return;
        }
        if ("metadata".equals(Json.text(node, "type"))) {
            sink.skipped(number, Skips.METADATA);
            return;
        }
        String cidr = Json.text(node, "cidr");
        String asn = Json.text(node, "asn");
        String rir = Json.text(node, "rir");
        Draft draft;
        Draft.Rules rules;
        if (cidr != null) {
            draft = new Draft(cidr);
            draft.tag(rir == null || rir.isBlank() ? null : "rir:" + rir.strip());
            draft.sourceId = Json.text(node, "sblid");
            rules = networks;
        } else if (asn != null) {
            String as = asn.strip();
            draft = new Draft(as.regionMatches(true, 0, "AS", 0, 2) ? as : "AS" + as);
            draft.tag(rir == null || rir.isBlank() ? null : "rir:" + rir.strip());
            String asname = Json.text(node, "asname");
            String domain = Json.text(node, "domain");
            String about = (asname == null ? "" : asname.strip())
                    + (domain == null || domain.isBlank() ? "" : " (" + domain.strip() + ")");
            draft.description = about.isBlank() ? null : about.strip();
            String cc = Json.text(node, "cc");
            if (cc != null && !cc.isBlank()) {
                draft.tag("cc:" + cc.strip());
            }
            rules = asns;
        } else {
            sink.invalid(number, "JSON line has neither cidr nor asn", Excerpts.of(line));
            return;
        }
        draft.finish(rules, number, line, sink);
    }
}
