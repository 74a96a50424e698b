package org.opencirt.advisory.csaf;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * CVSS version 2 vectors and scores, as FIRST's guide defines them (section 3.2's equations: base,
 * temporal and environmental), for CSAF's mandatory tests 6.1.9 and 6.1.10 on {@code cvss_v2}. The
 * library here (us.springett cvss-calculator) leaves the environmental equation out, which CSAF's
 * {@code cvss_v2} carries.
 */
public final class Cvss2 {

    private static final Pattern VECTOR = Pattern.compile("^[A-Za-z]{1,3}:[A-Z]{1,3}(/[A-Za-z]{1,3}:[A-Z]{1,3})*$");

    /** A metric: its CSAF property and its values, from the vector's letters to the property's words. */
    record Metric(String property, Map<String, String> values) {}

    static final Map<String, Metric> METRICS = new LinkedHashMap<>();

    static {
        METRICS.put("AV", new Metric("accessVector", Map.of("L", "LOCAL", "A", "ADJACENT_NETWORK", "N", "NETWORK")));
        METRICS.put("AC", new Metric("accessComplexity", Map.of("H", "HIGH", "M", "MEDIUM", "L", "LOW")));
        METRICS.put("Au", new Metric("authentication", Map.of("M", "MULTIPLE", "S", "SINGLE", "N", "NONE")));
        var impact = Map.of("N", "NONE", "P", "PARTIAL", "C", "COMPLETE");
        METRICS.put("C", new Metric("confidentialityImpact", impact));
        METRICS.put("I", new Metric("integrityImpact", impact));
        METRICS.put("A", new Metric("availabilityImpact", impact));
        METRICS.put(
                "E",
                new Metric(
                        "exploitability",
                        Map.of(
                                "U", "UNPROVEN",
                                "POC", "PROOF_OF_CONCEPT",
                                "F", "FUNCTIONAL",
                                "H", "HIGH",
                                "ND", "NOT_DEFINED")));
        METRICS.put(
                "RL",
                new Metric(
                        "remediationLevel",
                        Map.of(
                                "OF", "OFFICIAL_FIX",
                                "TF", "TEMPORARY_FIX",
                                "W", "WORKAROUND",
                                "U", "UNAVAILABLE",
                                "ND", "NOT_DEFINED")));
        METRICS.put(
                "RC",
                new Metric(
                        "reportConfidence",
                        Map.of("UC", "UNCONFIRMED", "UR", "UNCORROBORATED", "C", "CONFIRMED", "ND", "NOT_DEFINED")));
        METRICS.put(
                "CDP",
                new Metric(
                        "collateralDamagePotential",
                        Map.of(
                                "N", "NONE",
                                "L", "LOW",
                                "LM", "LOW_MEDIUM",
                                "MH", "MEDIUM_HIGH",
                                "H", "HIGH",
                                "ND", "NOT_DEFINED")));
        METRICS.put(
                "TD",
                new Metric(
                        "targetDistribution",
                        Map.of("N", "NONE", "L", "LOW", "M", "MEDIUM", "H", "HIGH", "ND", "NOT_DEFINED")));
        var requirement = Map.of("L", "LOW", "M", "MEDIUM", "H", "HIGH", "ND", "NOT_DEFINED");
        METRICS.put("CR", new Metric("confidentialityRequirement", requirement));
        METRICS.put("IR", new Metric("integrityRequirement", requirement));
        METRICS.put("AR", new Metric("availabilityRequirement", requirement));
    }

    /** A parsed vector: the letters of each metric it names. */
    public record Vector(Map<String, String> metrics) {

        /** The CSAF property values this vector implies (only the metrics it names). */
        public Map<String, String> properties() {
            var properties = new LinkedHashMap<String, String>();
            metrics.forEach((metric, letter) -> properties.put(
                    METRICS.get(metric).property(), METRICS.get(metric).values().get(letter)));
            return properties;
        }

        String get(String metric) {
            return metrics.getOrDefault(metric, "ND");
        }
    }

    /** The three scores of a vector (temporal and environmental as the guide gives them without such metrics). */
    public record Scores(double base, double temporal, double environmental) {}

    private Cvss2() {}

    /** Parses a vector; empty when it is not a complete, well-formed CVSS 2 vector. */
    public static Optional<Vector> parse(String vector) {
        if (vector == null
                || vector.length() > Cvss3.MAX_VECTOR_LENGTH
                || !VECTOR.matcher(vector).matches()) {
            return Optional.empty();
        }
        var metrics = new LinkedHashMap<String, String>();
        for (var part : vector.split("/")) {
            var kv = part.split(":");
            var metric = METRICS.get(kv[0]);
            if (metric == null || !metric.values().containsKey(kv[1]) || metrics.put(kv[0], kv[1]) != null) {
                return Optional.empty();
            }
        }
        for (var base : new String[] {"AV", "AC", "Au", "C", "I", "A"}) {
            if (!metrics.containsKey(base)) {
                return Optional.empty();
            }
        }
        return Optional.of(new Vector(metrics));
    }

    public static Scores score(Vector v) {
        double c = impact(v.get("C"));
        double i = impact(v.get("I"));
        double a = impact(v.get("A"));
        double exploitability = 20 * av(v.get("AV")) * ac(v.get("AC")) * au(v.get("Au"));
        double impact = 10.41 * (1 - (1 - c) * (1 - i) * (1 - a));
        double base = base(impact, exploitability);
        double temporalFactor = e(v.get("E")) * rl(v.get("RL")) * rc(v.get("RC"));
        double temporal = round(base * temporalFactor);
        double adjustedImpact = Math.min(
                10, 10.41 * (1 - (1 - c * req(v.get("CR"))) * (1 - i * req(v.get("IR"))) * (1 - a * req(v.get("AR")))));
        double adjustedTemporal = round(base(adjustedImpact, exploitability) * temporalFactor);
        double environmental =
                round((adjustedTemporal + (10 - adjustedTemporal) * cdp(v.get("CDP"))) * td(v.get("TD")));
        return new Scores(base, temporal, environmental);
    }

    private static double base(double impact, double exploitability) {
        return round((0.6 * impact + 0.4 * exploitability - 1.5) * (impact == 0 ? 0 : 1.176));
    }

    /** To one decimal, half up (the guide's round_to_1_decimal), on the decimal value, not the binary one. */
    private static double round(double value) {
        return BigDecimal.valueOf(value).setScale(1, RoundingMode.HALF_UP).doubleValue();
    }

    private static double impact(String v) {
        return switch (v) {
            case "P" -> 0.275;
            case "C" -> 0.660;
            default -> 0;
        };
    }

    private static double av(String v) {
        return switch (v) {
            case "L" -> 0.395;
            case "A" -> 0.646;
            default -> 1.0;
        };
    }

    private static double ac(String v) {
        return switch (v) {
            case "H" -> 0.35;
            case "M" -> 0.61;
            default -> 0.71;
        };
    }

    private static double au(String v) {
        return switch (v) {
            case "M" -> 0.45;
            case "S" -> 0.56;
            default -> 0.704;
        };
    }

    private static double e(String v) {
        return switch (v) {
            case "U" -> 0.85;
            case "POC" -> 0.9;
            case "F" -> 0.95;
            default -> 1.0;
        };
    }

    private static double rl(String v) {
        return switch (v) {
            case "OF" -> 0.87;
            case "TF" -> 0.90;
            case "W" -> 0.95;
            default -> 1.0;
        };
    }

    private static double rc(String v) {
        return switch (v) {
            case "UC" -> 0.90;
            case "UR" -> 0.95;
            default -> 1.0;
        };
    }

    private static double cdp(String v) {
        return switch (v) {
            case "L" -> 0.1;
            case "LM" -> 0.3;
            case "MH" -> 0.4;
            case "H" -> 0.5;
            default -> 0;
        };
    }

    private static double td(String v) {
        return switch (v) {
            case "N" -> 0;
            case "L" -> 0.25;
            case "M" -> 0.75;
            default -> 1.0;
        };
    }

    private static double req(String v) {
        return switch (v) {
            case "L" -> 0.5;
            case "H" -> 1.51;
            default -> 1.0;
        };
    }
}
