package org.opencirt.incident.model;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The Reference Security Incident Taxonomy (v1.3): categories and their types. The API and playbooks
 * take exact values only; feeds, which write types as they like, go through {@link #typeNamed}.
 */
public final class Rsit {

    private static final Map<String, List<String>> TAXONOMY = new LinkedHashMap<>();

    static {
        TAXONOMY.put("abusive-content", List.of("spam", "harmful-speech", "violence"));
        TAXONOMY.put(
                "malicious-code",
                List.of("infected-system", "c2-server", "malware-distribution", "malware-configuration"));
        TAXONOMY.put("information-gathering", List.of("scanner", "sniffing", "social-engineering"));
        TAXONOMY.put("intrusion-attempts", List.of("ids-alert", "brute-force", "exploit"));
        TAXONOMY.put(
                "intrusions",
                List.of(
                        "privileged-account-compromise",
                        "unprivileged-account-compromise",
                        "application-compromise",
                        "system-compromise",
                        "burglary"));
        TAXONOMY.put("availability", List.of("dos", "ddos", "misconfiguration", "sabotage", "outage"));
        TAXONOMY.put(
                "information-content-security",
                List.of(
                        "unauthorised-information-access",
                        "unauthorised-information-modification",
                        "data-loss",
                        "data-leak"));
        TAXONOMY.put("fraud", List.of("unauthorised-use-of-resources", "copyright", "masquerade", "phishing"));
        TAXONOMY.put(
                "vulnerable",
                List.of(
                        "weak-crypto",
                        "ddos-amplifier",
                        "potentially-unwanted-accessible",
                        "information-disclosure",
                        "vulnerable-system"));
        TAXONOMY.put("other", List.of("other", "undetermined"));
        TAXONOMY.put("test", List.of("test"));
    }

    /** Each type's category (a feed run asks once per indicator). */
    private static final Map<String, String> CATEGORY_OF_TYPE = new HashMap<>();

    static {
        TAXONOMY.forEach((category, types) -> types.forEach(type -> CATEGORY_OF_TYPE.put(type, category)));
    }

    private Rsit() {}

    public static List<String> categories() {
        return List.copyOf(TAXONOMY.keySet());
    }

    /** The types of a category, or empty for an unknown category. */
    public static Optional<List<String>> types(String category) {
        return Optional.ofNullable(TAXONOMY.get(category));
    }

    /** The category a type belongs to (each type belongs to exactly one). */
    public static Optional<String> categoryOf(String type) {
        return Optional.ofNullable(CATEGORY_OF_TYPE.get(type));
    }

    /** The type a text names, ignoring case and surrounding white space (how feeds write them), if it names one. */
    public static Optional<String> typeNamed(String text) {
        if (text == null) {
            return Optional.empty();
        }
        var candidate = text.strip().toLowerCase(Locale.ROOT);
        return CATEGORY_OF_TYPE.containsKey(candidate) ? Optional.of(candidate) : Optional.empty();
    }
}
