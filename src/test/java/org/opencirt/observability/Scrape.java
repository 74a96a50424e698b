package org.opencirt.observability;

import static io.restassured.RestAssured.given;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * One read of {@code /q/metrics} (Prometheus text format): the value of a series by name and labels, and the
 * names of the metrics exposed.
 */
public record Scrape(Map<String, Double> series) {

    /** {@code name{labels} value}; labels are in the order the registry writes them (sorted by name). */
    private static final Pattern LINE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{[^}]*})?\\s+(\\S+).*$");

    public static Scrape now() {
        var text = given().accept("text/plain")
                .get("/q/metrics")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        var series = new LinkedHashMap<String, Double>();
        for (var line : text.split("\n")) {
            var matcher = LINE.matcher(line);
            if (!line.startsWith("#") && matcher.matches()) {
                var labels = matcher.group(2) == null ? "" : matcher.group(2);
                series.put(matcher.group(1) + labels, Double.parseDouble(matcher.group(3)));
            }
        }
        return new Scrape(series);
    }

    /**
     * The value of the series with this name whose labels include every given one, summed over the matching
     * series (0 when none matches).
     *
     * @param labels name, value, name, value...
     */
    public double value(String name, String... labels) {
        var sum = 0.0;
        for (var entry : series.entrySet()) {
            var key = entry.getKey();
            if (!key.equals(name) && !key.startsWith(name + "{")) {
                continue;
            }
            var all = true;
            for (int i = 0; i < labels.length; i += 2) {
                all &= key.contains("%s=\"%s\"".formatted(labels[i], labels[i + 1]));
            }
            if (all) {
                sum += entry.getValue();
            }
        }
        return sum;
    }

    /** Whether a series with this name and these labels is exposed at all. */
    public boolean has(String name, String... labels) {
        return series.keySet().stream().anyMatch(key -> {
            if (!key.equals(name) && !key.startsWith(name + "{")) {
                return false;
            }
            for (int i = 0; i < labels.length; i += 2) {
                if (!key.contains("%s=\"%s\"".formatted(labels[i], labels[i + 1]))) {
                    return false;
                }
            }
            return true;
        });
    }

    /** The metric names exposed, with the suffixes of timers and summaries as they appear. */
    public TreeSet<String> names() {
        var names = new TreeSet<String>();
        series.keySet().forEach(key -> names.add(key.contains("{") ? key.substring(0, key.indexOf('{')) : key));
        return names;
    }
}
