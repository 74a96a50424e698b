package org.opencirt.incident.email;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.opencirt.incident.email.ParsedEmail.Attachment;
import org.opencirt.observable.Observable;

/**
 * An abuse report read from an ARF (RFC 5965) or X-ARF message, ready to become an incident.
 *
 * @param format {@link MailKinds.Kind#ARF} or {@link MailKinds.Kind#XARF}
 * @param reportType what the sender called it, lower case: the ARF {@code Feedback-Type}
 *     ({@code abuse}), or the X-ARF {@code Category/Report-Type} ({@code abuse/login-attack})
 * @param rsitCategory the RSIT category it is classified in ({@code intrusion-attempts})
 * @param rsitType the RSIT type ({@code brute-force})
 * @param title one line, at most {@value AbuseReports#MAX_TITLE_CHARS} chars
 * @param description the human-readable part and the report's fields as plain text, at most
 *     {@value AbuseReports#MAX_DESCRIPTION_CHARS} chars
 * @param observables the normalised observables the report names (source IP, reported domain
 *     and URI, X-ARF source), each once
 * @param droppedObservables how many values the report gave that were not valid observables (or
 *     were past the limit)
 * @param reporter the reporter's address: X-ARF {@code Reported-From} when it is a valid
 *     mailbox, else the message's From
 * @param reportedAt when the reported event happened (ARF {@code Arrival-Date}, X-ARF
 *     {@code Date}), else the message's date; null when neither is known
 * @param port the X-ARF {@code Port}, or null
 * @param service the X-ARF {@code Service} ({@code ssh}), or null
 * @param evidence the reported message ({@code message/rfc822}, or its headers as
 *     {@code text/rfc822-headers}) of an ARF report, or the X-ARF evidence attachment; null
 *     when the report has none
 * @param warnings what was missing or could not be read, for the analyst
 */
public record AbuseReport(
        MailKinds.Kind format,
        String reportType,
        String rsitCategory,
        String rsitType,
        String title,
        String description,
        List<Observable> observables,
        int droppedObservables,
        String reporter,
        Instant reportedAt,
        Integer port,
        String service,
        Attachment evidence,
        List<String> warnings) {

    public AbuseReport {
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(reportType, "reportType");
        Objects.requireNonNull(rsitCategory, "rsitCategory");
        Objects.requireNonNull(rsitType, "rsitType");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(reporter, "reporter");
        observables = List.copyOf(observables);
        warnings = List.copyOf(warnings);
    }
}
