package org.opencirt.security;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.StreamSupport;
import org.opencirt.testing.Api;

/** The operations of the API, read from the service's own OpenAPI document ({@code /q/openapi}). */
final class OpenApiOperations {

    private static final Pattern PARAMETER = Pattern.compile("\\{([^}]+)}");
    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch", "head", "options");

    /**
     * One operation.
     *
     * @param pathParameters the names of its path parameters, in the order they appear in the path
     * @param bodyTypes      the media types of its request body (empty: no body)
     */
    record Operation(String method, String path, List<String> pathParameters, List<String> bodyTypes) {

        /** How the operation is named in the rule tables and in reports: {@code POST /api/v1/incidents/{id}/tasks}. */
        String key() {
            return method + " " + path;
        }
    }

    private OpenApiOperations() {}

    /** Every operation of the running service's OpenAPI document, sorted by path then method. */
    static List<Operation> read() {
        var text = Api.anonymous()
                .accept("application/json")
                .get("/q/openapi?format=json")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        try {
            return parse(new ObjectMapper().readTree(text));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("the OpenAPI document is not JSON", e);
        }
    }

    static List<Operation> parse(JsonNode document) {
        var operations = new ArrayList<Operation>();
        document.path("paths")
                .properties()
                .forEach(path -> path.getValue().properties().forEach(entry -> {
                    if (!METHODS.contains(entry.getKey())) {
                        return;
                    }
                    var operation = entry.getValue();
                    // from the template itself, so that a parameter the document forgot to declare is not missed
                    var inPath = new LinkedHashSet<String>();
                    PARAMETER
                            .matcher(path.getKey())
                            .results()
                            .map(m -> m.group(1))
                            .forEach(inPath::add);
                    var bodyTypes = StreamSupport.stream(
                                    operation
                                            .path("requestBody")
                                            .path("content")
                                            .properties()
                                            .spliterator(),
                                    false)
                            .map(java.util.Map.Entry::getKey)
                            .toList();
                    operations.add(new Operation(
                            entry.getKey().toUpperCase(Locale.ROOT), path.getKey(), List.copyOf(inPath), bodyTypes));
                }));
        operations.sort(Comparator.comparing(Operation::path).thenComparing(Operation::method));
        return operations;
    }
}
