package org.opencirt.exchange.taxii;

import java.util.Arrays;
import java.util.Locale;

/** The media types of TAXII 2.1, and whether a request's {@code Accept} allows the one this server answers with. */
public final class TaxiiMediaTypes {

    /** Every TAXII response, errors included. */
    public static final String TAXII = "application/taxii+json;version=2.1";

    /** What the collections hold. */
    public static final String STIX = "application/stix+json;version=2.1";

    private TaxiiMediaTypes() {}

    /**
     * Whether an {@code Accept} header allows {@code application/taxii+json;version=2.1}: absent, {@code *}{@code /*},
     * {@code application/*}, or {@code application/taxii+json} without a version or with version 2.1. A range
     * with {@code q=0} refuses. Any other version (2.0) is not served here: the server answers 406.
     */
    public static boolean accepted(String accept) {
        if (accept == null || accept.isBlank()) {
            return true;
        }
        return Arrays.stream(accept.split(",")).anyMatch(TaxiiMediaTypes::allows);
    }

    /** Whether a request's {@code Content-Type} is {@code application/taxii+json}, without a version or with 2.1. */
    public static boolean isTaxiiContent(String contentType) {
        if (contentType == null) {
            return false;
        }
        var range = Range.of(contentType);
        return range.type().equals("application/taxii+json") && range.is21();
    }

    private static boolean allows(String text) {
        var range = Range.of(text);
        if (range.refused()) {
            return false;
        }
        return switch (range.type()) {
            case "*/*", "application/*" -> true;
            case "application/taxii+json" -> range.is21();
            default -> false;
        };
    }

    /** A media type or range: its type, its {@code version} (null when absent), whether {@code q=0} refuses it. */
    private record Range(String type, String version, boolean refused) {

        static Range of(String text) {
            var parts = text.split(";");
            String version = null;
            var refused = false;
            for (var i = 1; i < parts.length; i++) {
                var parameter = parts[i].split("=", 2);
                var name = parameter[0].strip().toLowerCase(Locale.ROOT);
                var value = parameter.length == 2 ? parameter[1].strip().replace("\"", "") : "";
                if (name.equals("q") && value.matches("0(\\.0*)?")) {
                    refused = true;
                }
                if (name.equals("version")) {
                    version = value;
                }
            }
            return new Range(parts[0].strip().toLowerCase(Locale.ROOT), version, refused);
        }

        boolean is21() {
            return version == null || version.equals("2.1");
        }
    }
}
