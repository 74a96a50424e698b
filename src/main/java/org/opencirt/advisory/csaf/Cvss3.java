package org.opencirt.advisory.csaf;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * CVSS v3.0 / v3.1 vectors: parsing, the property names and values CSAF uses for each metric, and
 * the base, temporal and environmental scores (FIRST specification, section 7).
 */
public final class Cvss3 {

    private static final Pattern VECTOR = Pattern.compile("^CVSS:3\\.[01](/[A-Za-z]+:[A-Za-z])+$");
    /**
     * A complete vector with every base, temporal and environmental metric is about 120 characters.
     * Longer input is refused before the pattern, whose repeated group recurses once per metric
     * and would overflow the stack on a crafted vector of some ten thousand metrics.
     */
    static final int MAX_VECTOR_LENGTH = 200;

    /** Metric abbreviation -> CSAF (JSON schema) property and the value names of its letters. */
    record Metric(String property, Map<String, String> values) {}

    static final Map<String, Metric> METRICS = new LinkedHashMap<>();

    static {
        var av = Map.of("N", "NETWORK", "A", "ADJACENT_NETWORK", "L", "LOCAL", "P", "PHYSICAL");
        var lh = Map.of("L", "LOW", "H", "HIGH");
        var nlh = Map.of("N", "NONE", "L", "LOW", "H", "HIGH");
        var ui = Map.of("N", "NONE", "R", "REQUIRED");
        var s = Map.of("U", "UNCHANGED", "C", "CHANGED");
        var x = "NOT_DEFINED";
        METRICS.put("AV", new Metric("attackVector", av));
        METRICS.put("AC", new Metric("attackComplexity", lh));
        METRICS.put("PR", new Metric("privilegesRequired", nlh));
        METRICS.put("UI", new Metric("userInteraction", ui));
        METRICS.put("S", new Metric("scope", s));
        METRICS.put("C", new Metric("confidentialityImpact", nlh));
        METRICS.put("I", new Metric("integrityImpact", nlh));
        METRICS.put("A", new Metric("availabilityImpact", nlh));
        METRICS.put(
                "E",
                new Metric(
                        "exploitCodeMaturity",
                        Map.of("X", x, "U", "UNPROVEN", "P", "PROOF_OF_CONCEPT", "F", "FUNCTIONAL", "H", "HIGH")));
        METRICS.put(
                "RL",
                new Metric(
                        "remediationLevel",
                        Map.of(
                                "X",
                                x,
                                "O",
                                "OFFICIAL_FIX",
                                "T",
                                "TEMPORARY_FIX",
                                "W",
                                "WORKAROUND",
                                "U",
                                "UNAVAILABLE")));
        METRICS.put(
                "RC",
                new Metric("reportConfidence", Map.of("X", x, "U", "UNKNOWN", "R", "REASONABLE", "C", "CONFIRMED")));
        var req = Map.of("X", x, "L", "LOW", "M", "MEDIUM", "H", "HIGH");
        METRICS.put("CR", new Metric("confidentialityRequirement", req));
        METRICS.put("IR", new Metric("integrityRequirement", req));
        METRICS.put("AR", new Metric("availabilityRequirement", req));
        METRICS.put("MAV", new Metric("modifiedAttackVector", with(av, x)));
        METRICS.put("MAC", new Metric("modifiedAttackComplexity", with(lh, x)));
        METRICS.put("MPR", new Metric("modifiedPrivilegesRequired", with(nlh, x)));
        METRICS.put("MUI", new Metric("modifiedUserInteraction", with(ui, x)));
        METRICS.put("MS", new Metric("modifiedScope", with(s, x)));
        METRICS.put("MC", new Metric("modifiedConfidentialityImpact", with(nlh, x)));
        METRICS.put("MI", new Metric("modifiedIntegrityImpact", with(nlh, x)));
        METRICS.put("MA", new Metric("modifiedAvailabilityImpact", with(nlh, x)));
    }

    private static Map<String, String> with(Map<String, String> values, String notDefined) {
        var copy = new LinkedHashMap<>(values);
        copy.put("X", notDefined);
        return copy;
    }

    /** A parsed vector: its version and the letter of each metric it names. */
    public record Vector(String version, Map<String, String> metrics) {

        /** The CSAF property values this vector implies (only the metrics it names). */
        public Map<String, String> properties() {
            var properties = new LinkedHashMap<String, String>();
            metrics.forEach((abbreviation, letter) -> properties.put(
                    METRICS.get(abbreviation).property(),
                    METRICS.get(abbreviation).values().get(letter)));
            return properties;
        }

        String get(String metric) {
            return metrics.getOrDefault(metric, "X");
        }

        public boolean hasTemporal() {
            return metrics.keySet().stream().anyMatch(m -> m.equals("E") || m.equals("RL") || m.equals("RC"));
        }

        public boolean hasEnvironmental() {
            return metrics.keySet().stream()
                    .anyMatch(m -> m.endsWith("R") && m.length() == 2 && !m.equals("PR") || m.startsWith("M"));
        }
    }

    /** The scores of a vector; temporal and environmental as FIRST's calculator gives them (equal to base without such metrics). */
    public record Scores(
            double base,
            String baseSeverity,
            double temporal,
            String temporalSeverity,
            double environmental,
            String environmentalSeverity) {}

    private Cvss3() {}

    /** Parses a vector; empty when it is not a complete, well-formed CVSS 3.x vector. */
    public static Optional<Vector> parse(String vector) {
        if (vector == null
                || vector.length() > MAX_VECTOR_LENGTH
                || !VECTOR.matcher(vector).matches()) {
            return Optional.empty();
        }
        var parts = vector.split("/");
        var version = parts[0].substring("CVSS:".length());
        var metrics = new LinkedHashMap<String, String>();
        for (int i = 1; i < parts.length; i++) {
            var kv = parts[i].split(":");
            var metric = METRICS.get(kv[0]);
            if (metric == null || !metric.values().containsKey(kv[1]) || metrics.put(kv[0], kv[1]) != null) {
                return Optional.empty();
            }
        }
        for (var base : new String[] {"AV", "AC", "PR", "UI", "S", "C", "I", "A"}) {
            if (!metrics.containsKey(base)) {
                return Optional.empty();
            }
        }
        return Optional.of(new Vector(version, metrics));
    }

    public static Scores score(Vector v) {
        boolean v31 = v.version().equals("3.1");
        boolean changed = v.get("S").equals("C");
        double iss = 1 - (1 - cia(v.get("C"))) * (1 - cia(v.get("I"))) * (1 - cia(v.get("A")));
        double impact = changed ? 7.52 * (iss - 0.029) - 3.25 * Math.pow(iss - 0.02, 15) : 6.42 * iss;
        double exploitability = 8.22 * av(v.get("AV")) * ac(v.get("AC")) * pr(v.get("PR"), changed) * ui(v.get("UI"));
        double base = impact <= 0
                ? 0
                : roundUp(
                        changed
                                ? Math.min(1.08 * (impact + exploitability), 10)
                                : Math.min(impact + exploitability, 10),
                        v31);

        double e = e(v.get("E"));
        double rl = rl(v.get("RL"));
        double rc = rc(v.get("RC"));
        double temporal = roundUp(base * e * rl * rc, v31);

        double environmental;
        {
            var mav = modified(v, "MAV", "AV");
            var mac = modified(v, "MAC", "AC");
            var mpr = modified(v, "MPR", "PR");
            var mui = modified(v, "MUI", "UI");
            var ms = modified(v, "MS", "S");
            var mc = modified(v, "MC", "C");
            var mi = modified(v, "MI", "I");
            var ma = modified(v, "MA", "A");
            boolean mChanged = ms.equals("C");
            double miss = Math.min(
                    1
                            - (1 - req(v.get("CR")) * cia(mc))
                                    * (1 - req(v.get("IR")) * cia(mi))
                                    * (1 - req(v.get("AR")) * cia(ma)),
                    0.915);
            double mImpact = mChanged
                    ? (v31
                            ? 7.52 * (miss - 0.029) - 3.25 * Math.pow(miss * 0.9731 - 0.02, 13)
                            : 7.52 * (miss - 0.029) - 3.25 * Math.pow(miss - 0.02, 15))
                    : 6.42 * miss;
            double mExploitability = 8.22 * av(mav) * ac(mac) * pr(mpr, mChanged) * ui(mui);
            environmental = mImpact <= 0
                    ? 0
                    : roundUp(
                            roundUp(
                                            mChanged
                                                    ? Math.min(1.08 * (mImpact + mExploitability), 10)
                                                    : Math.min(mImpact + mExploitability, 10),
                                            v31)
                                    * e
                                    * rl
                                    * rc,
                            v31);
        }
        return new Scores(base, severity(base), temporal, severity(temporal), environmental, severity(environmental));
    }

    /** The qualitative rating of a score (NONE, LOW, MEDIUM, HIGH, CRITICAL). */
    public static String severity(double score) {
        if (score == 0) {
            return "NONE";
        }
        if (score < 4.0) {
            return "LOW";
        }
        if (score < 7.0) {
            return "MEDIUM";
        }
        return score < 9.0 ? "HIGH" : "CRITICAL";
    }

    private static String modified(Vector v, String modified, String base) {
        var value = v.get(modified);
        return value.equals("X") ? v.get(base) : value;
    }

    /** Round up to one decimal: 3.1 defines it on integers to avoid floating-point surprises; 3.0 is a plain ceiling. */
    static double roundUp(double value, boolean v31) {
        if (!v31) {
            return Math.ceil(value * 10) / 10.0;
        }
        long scaled = Math.round(value * 100000);
        if (scaled % 10000 == 0) {
            return scaled / 100000.0;
        }
        return (Math.floor(scaled / 10000.0) + 1) / 10.0;
    }

    /** Scores compare at one decimal. */
    public static boolean same(double expected, BigDecimal given) {
        return given != null && BigDecimal.valueOf(expected).compareTo(given.stripTrailingZeros()) == 0;
    }

    private static double cia(String v) {
        return switch (v) {
            case "H" -> 0.56;
            case "L" -> 0.22;
            default -> 0;
        };
    }

    private static double av(String v) {
        return switch (v) {
            case "N" -> 0.85;
            case "A" -> 0.62;
            case "L" -> 0.55;
            default -> 0.2;
        };
    }

    private static double ac(String v) {
        return v.equals("L") ? 0.77 : 0.44;
    }

    private static double pr(String v, boolean changed) {
        return switch (v) {
            case "N" -> 0.85;
            case "L" -> changed ? 0.68 : 0.62;
            default -> changed ? 0.5 : 0.27;
        };
    }

    private static double ui(String v) {
        return v.equals("N") ? 0.85 : 0.62;
    }

    private static double e(String v) {
        return switch (v) {
            case "U" -> 0.91;
            case "P" -> 0.94;
            case "F" -> 0.97;
            default -> 1;
        };
    }

    private static double rl(String v) {
        return switch (v) {
            case "O" -> 0.95;
            case "T" -> 0.96;
            case "W" -> 0.97;
            default -> 1;
        };
    }

    private static double rc(String v) {
        return switch (v) {
            case "U" -> 0.92;
            case "R" -> 0.96;
            default -> 1;
        };
    }

    private static double req(String v) {
        return switch (v) {
            case "L" -> 0.5;
            case "H" -> 1.5;
            default -> 1;
        };
    }
}
