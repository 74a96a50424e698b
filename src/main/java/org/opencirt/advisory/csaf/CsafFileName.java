package org.opencirt.advisory.csaf;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The CSAF 2.0 file-name rule (section 5.1): the {@code document.tracking.id} in lower case, every
 * run of characters other than {@code +}, {@code -}, {@code a-z} and {@code 0-9} replaced by one
 * {@code _}, then {@code .json}. The result never holds a {@code /} or {@code .}, so it is safe as a
 * path segment.
 */
public final class CsafFileName {

    private static final Pattern OTHER = Pattern.compile("[^+\\-a-z0-9]+");

    private CsafFileName() {}

    public static String of(String trackingId) {
        return OTHER.matcher(trackingId.toLowerCase(Locale.ROOT)).replaceAll("_") + ".json";
    }
}
