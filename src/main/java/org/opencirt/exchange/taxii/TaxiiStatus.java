package org.opencirt.exchange.taxii;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.List;
import org.opencirt.exchange.service.StixImports.ImportView;
import org.opencirt.exchange.service.StixImports.ObjectOutcome;

/** A TAXII 2.1 status resource: how the objects of one inbox request fared. */
public record TaxiiStatus(
        String id,
        String status,
        @JsonProperty("request_timestamp") Instant requestTimestamp,
        @JsonProperty("total_count") int totalCount,
        @JsonProperty("success_count") int successCount,
        @JsonProperty("failure_count") int failureCount,
        @JsonProperty("pending_count") int pendingCount,
        List<Details> successes,
        List<Details> failures,
        List<Details> pendings) {

    /** One object's outcome: its id, its version and a message in plain words. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Details(String id, String version, String message) {}

    static TaxiiStatus of(ImportView view) {
        return new TaxiiStatus(
                view.id().toString(),
                view.status(),
                view.requestTimestamp(),
                view.totalCount(),
                view.successCount(),
                view.failureCount(),
                view.pendingCount(),
                details(view.objects(), "success"),
                details(view.objects(), "failure"),
                details(view.objects(), "pending"));
    }

    private static List<Details> details(List<ObjectOutcome> outcomes, String outcome) {
        return outcomes.stream()
                .filter(o -> outcome.equals(o.outcome()))
                .map(o -> new Details(o.id() == null ? "" : o.id(), o.version(), o.message()))
                .toList();
    }
}
