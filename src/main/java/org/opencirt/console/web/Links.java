package org.opencirt.console.web;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Builds console URLs with query strings (every value encoded). */
public final class Links {

    private Links() {}

    /** {@code path?name=value&...} from pairs in order; null or blank values are left out. */
    public static String of(String path, List<Map.Entry<String, String>> params) {
        var query = params.stream()
                .filter(e -> e.getValue() != null && !e.getValue().isBlank())
                .map(e -> enc(e.getKey()) + "=" + enc(e.getValue()))
                .collect(Collectors.joining("&"));
        return query.isEmpty() ? path : path + "?" + query;
    }

    /** Pairs builder. */
    public static final class Params {
        private final List<Map.Entry<String, String>> pairs = new ArrayList<>();

        public Params add(String name, String value) {
            if (value != null && !value.isBlank()) {
                pairs.add(Map.entry(name, value));
            }
            return this;
        }

        public Params addAll(String name, List<String> values) {
            if (values != null) {
                values.forEach(v -> add(name, v));
            }
            return this;
        }

        public List<Map.Entry<String, String>> list() {
            return List.copyOf(pairs);
        }
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
