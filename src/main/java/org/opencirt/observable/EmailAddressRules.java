package org.opencirt.observable;

import static org.opencirt.observable.Refusals.checkNoWhitespaceOrControl;
import static org.opencirt.observable.Refusals.describe;
import static org.opencirt.observable.Refusals.quote;

import java.util.function.Supplier;

/** The rules of {@link Normaliser} for e-mail addresses: the local part as written, the domain normalised. */
final class EmailAddressRules {

    private static final String LOCAL_PART_SPECIALS = ".!#$%&'*+/=?^_`{|}~-";

    private EmailAddressRules() {}

    static String email(String value) {
        ObservableType type = ObservableType.EMAIL;
        Supplier<String> notEmail = () -> quote(value) + " is not an e-mail address: ";
        String address = value.regionMatches(true, 0, "mailto:", 0, 7) ? value.substring(7) : value;
        checkNoWhitespaceOrControl(address, type, notEmail);
        int at = address.lastIndexOf('@');
        if (at <= 0 || at == address.length() - 1) {
            throw new InvalidObservableException(type, notEmail.get() + "expected local-part@domain");
        }
        String local = address.substring(0, at);
        if (local.length() > Normaliser.MAX_LOCAL_PART) {
            throw new InvalidObservableException(
                    type,
                    notEmail.get() + "the local part is longer than " + Normaliser.MAX_LOCAL_PART + " characters");
        }
        for (int i = 0; i < local.length(); i++) {
            char c = local.charAt(i);
            if (!(c >= 0x80 || Character.isLetterOrDigit(c) || LOCAL_PART_SPECIALS.indexOf(c) >= 0)) {
                throw new InvalidObservableException(type, notEmail.get() + "the local part contains " + describe(c));
            }
        }
        if (local.startsWith(".") || local.endsWith(".") || local.contains("..")) {
            throw new InvalidObservableException(
                    type, notEmail.get() + "the local part starts or ends with a dot, or has two dots in a row");
        }
        String domainPart = address.substring(at + 1);
        String domain = DomainNameRules.domain(
                domainPart, type, () -> notEmail.get() + "domain " + quote(domainPart) + " is not a domain name: ");
        String email = local + "@" + domain;
        if (email.length() > Normaliser.MAX_EMAIL) {
            throw new InvalidObservableException(
                    type, notEmail.get() + "it is longer than " + Normaliser.MAX_EMAIL + " characters");
        }
        return email;
    }
}
