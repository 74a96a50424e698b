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

    private static boolean allows(String range) {
        var parts = range.split(";");
        var type = parts[0].strip().toLowerCase(Locale.ROOT);
        String version = null;
        for (var i = 1; i < parts.length; i++) {
            var parameter = parts[i].split("=", 2);
            var name = parameter[0].strip().toLowerCase(Locale.ROOT);
            var value = parameter.length == 2 ? parameter[1].strip().replace("\"", "") : "";
            if (name.equals("q") && value.matches("0(\\.0*)?")) {
                return false;
            }
            if (name.equals("version")) {
                version = value;
            }
        }
        return switch (type) {
            case "*/*", "application/*" -> true;
            case "application/taxii+json" -> version == null || version.equals("2.1");
            default -> false;
        };
    }
}
