package org.opencirt.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The searches of phase C, each as the API query string and as the request the service sends to
 * Elasticsearch for it. The Elasticsearch side mirrors {@code org.opencirt.search.IncidentSearch}
 * (and the observable detection of {@code IncidentSearchService}) clause for clause: the tenant
 * filter on {@code visible_to}, one {@code terms} filter per criterion, {@code simple_query_string}
 * on the same fields with the same flags, the same sort with the {@code id} tie-breaker, size,
 * {@code track_total_hits} and the five aggregations, on the same alias, with {@code typed_keys}
 * as the Java client sends it.
 */
final class SearchQueries {

    static final List<String> TEXT_FIELDS =
            List.of("reference^5", "title^3", "description", "reporter", "tags", "observables.value");
    static final Map<String, String> SORTS = Map.of(
            "created",
            "created_at",
            "updated",
            "updated_at",
            "reported",
            "reported_at",
            "severity",
            "severity_rank",
            "priority",
            "priority",
            "reference",
            "reference",
            "due",
            "due_at");
    static final List<String> FACETS = List.of("state", "category", "severity", "tlp");

    /**
     * One search.
     *
     * @param observable an IPv4 address (the only observable kind the benchmark searches), or null
     */
    record Query(
            String name, String text, Map<String, List<String>> terms, String observable, String sort, Integer limit) {

        String apiQueryString() {
            var parts = new ArrayList<String>();
            if (text != null) {
                parts.add("q=" + Http.enc(text));
            }
            terms.forEach((field, values) -> values.forEach(v -> parts.add(field + "=" + Http.enc(v))));
            if (observable != null) {
                parts.add("observable=" + Http.enc(observable));
            }
            if (sort != null) {
                parts.add("sort=" + Http.enc(sort));
            }
            if (limit != null) {
                parts.add("limit=" + limit);
            }
            return String.join("&", parts);
        }

        /** The body of {@code POST <alias>/_search?typed_keys=true} that the service sends for it. */
        String elasticsearchBody(String tenant, ObjectMapper json) {
            var body = json.createObjectNode();
            var aggregations = body.putObject("aggregations");
            for (var facet : FACETS) {
                aggregations
                        .putObject(facet)
                        .putObject("terms")
                        .put("field", facet)
                        .put("size", 50);
            }
            aggregations
                    .putObject("day")
                    .putObject("date_histogram")
                    .put("calendar_interval", "day")
                    .put("field", "created_at")
                    .put("format", "yyyy-MM-dd")
                    .put("min_doc_count", 1);
            var bool = body.putObject("query").putObject("bool");
            var filter = bool.putArray("filter");
            filter.addObject().putObject("term").putObject("visible_to").put("value", tenant);
            // The service adds the term filters in this order: state, category, type, severity, tlp, assignee, tags.
            for (var field : List.of("state", "category", "type", "severity", "tlp", "assignee", "tags")) {
                var values = terms.get(field);
                if (values != null && !values.isEmpty()) {
                    var array = filter.addObject().putObject("terms").putArray(field);
                    values.forEach(array::add);
                }
            }
            if (observable != null) {
                var should = filter.addObject().putObject("bool");
                should.put("minimum_should_match", "1");
                var clauses = should.putArray("should");
                termClause(clauses, "observables.value", observable);
                termClause(clauses, "observable_ips", observable);
                termClause(clauses, "observable_ranges", observable);
            }
            var must = bool.putArray("must");
            if (text != null && !text.isBlank()) {
                var sqs = must.addObject().putObject("simple_query_string");
                sqs.put("default_operator", "and");
                var fields = sqs.putArray("fields");
                TEXT_FIELDS.forEach(fields::add);
                sqs.put("flags", "AND|OR|NOT|PHRASE|PREFIX|PRECEDENCE|WHITESPACE|ESCAPE");
                sqs.put("lenient", true);
                sqs.put("query", text);
            }
            body.put("size", limit == null ? 50 : limit);
            var key = sort == null ? "-created" : sort;
            var descending = key.startsWith("-");
            var field = SORTS.get(descending ? key.substring(1) : key);
            var sorts = body.putArray("sort");
            sorts.addObject().putObject(field).put("missing", "_last").put("order", descending ? "desc" : "asc");
            sorts.addObject().putObject("id").put("order", "asc");
            body.put("track_total_hits", true);
            return body.toString();
        }

        private static void termClause(ArrayNode clauses, String field, String value) {
            ((ObjectNode) clauses.addObject().putObject("term"))
                    .putObject(field)
                    .put("value", value);
        }
    }

    /** The fixed set: full text, a filter, an observable, a sort, and all of them together. */
    static List<Query> standard() {
        return List.of(
                new Query("full text 'ransomware'", "ransomware", Map.of(), null, null, null),
                new Query(
                        "filter state=new&severity=high",
                        null,
                        terms("state", "new", "severity", "high"),
                        null,
                        null,
                        null),
                new Query("observable 198.51.100.23", null, Map.of(), "198.51.100.23", null, null),
                new Query("sort -severity, limit 50", null, Map.of(), null, "-severity", 50),
                new Query(
                        "text+filters+sort",
                        "phishing",
                        terms("tlp", "AMBER", "severity", "high"),
                        null,
                        "-updated",
                        20));
    }

    private static Map<String, List<String>> terms(String f1, String v1, String f2, String v2) {
        var map = new LinkedHashMap<String, List<String>>();
        map.put(f1, List.of(v1));
        map.put(f2, List.of(v2));
        return map;
    }
}
