package org.opencirt.incident.service;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.opencirt.common.Tlp;
import org.opencirt.incident.model.CommentVisibility;
import org.opencirt.incident.model.IncidentState;
import org.opencirt.incident.model.LinkKind;
import org.opencirt.incident.model.Pap;
import org.opencirt.incident.model.Priority;
import org.opencirt.incident.model.Severity;
import org.opencirt.incident.model.TaskState;

/**
 * What clients send to change incidents: the request bodies of the incident API, validated by the
 * service. They have no {@code id}, {@code tenant} or {@code version}: those come from the server.
 */
public final class IncidentCommands {

    private IncidentCommands() {}

    /** Who reported an incident. */
    public record Reporter(
            @Size(max = 200) String name,
            @Email @Size(max = 254) String email,
            @Size(max = 200) String organisation) {}

    /** An observable as a client gives it: the type may be left out and is then detected. */
    public record ObservableInput(
            String type, @NotBlank @Size(max = 4096) String value) {}

    /** A new incident (API, partner) or report (public). Unset fields take the CIRT's defaults. */
    public record CreateIncident(
            @NotBlank @Size(max = 300) String title,
            @Size(max = 100_000) String description,
            @Valid Reporter reporter,
            @Size(max = 40) String category,
            @Size(max = 60) String type,
            Severity severity,
            Priority priority,
            Tlp tlp,
            Pap pap,
            @Size(max = 50) List<@NotBlank @Size(max = 64) String> tags,
            @Size(max = 100) String sector,
            Instant occurredAt,
            Instant detectedAt,
            @Size(max = 100) String assignee,
            Instant dueAt,
            @Size(max = 10_000) List<@NotNull @Valid ObservableInput> observables) {

        /** A report as someone outside the CIRT gives it (an e-mail, the public form): nothing the CIRT decides. */
        public static CreateIncident reported(String title, String description, Reporter reporter, Instant occurredAt) {
            return new CreateIncident(
                    title,
                    description,
                    reporter,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    List.of(),
                    null,
                    occurredAt,
                    null,
                    null,
                    null,
                    List.of());
        }

        /**
         * What a partner's submission may set: its report. The rest (priority, assignee, due
         * date, and whatever the receiving CIRT decides: state, channel, playbook results) is
         * the CIRT's, and a partner naming it is refused.
         */
        public static final java.util.Set<String> PARTNER_FIELDS = java.util.Set.of(
                "title",
                "description",
                "reporter",
                "category",
                "type",
                "severity",
                "tlp",
                "pap",
                "tags",
                "sector",
                "occurredAt",
                "detectedAt",
                "observables");
    }

    /** A change to an incident's fields; absent (null) fields stay as they are; {@code ""} clears a text field. */
    public record UpdateIncident(
            @Size(min = 1, max = 300) String title,
            @Size(max = 100_000) String description,
            @Size(max = 40) String category,
            @Size(max = 60) String type,
            Severity severity,
            Priority priority,
            Tlp tlp,
            Pap pap,
            @Size(max = 50) List<@NotBlank @Size(max = 64) String> tags,
            @Size(max = 100) String sector,
            Instant occurredAt,
            Instant detectedAt,
            @Size(max = 100) String assignee,
            Instant dueAt) {}

    /** A move to another state of the lifecycle. */
    public record Transition(
            @NotNull IncidentState to, @Size(max = 2000) String reason) {}

    public record AddObservables(
            @NotNull @Size(min = 1, max = 10_000) List<@NotNull @Valid ObservableInput> observables) {}

    public record AddTask(
            @NotBlank @Size(max = 300) String title,
            @Size(max = 100) String assignee) {}

    public record UpdateTask(
            @Size(min = 1, max = 300) String title,
            TaskState state,
            @Size(max = 100) String assignee) {}

    public record AddComment(@NotBlank @Size(max = 50_000) String body, CommentVisibility visibility) {}

    public record AddLink(@NotNull LinkKind kind, @NotNull UUID target) {}
}
