package org.opencirt.retention;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.opencirt.common.problem.ApiException;
import org.opencirt.incident.service.IncidentRetention;
import org.opencirt.incident.service.IncidentRetention.ReporterRecords;

/**
 * A reporter's rights on request (a lead's action): an export of what the CIRT holds about them, and their
 * erasure, which pseudonymises them at once with the same code as the retention job.
 */
@ApplicationScoped
public class PersonalData {

    /** An address as RFC 5321 bounds it, without spaces or controls: enough to find it, no more. */
    private static final Pattern ADDRESS = Pattern.compile("[^\\s@\\p{Cntrl}]{1,64}@[^\\s@\\p{Cntrl}]{1,253}");
    /** The most incidents one erasure handles; a reporter with more is erased in several requests. */
    static final int MAX_ERASED = IncidentRetention.MAX_EXPORTED;

    /** The request: the reporter's e-mail address. */
    public record Subject(String email) {}

    /** Everything the CIRT holds about the reporter. */
    public record Export(String email, Instant exportedAt, ReporterRecords records) {}

    /** What an erasure changed. */
    public record Erasure(
            String pseudonym,
            List<String> incidents,
            int reporterReplaced,
            int commentsChanged,
            int observablesRemoved,
            int attachmentsRemoved,
            boolean more) {}

    private final IncidentRetention incidents;
    private final Pseudonyms pseudonyms;
    private final Clock clock;

    PersonalData(IncidentRetention incidents, Pseudonyms pseudonyms, Clock clock) {
        this.incidents = incidents;
        this.pseudonyms = pseudonyms;
        this.clock = clock;
    }

    /** What the CIRT holds about the reporter with this address (incidents, comments naming it, attachments). */
    public Export export(String tenant, Subject subject) {
        var email = address(subject);
        return new Export(email, clock.instant(), incidents.records(tenant, email));
    }

    /**
     * Pseudonymises the reporter with this address in every incident of the CIRT that holds it, now.
     *
     * @return what changed; nothing when the CIRT holds nothing about them
     */
    @Transactional
    public Erasure erase(String tenant, Subject subject, String actor) {
        var email = address(subject);
        var pseudonym = pseudonyms.of(tenant, email, null);
        var holding = incidents.holding(tenant, email);
        var more = holding.size() > MAX_ERASED;
        var references = new ArrayList<String>();
        int reporter = 0, comments = 0, observables = 0, attachments = 0;
        for (var id : holding.subList(0, Math.min(holding.size(), MAX_ERASED))) {
            var changed = incidents.pseudonymise(tenant, id, email, pseudonym, actor);
            if (changed == null) {
                continue;
            }
            references.add(changed.reference());
            reporter += changed.reporter() ? 1 : 0;
            comments += changed.comments();
            observables += changed.observables();
            attachments += changed.attachments();
        }
        return new Erasure(pseudonym, references, reporter, comments, observables, attachments, more);
    }

    private static String address(Subject subject) {
        if (subject == null || subject.email() == null || subject.email().isBlank()) {
            throw ApiException.invalid("/email", "is required: the reporter's e-mail address");
        }
        var email = subject.email().strip();
        if (email.length() > 254 || !ADDRESS.matcher(email).matches()) {
            throw ApiException.invalid(
                    "/email", "must be one e-mail address (local-part@domain, at most 254 characters)");
        }
        return email;
    }
}
