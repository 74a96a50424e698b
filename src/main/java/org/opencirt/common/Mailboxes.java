package org.opencirt.common;

import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import java.util.Optional;

/**
 * E-mail addresses the platform sends to: one plain mailbox ({@code soc@bank.example}), checked
 * by Jakarta Mail's strict RFC 822 parser. No display name, no list, no group, nothing that
 * could add a recipient or a header.
 */
public final class Mailboxes {

    /** The longest address (RFC 5321 path limit). */
    public static final int MAX_LENGTH = 254;

    private Mailboxes() {}

    /** What is wrong with an address as a single recipient, or empty when it is one. */
    public static Optional<String> problem(String address) {
        if (address == null || address.isBlank()) {
            return Optional.of("an e-mail address is required");
        }
        if (address.length() > MAX_LENGTH) {
            return Optional.of("at most %d characters".formatted(MAX_LENGTH));
        }
        if (address.chars().anyMatch(c -> c < 0x21 || c == 0x7f)) {
            return Optional.of("one address without spaces, line breaks or control characters");
        }
        try {
            var parsed = InternetAddress.parse(address, true);
            if (parsed.length != 1
                    || parsed[0].isGroup()
                    || parsed[0].getPersonal() != null
                    || !address.equals(parsed[0].getAddress())
                    || !address.contains("@")) {
                return Optional.of("exactly one plain address such as soc@example.org");
            }
            parsed[0].validate();
            return Optional.empty();
        } catch (AddressException e) {
            return Optional.of("not a valid e-mail address");
        }
    }

    /** True when the address is one plain mailbox. */
    public static boolean valid(String address) {
        return problem(address).isEmpty();
    }
}
