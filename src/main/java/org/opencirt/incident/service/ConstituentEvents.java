package org.opencirt.incident.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.hibernate.Session;
import org.opencirt.common.Tlp;
import org.opencirt.incident.model.Channel;
import org.opencirt.incident.model.Rsit;
import org.opencirt.incident.model.Severity;
import org.opencirt.incident.repository.IncidentRepository;
import org.opencirt.incident.service.IncidentCommands.CreateIncident;
import org.opencirt.tenant.constituency.Owners;
import org.opencirt.tenant.constituency.Owners.Owner;

/**
 * Events about the hosts of a CIRT's constituents (a row of a Shadowserver report: an exposed
 * service, an infected host), kept once each (by the digest of the row) and attached to one incident
 * per constituent, classification and day, so that a report of thousands of rows opens a handful of
 * incidents, never one per host. An event no entry of the constituency owns is kept unassigned.
 */
@ApplicationScoped
public class ConstituentEvents {

    /** Events written in one statement. */
    public static final int BATCH = 1000;

    private final EntityManager em;
    private final IncidentService incidents;
    private final IncidentRepository incidentRepository;
    private final Timeline timeline;
    private final ObjectMapper json;
    private final Clock clock;

    ConstituentEvents(
            EntityManager em,
            IncidentService incidents,
            IncidentRepository incidentRepository,
            Timeline timeline,
            ObjectMapper json,
            Clock clock) {
        this.em = em;
        this.incidents = incidents;
        this.incidentRepository = incidentRepository;
        this.timeline = timeline;
        this.json = json;
        this.clock = clock;
    }

    /**
     * An event as a source reports it.
     *
     * @param digest         identifies the event: the same row reported twice is kept once
     * @param classification an RSIT type ({@code vulnerable-system}); another value is kept as {@code undetermined}
     * @param ip             the host's normalised address, or null
     * @param asn            {@code AS64500}, or null
     * @param fields         the report's other columns, in order
     */
    public record EventInput(
            String digest,
            String reportType,
            String classification,
            String identifier,
            Instant observedAt,
            String ip,
            Integer port,
            String protocol,
            String asn,
            String hostname,
            Map<String, String> fields) {}

    /** What a batch did: events new to the CIRT (of them, unassigned ones), and incidents opened. */
    public record Recorded(long added, long unassigned, long incidentsOpened) {

        public Recorded plus(Recorded other) {
            return new Recorded(
                    added + other.added, unassigned + other.unassigned, incidentsOpened + other.incidentsOpened);
        }
    }

    /** Events of one constituent (or ownerless entry), classification and day: they share an incident. */
    private record Group(UUID subject, String classification, LocalDate day) {}

    /**
     * Keeps the events of a batch the CIRT does not have yet, each with its owner, and attaches them
     * to their incidents; one transaction per call (the caller passes at most {@link #BATCH}).
     *
     * @param source the feed the events came from
     * @param tlp    the TLP of the source's data
     * @param owners the CIRT's constituency, read once per run
     */
    @Transactional
    public Recorded record(String tenant, String source, Tlp tlp, List<EventInput> events, Owners owners) {
        if (events.isEmpty()) {
            return new Recorded(0, 0, 0);
        }
        if (events.size() > BATCH) {
            throw new IllegalArgumentException("at most %d events a call".formatted(BATCH));
        }
        // the incidents the batch's groups already have: their events are written with it at once
        var ids = new ArrayList<UUID>(events.size());
        var owned = new ArrayList<Owner>(events.size());
        var groupOf = new ArrayList<Group>(events.size());
        var known = new HashMap<Group, UUID>();
        var incidentIds = new UUID[events.size()];
        for (int i = 0; i < events.size(); i++) {
            var event = events.get(i);
            ids.add(UUID.randomUUID());
            var owner = owners.of(event.ip(), event.asn(), event.hostname()).orElse(null);
            owned.add(owner);
            var group = owner == null
                    ? null
                    : new Group(
                            owner.subject(),
                            classification(event),
                            LocalDate.ofInstant(event.observedAt(), ZoneOffset.UTC));
            groupOf.add(group);
            if (group != null) {
                if (!known.containsKey(group)) {
                    known.put(group, incidentOf(tenant, group.day(), group.classification(), group.subject()));
                }
                incidentIds[i] = known.get(group);
            }
        }
        var inserted = em.unwrap(Session.class)
                .doReturningWork(
                        connection -> insert(connection, tenant, source, tlp, events, ids, owned, incidentIds));
        // the new events of groups without an incident yet: it is opened with them
        var homeless = new LinkedHashMap<Group, List<Integer>>();
        long unassigned = 0;
        for (int i = 0; i < events.size(); i++) {
            if (!inserted.contains(ids.get(i))) {
                continue;
            }
            if (groupOf.get(i) == null) {
                unassigned++;
            } else if (incidentIds[i] == null) {
                homeless.computeIfAbsent(groupOf.get(i), g -> new ArrayList<>()).add(i);
            }
        }
        if (!homeless.isEmpty()) {
            // one writer of a CIRT's event incidents at a time: two runs never open the same one twice
            em.createNativeQuery("select pg_advisory_xact_lock(hashtext(?1))")
                    .setParameter(1, "event-incident:" + tenant)
                    .getSingleResult();
        }
        long opened = 0;
        for (var group : homeless.entrySet()) {
            var key = group.getKey();
            var members = group.getValue();
            // again under the lock: another run may have opened it meanwhile
            var incident = incidentOf(tenant, key.day(), key.classification(), key.subject());
            if (incident == null) {
                incident = open(tenant, source, tlp, key.classification(), key.day(), owned.get(members.getFirst()));
                em.createNativeQuery("""
                        insert into event_incident (tenant, day, classification, subject, incident_id)
                        values (?1, ?2, ?3, ?4, ?5)""")
                        .setParameter(1, tenant)
                        .setParameter(2, key.day())
                        .setParameter(3, key.classification())
                        .setParameter(4, key.subject())
                        .setParameter(5, incident)
                        .executeUpdate();
                opened++;
            }
            var eventIds = members.stream().map(ids::get).toArray(UUID[]::new);
            em.createNativeQuery("update constituent_event set incident_id = ?1 where id = any(?2)")
                    .setParameter(1, incident)
                    .setParameter(2, eventIds)
                    .executeUpdate();
        }
        // an incident that gains events is not handed to the playbooks again: they saw it opened, and a
        // report of thousands of rows would run them once a batch for nothing (no fact of theirs changes)
        return new Recorded(inserted.size(), unassigned, opened);
    }

    /**
     * Records that a contact was told of events in a notification: each event once per contact, and
     * a timeline entry on each incident the events belong to.
     *
     * @param reference the notification's reference, as its subject shows it
     */
    @Transactional
    public void noticed(
            String tenant, UUID contact, UUID notification, String reference, String email, List<UUID> events) {
        if (events.isEmpty()) {
            return;
        }
        var now = clock.instant();
        em.createNativeQuery("""
                insert into event_notice (event_id, contact_id, tenant, notification_id, noticed_at, reference)
                select e.id, ?1, e.tenant, ?2, ?3, ?6 from constituent_event e where e.tenant = ?4 and e.id = any(?5)
                on conflict do nothing""")
                .setParameter(1, contact)
                .setParameter(2, notification)
                .setParameter(3, now)
                .setParameter(4, tenant)
                .setParameter(5, events.toArray(UUID[]::new))
                .setParameter(6, reference)
                .executeUpdate();
        @SuppressWarnings("unchecked")
        List<Object[]> counts = em.createNativeQuery("""
                select incident_id, count(*) from constituent_event
                 where tenant = ?1 and id = any(?2) and incident_id is not null group by incident_id""")
                .setParameter(1, tenant)
                .setParameter(2, events.toArray(UUID[]::new))
                .getResultList();
        for (var row : counts) {
            var incident = incidentRepository.findById((UUID) row[0]);
            if (incident != null && incident.tenant.equals(tenant)) {
                timeline.entry(
                        incident,
                        "notification:" + reference,
                        "notified",
                        null,
                        null,
                        "%s: %d event(s) to %s".formatted(reference, ((Number) row[1]).longValue(), email));
                timeline.touched(incident);
            }
        }
    }

    /** The incidents whose events a notification of the CIRT carried, by the notification's reference. */
    @SuppressWarnings("unchecked")
    public List<UUID> incidentsNotified(String tenant, String reference) {
        return em.createNativeQuery("""
                select distinct e.incident_id from event_notice n join constituent_event e on e.id = n.event_id
                 where n.tenant = ?1 and n.reference = ?2 and e.incident_id is not null""")
                .setParameter(1, tenant)
                .setParameter(2, reference)
                .getResultList();
    }

    private UUID incidentOf(String tenant, LocalDate day, String classification, UUID subject) {
        var rows = em.createNativeQuery("""
                select incident_id from event_incident
                 where tenant = ?1 and day = ?2 and classification = ?3 and subject = ?4""")
                .setParameter(1, tenant)
                .setParameter(2, day)
                .setParameter(3, classification)
                .setParameter(4, subject)
                .getResultList();
        return rows.isEmpty() ? null : (UUID) rows.getFirst();
    }

    private UUID open(String tenant, String source, Tlp tlp, String classification, LocalDate day, Owner owner) {
        var command = new CreateIncident(
                "%s at %s on %s".formatted(classification, owner.name(), day),
                ("Hosts of %s reported on %s as %s. Each report row is an event of this incident, with the "
                                + "report's columns; the constituent's contacts are notified of them.")
                        .formatted(owner.name(), day, classification),
                null,
                null,
                Rsit.categoryOf(classification).isPresent() ? classification : null,
                Severity.MEDIUM,
                null,
                tlp,
                null,
                List.of("events", source),
                null,
                null,
                null,
                null,
                null,
                List.of());
        return incidents
                .create(command, new IncidentService.Origin(tenant, "feed:" + source, Channel.FEED, null, 0))
                .id();
    }

    private static String classification(EventInput event) {
        return event.classification() != null
                        && Rsit.categoryOf(event.classification()).isPresent()
                ? event.classification()
                : "undetermined";
    }

    /** Inserts the events the CIRT does not have, in one statement; answers the ids inserted. */
    private Set<UUID> insert(
            Connection connection,
            String tenant,
            String source,
            Tlp tlp,
            List<EventInput> events,
            List<UUID> ids,
            List<Owner> owners,
            UUID[] incidents)
            throws SQLException {
        int n = events.size();
        var digest = new String[n];
        var reportType = new String[n];
        var classification = new String[n];
        var identifier = new String[n];
        var observedAt = new Timestamp[n];
        var ip = new String[n];
        var port = new Integer[n];
        var protocol = new String[n];
        var asn = new String[n];
        var hostname = new String[n];
        var fields = new String[n];
        var constituent = new UUID[n];
        var entry = new UUID[n];
        for (int i = 0; i < n; i++) {
            var e = events.get(i);
            digest[i] = e.digest();
            reportType[i] = e.reportType();
            classification[i] = classification(e);
            identifier[i] = e.identifier();
            observedAt[i] = Timestamp.from(e.observedAt());
            ip[i] = e.ip();
            port[i] = e.port();
            protocol[i] = e.protocol();
            asn[i] = e.asn();
            hostname[i] = e.hostname();
            fields[i] = fieldsJson(e.fields());
            constituent[i] = owners.get(i) == null ? null : owners.get(i).constituentId();
            entry[i] = owners.get(i) == null ? null : owners.get(i).entryId();
        }
        try (var insert = connection.prepareStatement("""
                insert into constituent_event (id, tenant, digest, source, report_type, classification, identifier,
                                               observed_at, ip, port, protocol, asn, hostname, fields, tlp,
                                               constituent_id, entry_id, incident_id, status, created_at)
                select r.id, ?, r.digest, ?, r.report_type, r.classification, r.identifier, r.observed_at,
                       cast(r.ip as inet), r.port, r.protocol, r.asn, r.hostname, cast(r.fields as json), ?,
                       r.constituent_id, r.entry_id, r.incident_id, 'OPEN', ?
                  from unnest(?::uuid[], ?::text[], ?::text[], ?::text[], ?::text[], ?::timestamptz[], ?::text[],
                              ?::int[], ?::text[], ?::text[], ?::text[], ?::text[], ?::uuid[], ?::uuid[], ?::uuid[])
                       as r(id, digest, report_type, classification, identifier, observed_at, ip, port, protocol,
                            asn, hostname, fields, constituent_id, entry_id, incident_id)
                on conflict (tenant, digest) do nothing
                returning id""")) {
            int p = 1;
            insert.setString(p++, tenant);
            insert.setString(p++, source);
            insert.setString(p++, tlp.wire());
            insert.setTimestamp(p++, Timestamp.from(clock.instant()));
            insert.setArray(p++, connection.createArrayOf("uuid", ids.toArray()));
            insert.setArray(p++, connection.createArrayOf("text", digest));
            insert.setArray(p++, connection.createArrayOf("text", reportType));
            insert.setArray(p++, connection.createArrayOf("text", classification));
            insert.setArray(p++, connection.createArrayOf("text", identifier));
            insert.setArray(p++, connection.createArrayOf("timestamptz", observedAt));
            insert.setArray(p++, connection.createArrayOf("text", ip));
            insert.setArray(p++, connection.createArrayOf("int4", port));
            insert.setArray(p++, connection.createArrayOf("text", protocol));
            insert.setArray(p++, connection.createArrayOf("text", asn));
            insert.setArray(p++, connection.createArrayOf("text", hostname));
            insert.setArray(p++, connection.createArrayOf("text", fields));
            insert.setArray(p++, connection.createArrayOf("uuid", constituent));
            insert.setArray(p++, connection.createArrayOf("uuid", entry));
            insert.setArray(p, connection.createArrayOf("uuid", incidents));
            var inserted = new HashSet<UUID>();
            try (var rows = insert.executeQuery()) {
                while (rows.next()) {
                    inserted.add(rows.getObject(1, UUID.class));
                }
            }
            return inserted;
        }
    }

    private String fieldsJson(Map<String, String> fields) {
        try {
            return json.writeValueAsString(fields == null ? Map.of() : fields);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("fields of an event could not be written", e);
        }
    }
}
