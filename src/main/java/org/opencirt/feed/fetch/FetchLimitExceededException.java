package org.opencirt.feed.fetch;

import org.opencirt.common.outbound.FetchException;

/** A resource larger than the policy allows (reason {@link FetchException.Reason#TOO_LARGE}). */
public class FetchLimitExceededException extends FetchException {

    private static final long serialVersionUID = 1L;

    public FetchLimitExceededException(String message) {
        super(Reason.TOO_LARGE, message);
    }
}
