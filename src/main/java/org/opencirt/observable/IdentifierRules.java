package org.opencirt.observable;

import static org.opencirt.observable.Refusals.article;
import static org.opencirt.observable.Refusals.describe;
import static org.opencirt.observable.Refusals.quote;

import java.util.Locale;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The rules of {@link Normaliser} for hashes, AS numbers, CVE ids and file names. */
final class IdentifierRules {

    private static final Pattern ASN = Pattern.compile("(?:ASN?)?([0-9]{1,10})", Pattern.CASE_INSENSITIVE);
    private static final Pattern CVE = Pattern.compile("CVE-([0-9]{4})-([0-9]{4,})", Pattern.CASE_INSENSITIVE);
    static final Pattern HEX = Pattern.compile("[0-9a-fA-F]+");

    private IdentifierRules() {}

    static String hash(ObservableType type, String value) {
        if (value.length() != type.hexLength() || !HEX.matcher(value).matches()) {
            throw new InvalidObservableException(
                    type,
                    quote(value) + " is not " + article(type) + ": expected " + type.hexLength()
                            + " hexadecimal characters");
        }
        return value.toLowerCase(Locale.ROOT);
    }

    static String asn(String value) {
        Matcher m = ASN.matcher(value);
        long number = m.matches() ? Long.parseLong(m.group(1)) : -1;
        if (number < 1 || number > 4_294_967_295L) {
            throw new InvalidObservableException(
                    ObservableType.ASN,
                    quote(value) + " is not an AS number: expected AS64500, ASN64500 or 64500, from 1 to 4294967295");
        }
        return "AS" + number;
    }

    static String cve(String value) {
        Matcher m = CVE.matcher(value);
        if (!m.matches()) {
            throw new InvalidObservableException(
                    ObservableType.CVE,
                    quote(value) + " is not a CVE id: expected CVE-YYYY-NNNN (four or more digits)");
        }
        int year = Integer.parseInt(m.group(1));
        if (year < 1999 || year > 2100) {
            throw new InvalidObservableException(
                    ObservableType.CVE, quote(value) + " is not a CVE id: the year must be from 1999 to 2100");
        }
        return "CVE-" + m.group(1) + "-" + m.group(2);
    }

    static String filename(String value) {
        ObservableType type = ObservableType.FILENAME;
        Supplier<String> notFile = () -> quote(value) + " is not a file name: ";
        if (value.length() > Normaliser.MAX_FILENAME) {
            throw new InvalidObservableException(
                    type, notFile.get() + "it is longer than " + Normaliser.MAX_FILENAME + " characters");
        }
        if (value.equals(".") || value.equals("..")) {
            throw new InvalidObservableException(type, notFile.get() + "'.' and '..' name directories");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '/' || c == '\\' || Character.isISOControl(c)) {
                throw new InvalidObservableException(
                        type,
                        notFile.get() + "it contains " + describe(c)
                                + (c == '/' || c == '\\' ? " (a path, not a name)" : ""));
            }
        }
        return value;
    }
}
