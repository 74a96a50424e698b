package org.opencirt.console.incident;

import java.util.List;
import java.util.UUID;
import org.opencirt.incident.service.IncidentSummary;

/** What the queue page shows. Records only; built by {@link QueuePage}. */
public final class QueueViews {

    private QueueViews() {}

    /** The filters as the analyst set them (also what the filter form shows again). */
    public record Filters(
            String q,
            List<String> state,
            List<String> severity,
            String category,
            List<String> tlp,
            String assignee,
            String sort,
            int limit) {

        public boolean hasState(String value) {
            return state.contains(value);
        }

        public boolean hasSeverity(String value) {
            return severity.contains(value);
        }

        public boolean hasTlp(String value) {
            return tlp.contains(value);
        }
    }

    /** A column the queue can be sorted by: the link that sorts by it, and how it is sorted now (aria-sort). */
    public record SortColumn(String field, String href, String ariaSort) {}

    /** A preset view of the queue (a link), and whether it is the one shown. */
    public record View(String key, String href, boolean current) {}

    /** One of the analyst's saved views, as a link to the queue with its filters. */
    public record ViewLink(UUID id, String name, String href) {}

    /** A facet value with its count. */
    public record Count(String value, long count) {}

    /** One page of the queue. */
    public record Queue(
            Filters filters,
            long total,
            List<IncidentSummary> rows,
            String nextHref,
            String firstHref,
            boolean firstPage,
            List<SortColumn> columns,
            List<View> views,
            List<Count> states,
            String selfHref,
            List<String> stateOptions,
            List<String> severityOptions,
            List<String> tlpOptions,
            List<String> categoryOptions,
            List<String> sortOptions,
            List<Integer> limitOptions) {

        public SortColumn column(String field) {
            return columns.stream()
                    .filter(c -> c.field().equals(field))
                    .findFirst()
                    .orElseThrow();
        }
    }

    /** The outcome of a bulk action on one incident. */
    public record BulkOutcome(String id, String reference, String result, String detail) {}

    /** The result page of a bulk action. */
    public record BulkResult(String action, List<BulkOutcome> outcomes, long done, String returnHref) {}
}
