package org.opencirt.incident.service;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/** One incident in a search result, as the search index holds it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record IncidentSummary(
        String id,
        String reference,
        String title,
        String state,
        String severity,
        String priority,
        String category,
        String type,
        String tlp,
        String assignee,
        List<?> tags,
        String channel,
        String createdAt,
        String updatedAt,
        SharedFrom sharedFrom) {

    /**
     * Set on the copy of an incident another CIRT shared with the caller: which CIRT, and the incident's id there
     * (the copy is read at {@code /api/v1/shared/incidents/{incident}}); the copy's own {@code id} is not an incident's.
     */
    public record SharedFrom(String cirt, String name, String incident) {}

    public static IncidentSummary of(Map<String, Object> doc) {
        return new IncidentSummary(
                text(doc, "id"),
                text(doc, "reference"),
                text(doc, "title"),
                text(doc, "state"),
                text(doc, "severity"),
                text(doc, "priority"),
                text(doc, "category"),
                text(doc, "type"),
                text(doc, "tlp"),
                text(doc, "assignee"),
                doc.get("tags") instanceof List<?> tags ? tags : List.of(),
                text(doc, "channel"),
                text(doc, "created_at"),
                text(doc, "updated_at"),
                doc.get("shared_from") == null
                        ? null
                        : new SharedFrom(
                                text(doc, "shared_from"), text(doc, "shared_from_name"), text(doc, "incident_id")));
    }

    private static String text(Map<String, Object> doc, String field) {
        var value = doc.get(field);
        return value == null ? null : value.toString();
    }
}
