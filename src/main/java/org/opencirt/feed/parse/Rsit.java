package org.opencirt.feed.parse;

import java.util.Locale;
import java.util.Set;

/** The RSIT v1.3 incident types (STANDARDS.md), the only values {@link RawItem#classification()} takes. */
final class Rsit {

    static final Set<String> TYPES = Set.of(
            "spam", "harmful-speech", "violence",
            "infected-system", "c2-server", "malware-distribution", "malware-configuration",
            "scanner", "sniffing", "social-engineering",
            "ids-alert", "brute-force", "exploit",
            "privileged-account-compromise", "unprivileged-account-compromise", "application-compromise",
            "system-compromise", "burglary",
            "dos", "ddos", "misconfiguration", "sabotage", "outage",
            "unauthorised-information-access", "unauthorised-information-modification", "data-loss", "data-leak",
            "unauthorised-use-of-resources", "copyright", "masquerade", "phishing",
            "weak-crypto", "ddos-amplifier", "potentially-unwanted-accessible", "information-disclosure",
            "vulnerable-system",
            "other", "undetermined",
            "test");

    private Rsit() {
    }

    /** The RSIT type this text names (ignoring case and surrounding white space), or null. */
    static String type(String text) {
        if (text == null) {
            return null;
        }
        String candidate = text.strip().toLowerCase(Locale.ROOT);
        return TYPES.contains(candidate) ? candidate : null;
    }
}
