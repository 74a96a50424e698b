package org.opencirt.common.web;

import jakarta.ws.rs.core.EntityTag;
import org.opencirt.common.problem.ApiException;
import org.opencirt.common.problem.ProblemType;

/** Versions as entity tags: {@code ETag: "7"} out, {@code If-Match: "7"} in. */
public final class ETags {

    private ETags() {}

    public static EntityTag of(long version) {
        return new EntityTag(Long.toString(version));
    }

    /** The version named by an If-Match header, or null when there is none. */
    public static Long parse(String ifMatch) {
        if (ifMatch == null || ifMatch.isBlank()) {
            return null;
        }
        var value = ifMatch.strip();
        if (value.startsWith("W/")) {
            value = value.substring(2);
        }
        value = value.replace("\"", "");
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw ApiException.invalid("If-Match", "'%s' is not an entity tag this API gave out".formatted(ifMatch));
        }
    }

    /** The version named by an If-Match header, which must be there. */
    public static long require(String ifMatch) {
        var version = parse(ifMatch);
        if (version == null) {
            throw new ApiException(
                    ProblemType.PRECONDITION_REQUIRED,
                    "Send the ETag you read as If-Match, so that a change made meanwhile is not overwritten");
        }
        return version;
    }
}
