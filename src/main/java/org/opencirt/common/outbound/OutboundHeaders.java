package org.opencirt.common.outbound;

import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.message.BasicHeader;
import org.opencirt.common.outbound.FetchException.Reason;

/** Checks on what goes out in a request. */
public final class OutboundHeaders {

    private static final String SEPARATORS = "()<>@,;:\\\"/[]?={} \t";

    private OutboundHeaders() {}

    /**
     * The header, if its name is an RFC 9110 token and its value has no control character but tab
     * (so no header can be injected).
     *
     * @throws FetchException BAD_URL naming the header, never its value
     */
    public static Header checked(String name, String value) throws FetchException {
        if (!isToken(name) || value == null || !value.chars().allMatch(c -> c == '\t' || c >= 0x20 && c != 0x7f)) {
            throw new FetchException(
                    Reason.BAD_URL,
                    "header '%s' cannot be sent: invalid name or a control character in its value"
                            .formatted(isToken(name) ? name : "(invalid name)"));
        }
        return new BasicHeader(name, value);
    }

    private static boolean isToken(String name) {
        return name != null
                && !name.isEmpty()
                && name.length() <= 256
                && name.chars().allMatch(c -> c > 0x20 && c < 0x7f && SEPARATORS.indexOf(c) < 0);
    }
}
