package org.opencirt.incident.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.opencirt.common.crypto.DataKeys;
import org.opencirt.incident.model.IncidentState;
import org.opencirt.incident.repository.AttachmentRepository;
import org.opencirt.incident.repository.IncidentCommentRepository;
import org.opencirt.incident.repository.IncidentRepository;
import org.opencirt.incident.repository.TimelineEntry;
import org.opencirt.incident.service.IncidentViews.AttachmentView;
import org.opencirt.incident.service.IncidentViews.CommentView;
import org.opencirt.incident.service.IncidentViews.IncidentView;
import org.opencirt.search.Outbox;
import org.opencirt.search.Projection;

/**
 * What the retention feature asks of incidents (docs/retention.md): which are closed since when, deleting
 * one with everything attached to it, replacing a reporter's personal data by a pseudonym, and finding what
 * a CIRT holds about one reporter. Each change is one small transaction and can be done again: a
 * deleted incident is gone, a pseudonymised one is not picked again.
 */
@ApplicationScoped
public class IncidentRetention {

    /**
     * The states an incident ends in for good (resolved may still move to closed): retention counts from
     * the last move into one of them.
     */
    static final List<IncidentState> CLOSED = List.of(
            IncidentState.CLOSED, IncidentState.REJECTED, IncidentState.DUPLICATE, IncidentState.FALSE_POSITIVE);

    /** The raw e-mails a reporter forwarded, kept as attachments: removed with their personal data. */
    static final String RAW_EMAIL = "message/rfc822";

    /** Rows read at a time when searching sealed text. */
    private static final int SCAN_PAGE = 1_000;

    /** The most incidents one reporter's export lists. */
    public static final int MAX_EXPORTED = 1_000;

    private static final String CLOSED_SINCE = """
            coalesce((select max(t.at) from timeline_entry t where t.incident_id = i.id and t.tenant = i.tenant
                and t.field = 'state' and t.after #>> '{}' = any(?3)), i.updated_at)""";

    /** One incident whose reporter's data is due: its id and the reporter as stored. */
    public record Reporter(UUID incident, String name, String email) {}

    /** What pseudonymising one incident changed. */
    public record Pseudonymised(
            UUID incident, String reference, boolean reporter, int comments, int observables, int attachments) {}

    /** Everything a CIRT holds about one reporter (an export on request). */
    public record ReporterRecords(
            List<IncidentView> incidents,
            List<MentioningComment> comments,
            List<ReportedAttachment> attachments,
            boolean truncated) {}

    /** A comment that names the reporter's address (an e-mail they sent, a note about them). */
    public record MentioningComment(UUID incident, String reference, CommentView comment) {}

    /** An attachment of an incident the reporter reported, described (its content is downloaded on its own). */
    public record ReportedAttachment(UUID incident, String reference, AttachmentView attachment) {}

    private final IncidentRepository incidents;
    private final IncidentCommentRepository comments;
    private final AttachmentRepository attachments;
    private final IncidentService service;
    private final Timeline timeline;
    private final Outbox outbox;
    private final Event<IncidentRetained> retained;
    private final DataKeys keys;

    IncidentRetention(
            IncidentRepository incidents,
            IncidentCommentRepository comments,
            AttachmentRepository attachments,
            IncidentService service,
            Timeline timeline,
            Outbox outbox,
            Event<IncidentRetained> retained,
            DataKeys keys) {
        this.keys = keys;
        this.incidents = incidents;
        this.comments = comments;
        this.attachments = attachments;
        this.service = service;
        this.timeline = timeline;
        this.outbox = outbox;
        this.retained = retained;
    }

    /** Up to {@code limit} of the CIRT's incidents closed before {@code cutoff}, oldest ids first. */
    @Transactional
    public List<UUID> closedBefore(String tenant, Instant cutoff, int limit) {
        @SuppressWarnings("unchecked")
        List<UUID> ids = incidents
                .getEntityManager()
                .createNativeQuery("select i.id from incident i where i.tenant = ?1 and i.state = any(?2) and "
                        + CLOSED_SINCE + " < ?4 order by i.id limit ?5")
                .setParameter(1, tenant)
                .setParameter(2, closedNames())
                .setParameter(3, closedWires())
                .setParameter(4, cutoff)
                .setParameter(5, limit)
                .getResultList();
        return ids;
    }

    /** Up to {@code limit} incidents closed before {@code cutoff} whose reporter's data is still held. */
    @Transactional
    public List<Reporter> reportersClosedBefore(String tenant, Instant cutoff, int limit) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = incidents
                .getEntityManager()
                .createNativeQuery("select i.id, i.reporter_name, i.reporter_email from incident i"
                        + " where i.tenant = ?1 and i.state = any(?2) and i.reporter_pseudonym is null"
                        + " and (i.reporter_email is not null or i.reporter_name is not null) and "
                        + CLOSED_SINCE + " < ?4 order by i.id limit ?5")
                .setParameter(1, tenant)
                .setParameter(2, closedNames())
                .setParameter(3, closedWires())
                .setParameter(4, cutoff)
                .setParameter(5, limit)
                .getResultList();
        return rows.stream()
                .map(r -> new Reporter(
                        (UUID) r[0],
                        keys.open(tenant, "incident.reporter_name", (String) r[1]),
                        keys.open(tenant, "incident.reporter_email", (String) r[2])))
                .toList();
    }

    /**
     * Deletes one of the CIRT's incidents with its observables, matches, tasks, comments, attachments, links
     * (both ways) and timeline; its search document follows through the outbox.
     *
     * @return false when it was gone already
     */
    @Transactional
    public boolean delete(String tenant, UUID id) {
        var incident = incidents.findInTenant(tenant, id);
        if (incident.isEmpty()) {
            return false;
        }
        retained.fire(new IncidentRetained(tenant, id, true));
        var em = incidents.getEntityManager();
        allowTimelineChanges();
        em.createNativeQuery("delete from incident_link where tenant = ?1 and (incident_id = ?2 or target_id = ?2)")
                .setParameter(1, tenant)
                .setParameter(2, id)
                .executeUpdate();
        for (var table : List.of(
                "incident_match",
                "observable",
                "incident_task",
                "incident_comment",
                "attachment",
                "timeline_entry",
                "constituency_incident")) {
            em.createNativeQuery("delete from " + table + " where incident_id = ?1")
                    .setParameter(1, id)
                    .executeUpdate();
        }
        incidents.delete(incident.get());
        outbox.enqueue(Projection.INCIDENTS, id, tenant);
        return true;
    }

    /**
     * Replaces one incident's personal data of a reporter by their pseudonym: the reporter's name and address
     * when they are its reporter, the address wherever it is written in the incident (title, description,
     * comments, timeline), observables of that address and their matches, and the raw e-mails kept as
     * attachments of an incident they reported. Records it on the timeline without the address; the search
     * document follows.
     *
     * @param address   the address to replace, or null for a reporter known by name only
     * @param pseudonym what stands in its place
     * @return what changed, or null when the incident is gone
     */
    @Transactional
    public Pseudonymised pseudonymise(String tenant, UUID id, String address, String pseudonym, String actor) {
        var found = incidents.findInTenant(tenant, id);
        if (found.isEmpty()) {
            return null;
        }
        var incident = found.get();
        allowTimelineChanges();
        var em = incidents.getEntityManager();
        var reporter = incident.reporterPseudonym == null
                && (address == null
                        ? incident.reporterEmail == null && incident.reporterName != null
                        : address.equalsIgnoreCase(incident.reporterEmail));
        int commentsChanged = 0;
        int observablesRemoved = 0;
        int attachmentsRemoved = 0;
        int textsChanged = 0;
        if (address != null) {
            var title = incident.title;
            var description = incident.description;
            incident.title = replace(incident.title, address, pseudonym);
            incident.description = replace(incident.description, address, pseudonym);
            for (var comment : comments.list("tenant = ?1 and incidentId = ?2", tenant, id)) {
                var body = replace(comment.body, address, pseudonym);
                if (!body.equals(comment.body)) {
                    comment.body = body;
                    commentsChanged++;
                }
            }
            textsChanged += title.equals(incident.title) ? 0 : 1;
            textsChanged += description.equals(incident.description) ? 0 : 1;
            textsChanged += replaceInTimeline(id, address, pseudonym);
            em.createNativeQuery("delete from incident_match where incident_id = ?1 and lower(observable) = lower(?2)")
                    .setParameter(1, id)
                    .setParameter(2, address)
                    .executeUpdate();
            observablesRemoved = em.createNativeQuery(
                            "delete from observable where incident_id = ?1 and lower(value) = lower(?2)")
                    .setParameter(1, id)
                    .setParameter(2, address)
                    .executeUpdate();
        }
        if (reporter) {
            attachmentsRemoved = em.createNativeQuery(
                            "delete from attachment where incident_id = ?1 and lower(content_type) = ?2")
                    .setParameter(1, id)
                    .setParameter(2, RAW_EMAIL)
                    .executeUpdate();
            incident.reporterName = pseudonym;
            incident.reporterEmail = null;
            incident.reporterPseudonym = pseudonym;
        }
        var changed = new Pseudonymised(
                id, incident.reference, reporter, commentsChanged, observablesRemoved, attachmentsRemoved);
        if (reporter || commentsChanged + observablesRemoved + textsChanged > 0) {
            timeline.entry(incident, actor, "personal-data-pseudonymised", null, null, pseudonym);
            timeline.touched(incident);
            em.flush();
            retained.fire(new IncidentRetained(tenant, id, false));
        }
        return changed;
    }

    /**
     * The CIRT's incidents that hold an address: reported by it, or naming it in their text or comments. The
     * text is sealed (ADR 40), so it is opened and searched here, a page of rows at a time.
     */
    @Transactional
    public List<UUID> holding(String tenant, String address) {
        var needle = address.toLowerCase(Locale.ROOT);
        var found = new TreeSet<UUID>();
        scan(
                tenant,
                "select id, id, title, description, reporter_email from incident where tenant = ?1",
                row -> {
                    var text = keys.open(tenant, "incident.title", (String) row[2]) + "\n"
                            + keys.open(tenant, "incident.description", (String) row[3]);
                    return text.toLowerCase(Locale.ROOT).contains(needle)
                            || address.equalsIgnoreCase(keys.open(tenant, "incident.reporter_email", (String) row[4]));
                },
                found);
        scan(
                tenant,
                "select id, incident_id, body from incident_comment where tenant = ?1",
                row -> keys.open(tenant, "incident_comment.body", (String) row[2])
                        .toLowerCase(Locale.ROOT)
                        .contains(needle),
                found);
        @SuppressWarnings("unchecked")
        List<UUID> observed = incidents
                .getEntityManager()
                .createNativeQuery(
                        "select distinct incident_id from observable where tenant = ?1 and lower(value) = lower(?2)")
                .setParameter(1, tenant)
                .setParameter(2, address)
                .getResultList();
        found.addAll(observed);
        return found.stream().limit(MAX_EXPORTED + 1).toList();
    }

    /** Adds the incident (second column) of every row of the query that the test accepts, paging by the first column. */
    private void scan(String tenant, String select, Predicate<Object[]> test, Set<UUID> found) {
        var em = incidents.getEntityManager();
        var after = new UUID(0, 0);
        while (true) {
            @SuppressWarnings("unchecked")
            List<Object[]> rows = em.createNativeQuery(select + " and id > ?2 order by id limit " + SCAN_PAGE)
                    .setParameter(1, tenant)
                    .setParameter(2, after)
                    .getResultList();
            for (var row : rows) {
                if (test.test(row)) {
                    found.add((UUID) row[1]);
                }
            }
            if (rows.size() < SCAN_PAGE) {
                return;
            }
            after = (UUID) rows.get(rows.size() - 1)[0];
        }
    }

    /** What the CIRT holds about the reporter with this address: for their export. */
    @Transactional
    public ReporterRecords records(String tenant, String address) {
        var ids = holding(tenant, address);
        var truncated = ids.size() > MAX_EXPORTED;
        var views = new ArrayList<IncidentView>();
        var mentioning = new ArrayList<MentioningComment>();
        var files = new ArrayList<ReportedAttachment>();
        for (var id : ids.subList(0, Math.min(ids.size(), MAX_EXPORTED))) {
            var incident = incidents.findInTenant(tenant, id).orElse(null);
            if (incident == null) {
                continue;
            }
            views.add(service.view(incident));
            var needle = address.toLowerCase(Locale.ROOT);
            comments.list("tenant = ?1 and incidentId = ?2 order by createdAt", tenant, id).stream()
                    .filter(c -> c.body.toLowerCase(Locale.ROOT).contains(needle))
                    .forEach(c ->
                            mentioning.add(new MentioningComment(id, incident.reference, IncidentMapper.comment(c))));
            if (address.equalsIgnoreCase(incident.reporterEmail)) {
                attachments.list("tenant = ?1 and incidentId = ?2 order by createdAt", tenant, id).stream()
                        .forEach(a -> files.add(
                                new ReportedAttachment(id, incident.reference, IncidentMapper.attachment(a))));
            }
        }
        return new ReporterRecords(views, mentioning, files, truncated);
    }

    private int replaceInTimeline(UUID id, String address, String pseudonym) {
        var em = incidents.getEntityManager();
        var needle = address.toLowerCase(Locale.ROOT);
        int changed = 0;
        for (var entry : em.createQuery("from TimelineEntry where incidentId = ?1", TimelineEntry.class)
                .setParameter(1, id)
                .getResultList()) {
            var mentions = (entry.before != null
                            && entry.before.toLowerCase(Locale.ROOT).contains(needle))
                    || (entry.after != null
                            && entry.after.toLowerCase(Locale.ROOT).contains(needle));
            if (!mentions) {
                continue;
            }
            entry.before = replace(entry.before, address, pseudonym);
            entry.after = replace(entry.after, address, pseudonym);
            entry.sealColumns(keys);
            em.createNativeQuery(
                            "update timeline_entry set before = cast(?1 as jsonb), after = cast(?2 as jsonb) where id = ?3")
                    .setParameter(1, entry.storedBefore())
                    .setParameter(2, entry.storedAfter())
                    .setParameter(3, entry.id)
                    .executeUpdate();
            changed++;
        }
        return changed;
    }

    /** Lets this transaction change and delete timeline entries (V29: the trigger lets retention through). */
    private void allowTimelineChanges() {
        incidents
                .getEntityManager()
                .createNativeQuery("select set_config('opencirt.retention', 'on', true)")
                .getSingleResult();
    }

    static String replace(String text, String address, String pseudonym) {
        if (text == null) {
            return null;
        }
        return Pattern.compile(Pattern.quote(address), Pattern.CASE_INSENSITIVE)
                .matcher(text)
                .replaceAll(Matcher.quoteReplacement(pseudonym));
    }

    private static String[] closedNames() {
        return CLOSED.stream().map(Enum::name).toArray(String[]::new);
    }

    private static String[] closedWires() {
        return CLOSED.stream().map(IncidentState::wire).toArray(String[]::new);
    }
}
