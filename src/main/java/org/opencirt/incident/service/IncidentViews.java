package org.opencirt.incident.service;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonRawValue;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.opencirt.common.Tlp;
import org.opencirt.common.crypto.Digests;
import org.opencirt.incident.model.Channel;
import org.opencirt.incident.model.CommentVisibility;
import org.opencirt.incident.model.IncidentState;
import org.opencirt.incident.model.LinkKind;
import org.opencirt.incident.model.Pap;
import org.opencirt.incident.model.Priority;
import org.opencirt.incident.model.Severity;
import org.opencirt.incident.model.TaskState;
import org.opencirt.incident.service.IncidentCommands.Reporter;
import org.opencirt.observable.Observable;

/** What the incident API answers. Built from entities by {@link IncidentMapper}; entities never leave. */
public final class IncidentViews {

    private IncidentViews() {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record IncidentView(
            UUID id,
            String reference,
            String title,
            String description,
            Reporter reporter,
            String reporterClient,
            Channel channel,
            String category,
            String type,
            Severity severity,
            Priority priority,
            Tlp tlp,
            Pap pap,
            List<String> tags,
            String sector,
            IncidentState state,
            List<IncidentState> allowedTransitions,
            String assignee,
            Instant occurredAt,
            Instant detectedAt,
            Instant reportedAt,
            Instant dueAt,
            List<Observable> observables,
            List<MatchView> matches,
            String createdBy,
            Instant createdAt,
            Instant updatedAt,
            long version) {}

    /** An indicator that matched one of the incident's observables: which feed, which indicator, how sure. */
    public record MatchView(
            String observable,
            String indicatorType,
            String indicatorValue,
            List<String> feeds,
            String classification,
            Integer confidence,
            String tlp,
            Instant matchedAt) {}

    public record ObservablesAdded(List<Observable> added, int alreadyPresent, int total) {}

    public record TaskView(
            UUID id,
            String title,
            TaskState state,
            String assignee,
            String createdBy,
            Instant createdAt,
            Instant updatedAt,
            long version) {}

    public record CommentView(UUID id, String body, CommentVisibility visibility, String author, Instant createdAt) {}

    public record AttachmentView(
            UUID id,
            String filename,
            String contentType,
            long size,
            String sha256,
            String createdBy,
            Instant createdAt) {}

    public record LinkView(
            UUID id, LinkKind kind, UUID target, String targetReference, String createdBy, Instant createdAt) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record TimelineView(
            long id,
            Instant at,
            String actor,
            String action,
            String field,
            @JsonRawValue String before,
            @JsonRawValue String after) {}

    /** An attachment's bytes, for download. */
    public record AttachmentContent(String filename, String contentType, byte[] content) {}

    /**
     * What a public reporter gets back: keep the token, it is the only way to read the status.
     * A replay of the request (same Idempotency-Key) answers the reference and the token's
     * SHA-256 only: the token itself is never stored.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ReportReceipt(String reference, String statusToken, String statusTokenSha256)
            implements org.opencirt.common.idempotency.HoldsSecret {

        public ReportReceipt(String reference, String statusToken) {
            this(reference, statusToken, null);
        }

        @Override
        public ReportReceipt withoutSecret() {
            return new ReportReceipt(
                    reference, null, statusToken == null ? statusTokenSha256 : Digests.sha256Hex(statusToken));
        }
    }

    /** What a public reporter may read with the token: nothing else of the incident. */
    public record ReportStatus(String reference, IncidentState state, Instant reportedAt, Instant updatedAt) {}
}
