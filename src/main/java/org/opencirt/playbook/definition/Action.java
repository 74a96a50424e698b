package org.opencirt.playbook.definition;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.time.Duration;
import java.util.List;
import org.opencirt.common.Tlp;
import org.opencirt.incident.model.CommentVisibility;
import org.opencirt.incident.model.Priority;
import org.opencirt.incident.model.Severity;

/**
 * What a playbook may do: a closed vocabulary, each written in YAML as a one-key map
 * ({@code - add-tags: {tags: [phishing]}}). Every action goes through the incident services.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.WRAPPER_OBJECT)
@JsonSubTypes({
    @JsonSubTypes.Type(value = Action.SetClassification.class, name = "set-classification"),
    @JsonSubTypes.Type(value = Action.SetSeverity.class, name = "set-severity"),
    @JsonSubTypes.Type(value = Action.RaiseTlp.class, name = "raise-tlp"),
    @JsonSubTypes.Type(value = Action.Assign.class, name = "assign"),
    @JsonSubTypes.Type(value = Action.AddTags.class, name = "add-tags"),
    @JsonSubTypes.Type(value = Action.AddTasks.class, name = "add-tasks"),
    @JsonSubTypes.Type(value = Action.AddComment.class, name = "add-comment"),
    @JsonSubTypes.Type(value = Action.LinkDuplicates.class, name = "link-duplicates"),
    @JsonSubTypes.Type(value = Action.Escalate.class, name = "escalate"),
    @JsonSubTypes.Type(value = Action.Notify.class, name = "notify"),
    @JsonSubTypes.Type(value = Action.SetDueDate.class, name = "set-due-date"),
    @JsonSubTypes.Type(value = Action.Stop.class, name = "stop"),
})
public sealed interface Action {

    /** Every action name, as written in YAML. */
    List<String> NAMES = List.of(
            "set-classification",
            "set-severity",
            "raise-tlp",
            "assign",
            "add-tags",
            "add-tasks",
            "add-comment",
            "link-duplicates",
            "escalate",
            "notify",
            "set-due-date",
            "stop");

    /** The name this action is written with. */
    default String name() {
        return switch (this) {
            case SetClassification a -> "set-classification";
            case SetSeverity a -> "set-severity";
            case RaiseTlp a -> "raise-tlp";
            case Assign a -> "assign";
            case AddTags a -> "add-tags";
            case AddTasks a -> "add-tasks";
            case AddComment a -> "add-comment";
            case LinkDuplicates a -> "link-duplicates";
            case Escalate a -> "escalate";
            case Notify a -> "notify";
            case SetDueDate a -> "set-due-date";
            case Stop a -> "stop";
        };
    }

    /** Sets the RSIT classification: a category, and optionally a type of it. */
    record SetClassification(String category, String type) implements Action {}

    /** Sets severity and/or priority. */
    record SetSeverity(Severity severity, Priority priority) implements Action {}

    /** Raises the TLP to at least this label; never lowers it. */
    record RaiseTlp(Tlp to) implements Action {}

    /**
     * Assigns the incident: to a person ({@code user}), or in turn to the members of a role of the
     * CIRT ({@code role}). An incident that already has an assignee keeps it unless {@code replace}.
     */
    record Assign(String user, String role, Boolean replace) implements Action {}

    /** Adds tags (those already there are kept once). */
    record AddTags(List<String> tags) implements Action {}

    /** Adds tasks by title; a task whose title the incident already has is not added again. */
    record AddTasks(List<String> tasks) implements Action {}

    /** Adds a comment (a template: {@code {{reference}}} etc.), internal unless said otherwise. */
    record AddComment(String text, CommentVisibility visibility) implements Action {}

    /**
     * Looks for open incidents of the same CIRT that share an observable and were reported in the
     * last {@code days}: links this one to the oldest as its duplicate ({@code mode: duplicate}) or
     * to each of them as related ({@code mode: relate}).
     */
    record LinkDuplicates(Integer days, String mode) implements Action {}

    /** Tells the CIRT's leads by e-mail, with a message (a template), and notes it on the timeline. */
    record Escalate(String message) implements Action {}

    /**
     * Sends a notification: an e-mail to the members of a role of the CIRT or to an address, or a
     * webhook POST whose body is signed with HMAC-SHA256 (a secret given as {@code env:NAME}).
     */
    record Notify(Email email, Webhook webhook) implements Action {

        /** {@code to-role} or {@code to} (an address); subject and body are templates. */
        public record Email(String toRole, String to, String subject, String body) {}

        /** The body is the incident's summary as JSON; {@code secret} is a reference, never the value. */
        public record Webhook(String url, String secret) {}
    }

    /** Sets the due date from the incident's report time, by its severity. */
    record SetDueDate(Duration critical, Duration high, Duration medium, Duration low) implements Action {

        /** The delay for a severity, or null when the playbook gives none. */
        public Duration forSeverity(Severity severity) {
            return switch (severity) {
                case CRITICAL -> critical;
                case HIGH -> high;
                case MEDIUM -> medium;
                case LOW -> low;
            };
        }
    }

    /** No later playbook runs on this pass. */
    record Stop(String reason) implements Action {}
}
