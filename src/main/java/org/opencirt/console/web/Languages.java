package org.opencirt.console.web;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The console's languages: English (default), French, and Arabic (right to left). */
public final class Languages {

    /** The cookie that keeps the analyst's choice. */
    public static final String COOKIE = "opencirt-lang";

    /** One language the console speaks, with its own name (shown in that language) and direction. */
    public record Language(String code, String name, boolean rtl) {

        public String dir() {
            return rtl ? "rtl" : "ltr";
        }

        public Locale locale() {
            return Locale.forLanguageTag(code);
        }
    }

    public static final List<Language> ALL = List.of(
            new Language("en", "English", false),
            new Language("fr", "Français", false),
            new Language("ar", "العربية", true));

    private Languages() {}

    public static Optional<Language> byCode(String code) {
        return code == null
                ? Optional.empty()
                : ALL.stream().filter(l -> l.code().equals(code)).findFirst();
    }

    /**
     * The language for a request: the cookie if it names one of ours, else the best of Accept-Language, else English.
     */
    public static Language resolve(String cookie, String acceptLanguage) {
        return byCode(cookie).or(() -> fromAcceptLanguage(acceptLanguage)).orElse(ALL.getFirst());
    }

    private static Optional<Language> fromAcceptLanguage(String header) {
        if (header == null || header.isBlank() || header.length() > 500) {
            return Optional.empty();
        }
        try {
            var ranges = Locale.LanguageRange.parse(header);
            var match = Locale.lookup(ranges, ALL.stream().map(Language::locale).toList());
            return match == null ? Optional.empty() : byCode(match.getLanguage());
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
