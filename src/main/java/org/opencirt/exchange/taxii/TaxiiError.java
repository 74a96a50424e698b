package org.opencirt.exchange.taxii;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A TAXII 2.1 error message: the body of every error under {@code /taxii2/}, in the TAXII media type.
 *
 * @param title       what kind of error (required by TAXII)
 * @param description what went wrong with this request
 * @param errorId     for 5xx, the id under which the server logged the cause
 * @param httpStatus  the HTTP status, as a string (TAXII 2.1 types it so)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TaxiiError(
        String title,
        String description,
        @JsonProperty("error_id") String errorId,
        @JsonProperty("http_status") String httpStatus) {}
