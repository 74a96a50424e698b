package org.opencirt.advisory.csaf;

import java.util.IllformedLocaleException;
import java.util.Locale;
import java.util.Set;

/**
 * Language tags (CSAF mandatory test 6.1.12): well-formed BCP 47, with a language, script and region
 * that exist. The JDK knows the ISO 639-1 languages and ISO 3166 regions; the ISO 15924 scripts are
 * {@code iso15924.txt}; the UN M.49 regions are those the IANA registry takes. A three-letter language
 * (ISO 639-2/3, which the JDK does not list), variants and extensions are checked for form only, so a
 * valid tag is never refused.
 */
final class Languages {

    private static final Set<String> ISO_639_1 = Set.of(Locale.getISOLanguages());
    private static final Set<String> ISO_3166 = Set.of(Locale.getISOCountries());
    /** Regions BCP 47 takes beyond ISO 3166's assigned codes: user-assigned and exceptionally reserved ones. */
    private static final Set<String> OTHER_REGIONS = Set.of("AA", "ZZ", "EU", "UN", "AC", "CP", "DG", "EA", "IC", "TA");
    /** The UN M.49 codes in the IANA language subtag registry. */
    private static final Set<String> UN_M49 = Set.of(
            "001", "002", "003", "005", "009", "011", "013", "014", "015", "017", "018", "019", "021", "029", "030",
            "034", "035", "039", "053", "054", "057", "061", "142", "143", "145", "150", "151", "154", "155", "202",
            "419");

    private static final Set<String> ISO_15924 = scripts();

    private Languages() {}

    static boolean valid(String tag) {
        var lower = tag.toLowerCase(Locale.ROOT);
        if (lower.matches("(x|i)-[a-z0-9]{1,8}(-[a-z0-9]{1,8})*")) {
            return true; // private use, or grandfathered
        }
        Locale locale;
        try {
            locale = new Locale.Builder().setLanguageTag(tag).build();
        } catch (IllformedLocaleException e) {
            return false;
        }
        var language = locale.getLanguage();
        if (tag.toLowerCase(Locale.ROOT).startsWith("x-")
                || tag.toLowerCase(Locale.ROOT).startsWith("i-")) {
            return true; // private use, or grandfathered
        }
        if (language.length() == 2 && !ISO_639_1.contains(language)) {
            return false;
        }
        var script = locale.getScript();
        if (!script.isEmpty()
                && !ISO_15924.contains(script)
                && !(script.compareTo("Qaaa") >= 0 && script.compareTo("Qabx") <= 0)) {
            return false;
        }
        var region = locale.getCountry();
        return region.isEmpty()
                || UN_M49.contains(region)
                || ISO_3166.contains(region)
                || OTHER_REGIONS.contains(region)
                || region.compareTo("QM") >= 0 && region.compareTo("QZ") <= 0
                || region.compareTo("XA") >= 0 && region.compareTo("XZ") <= 0;
    }

    /** Whether a tag uses subtags reserved for private use (CSAF optional test 6.2.14). */
    static boolean privateUse(String tag) {
        var lower = tag.toLowerCase(Locale.ROOT);
        if (lower.startsWith("x-") || lower.contains("-x-")) {
            return true;
        }
        var parts = lower.split("-");
        var language = parts[0];
        if (language.length() == 3 && language.compareTo("qaa") >= 0 && language.compareTo("qtz") <= 0) {
            return true;
        }
        for (int i = 1; i < parts.length; i++) {
            var part = parts[i];
            if (part.length() == 4 && part.compareTo("qaaa") >= 0 && part.compareTo("qabx") <= 0) {
                return true;
            }
            if (part.length() == 2
                    && (part.equals("aa")
                            || part.equals("zz")
                            || part.compareTo("qm") >= 0 && part.compareTo("qz") <= 0
                            || part.compareTo("xa") >= 0 && part.compareTo("xz") <= 0)) {
                return true;
            }
        }
        return false;
    }

    private static Set<String> scripts() {
        try (var in = Languages.class.getResourceAsStream("/advisory/csaf/iso15924.txt")) {
            var codes = new java.util.HashSet<String>();
            for (var line : new String(in.readAllBytes(), java.nio.charset.StandardCharsets.US_ASCII).split("\n")) {
                if (!line.startsWith("#")) {
                    codes.addAll(java.util.Arrays.asList(line.trim().split("\\s+")));
                }
            }
            codes.remove("");
            return Set.copyOf(codes);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
