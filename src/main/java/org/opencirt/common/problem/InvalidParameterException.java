package org.opencirt.common.problem;

import jakarta.ws.rs.BadRequestException;

/**
 * A query or path parameter whose text is not of the parameter's type. It is a
 * {@link BadRequestException} so that JAX-RS passes it on as it is, where it would turn any other
 * conversion failure of a query or path parameter into a bare 404.
 */
public class InvalidParameterException extends BadRequestException {

    private final String text;
    private final String expected;

    /**
     * @param text     what the request sent
     * @param expected what the parameter must be, as "a whole number"
     */
    public InvalidParameterException(String text, String expected) {
        super("'%s' is not %s".formatted(text, expected));
        this.text = text;
        this.expected = expected;
    }

    public String text() {
        return text;
    }

    public String expected() {
        return expected;
    }
}
