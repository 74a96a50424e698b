package org.opencirt.console.advisory;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.opencirt.advisory.csaf.CsafValidator;

/**
 * What the CSAF validator says of the draft in an editor, placed where the analyst can act on it:
 * in the form, under the field each finding's JSON pointer leads to (the rest above the form); in
 * the JSON editor, with the line of the member it points to. Errors (schema, 6.1), warnings (6.2)
 * and information (6.3) alike.
 */
public record AdvisoryFindings(List<Finding> all, Map<String, List<Finding>> byField, List<Finding> unplaced) {

    /** One finding: its level ({@code error}, {@code warning}, {@code info}), test, pointer, message, and line (JSON editor). */
    public record Finding(String level, String test, String pointer, String message, Integer line) {}

    /** The form's fields by the part of the document they write, most precise first. */
    private static final List<Map.Entry<String, String>> FIELDS = List.of(
            Map.entry("/document/title", "a-title"),
            Map.entry("/document/notes", "a-summary"),
            Map.entry("/document/distribution", "a-tlp"),
            Map.entry("/document/aggregate_severity", "a-severity"),
            Map.entry("/document/references", "a-ref-url"),
            Map.entry("/product_tree/branches/0/branches/0/branches", "a-versions"),
            Map.entry("/product_tree/branches/0/branches", "a-product"),
            Map.entry("/product_tree/branches", "a-vendor"),
            Map.entry("/vulnerabilities/0/cve", "a-cve"),
            Map.entry("/vulnerabilities/0/title", "a-vtitle"),
            Map.entry("/vulnerabilities/0/notes", "a-description"),
            Map.entry("/vulnerabilities/0/cwe", "a-cwe"),
            Map.entry("/vulnerabilities/0/scores", "a-cvss"),
            Map.entry("/vulnerabilities/0/remediations", "a-recommendations"),
            Map.entry("/vulnerabilities/0/product_status/fixed", "a-fixed"),
            Map.entry("/vulnerabilities/0/product_status", "a-versions"));

    private static final JsonFactory JSON = new JsonFactory();

    /** No findings (a page shown without checking). */
    public static AdvisoryFindings none() {
        return new AdvisoryFindings(List.of(), Map.of(), List.of());
    }

    /** The findings placed under the form's fields. */
    public static AdvisoryFindings forForm(CsafValidator.Result result) {
        var byField = new LinkedHashMap<String, List<Finding>>();
        var unplaced = new ArrayList<Finding>();
        var all = findings(result, Map.of());
        for (var finding : all) {
            var field = field(finding.pointer());
            if (field == null) {
                unplaced.add(finding);
            } else {
                byField.computeIfAbsent(field, f -> new ArrayList<>()).add(finding);
            }
        }
        return new AdvisoryFindings(all, byField, unplaced);
    }

    /** The findings with the line of the JSON text each points to (its nearest member that is there). */
    public static AdvisoryFindings forJson(CsafValidator.Result result, String text) {
        var all = findings(result, lines(text));
        return new AdvisoryFindings(all, Map.of(), all);
    }

    /** The findings under a form field (by its id); empty when none. */
    public List<Finding> at(String field) {
        return byField.getOrDefault(field, List.of());
    }

    public boolean isEmpty() {
        return all.isEmpty();
    }

    private static List<Finding> findings(CsafValidator.Result result, Map<String, Integer> lines) {
        var out = new ArrayList<Finding>();
        add(out, "error", result.errors(), lines);
        add(out, "warning", result.warnings(), lines);
        add(out, "info", result.infos(), lines);
        return out;
    }

    private static void add(
            List<Finding> out, String level, List<CsafValidator.Finding> findings, Map<String, Integer> lines) {
        for (var f : findings) {
            out.add(new Finding(level, f.test(), f.pointer(), f.message(), line(f.pointer(), lines)));
        }
    }

    private static String field(String pointer) {
        for (var entry : FIELDS) {
            if (pointer.equals(entry.getKey()) || pointer.startsWith(entry.getKey() + "/")) {
                return entry.getValue();
            }
        }
        return null;
    }

    /** The line of the pointer's member, or of its nearest ancestor in the text; null when the text has none. */
    private static Integer line(String pointer, Map<String, Integer> lines) {
        for (var p = pointer; ; p = p.substring(0, p.lastIndexOf('/'))) {
            var line = lines.get(p);
            if (line != null || p.isEmpty()) {
                return line;
            }
        }
    }

    /** Pointer -> line of every member and array item of the text; as far as it reads when it is not JSON. */
    private static Map<String, Integer> lines(String text) {
        var lines = new HashMap<String, Integer>();
        try (JsonParser parser = JSON.createParser(text)) {
            JsonToken token;
            while ((token = parser.nextToken()) != null) {
                if (token != JsonToken.FIELD_NAME && token != JsonToken.END_OBJECT && token != JsonToken.END_ARRAY) {
                    lines.putIfAbsent(
                            parser.getParsingContext().pathAsPointer().toString(),
                            parser.currentTokenLocation().getLineNr());
                }
            }
        } catch (JsonProcessingException e) {
            // a text that is not JSON: the lines up to where it breaks
        } catch (IOException e) {
            // reading a string does not fail otherwise
        }
        return lines;
    }
}
