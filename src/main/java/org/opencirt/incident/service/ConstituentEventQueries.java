package org.opencirt.incident.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.opencirt.common.WireEnum;
import org.opencirt.common.problem.ApiException;
import org.opencirt.search.Cursors;

/**
 * Finding and counting a CIRT's constituent events: by constituent, incident, classification, report
 * type, source, address or network, time and status, newest first, page by page.
 */
@ApplicationScoped
public class ConstituentEventQueries {

    /** The largest page. */
    public static final int MAX_LIMIT = 1000;

    private static final TypeReference<LinkedHashMap<String, String>> FIELDS = new TypeReference<>() {};

    private final EntityManager em;
    private final Cursors cursors;
    private final ObjectMapper json;

    ConstituentEventQueries(EntityManager em, Cursors cursors, ObjectMapper json) {
        this.em = em;
        this.cursors = cursors;
        this.json = json;
    }

    /** What became of an event: still open, fixed, or not the constituent's (a false positive). */
    public enum EventStatus implements WireEnum {
        OPEN,
        FIXED,
        FALSE_POSITIVE
    }

    /**
     * Which events: every field optional.
     *
     * @param network    an address or a CIDR network the event's address is in
     * @param unassigned only the events no entry of the constituency owns
     */
    public record EventFilter(
            UUID constituent,
            UUID incident,
            String classification,
            String reportType,
            String source,
            String network,
            Instant from,
            Instant to,
            EventStatus status,
            boolean unassigned) {

        String fingerprint() {
            return String.join(
                    "|",
                    String.valueOf(constituent),
                    String.valueOf(incident),
                    String.valueOf(classification),
                    String.valueOf(reportType),
                    String.valueOf(source),
                    String.valueOf(network),
                    String.valueOf(from),
                    String.valueOf(to),
                    String.valueOf(status),
                    String.valueOf(unassigned));
        }
    }

    /** An event as the API shows it. */
    public record EventView(
            UUID id,
            String source,
            String reportType,
            String classification,
            String identifier,
            Instant observedAt,
            String ip,
            Integer port,
            String protocol,
            String asn,
            String hostname,
            Map<String, String> fields,
            String tlp,
            UUID constituent,
            UUID incident,
            EventStatus status,
            Instant createdAt) {}

    /** A page of events; {@code next} continues it, null on the last page. */
    public record EventPage(List<EventView> items, String next) {}

    /** How many events there are of each value of a dimension. */
    public record Count(String key, long count) {}

    /** The dimensions events are counted by. */
    public enum Dimension implements WireEnum {
        DAY("to_char(observed_at at time zone 'UTC', 'YYYY-MM-DD')"),
        CLASSIFICATION("classification"),
        REPORT_TYPE("report_type"),
        CONSTITUENT("coalesce(cast(constituent_id as text), 'unassigned')"),
        STATUS("lower(status)");

        private final String sql;

        Dimension(String sql) {
            this.sql = sql;
        }
    }

    /** The CIRT's events that pass the filter, newest first. */
    @SuppressWarnings("unchecked")
    public EventPage list(String tenant, EventFilter filter, int limit, String cursor) {
        var where = new Where(tenant, filter);
        var position = cursors.position(cursor, tenant, filter.fingerprint(), "cursor");
        if (position != null) {
            where.add(
                    "(observed_at, id) < (cast(? as timestamptz), cast(? as uuid))", position.get(0), position.get(1));
        }
        var query = em.createNativeQuery("""
                select id, source, report_type, classification, identifier, observed_at, host(ip), port, protocol, asn,
                       hostname, cast(fields as text), tlp, constituent_id, incident_id, status, created_at
                  from constituent_event where %s
                 order by observed_at desc, id desc limit %d""".formatted(where.sql(), limit + 1));
        where.bind(query);
        List<Object[]> rows = query.getResultList();
        var items = rows.stream().limit(limit).map(this::view).toList();
        String next = null;
        if (rows.size() > limit) {
            var last = items.getLast();
            next = cursors.encodePosition(
                    tenant,
                    filter.fingerprint(),
                    List.of(last.observedAt().toString(), last.id().toString()));
        }
        return new EventPage(items, next);
    }

    /** How many of the CIRT's events pass the filter, by a dimension, the most frequent first (at most 1,000 values). */
    @SuppressWarnings("unchecked")
    public List<Count> count(String tenant, EventFilter filter, Dimension by) {
        var where = new Where(tenant, filter);
        var order = by == Dimension.DAY ? "1" : "2 desc, 1";
        var query = em.createNativeQuery("""
                select %1$s, count(*) from constituent_event where %2$s group by 1 order by %3$s limit 1000""".formatted(by.sql, where.sql(), order));
        where.bind(query);
        List<Object[]> rows = query.getResultList();
        return rows.stream()
                .map(r -> new Count((String) r[0], ((Number) r[1]).longValue()))
                .toList();
    }

    /**
     * The open events of a constituent that a contact has not heard of, oldest first: what its next
     * notification is about.
     */
    @SuppressWarnings("unchecked")
    public List<EventView> unsentTo(String tenant, UUID constituent, UUID contact, int limit) {
        List<Object[]> rows = em.createNativeQuery("""
                select e.id, e.source, e.report_type, e.classification, e.identifier, e.observed_at, host(e.ip),
                       e.port, e.protocol, e.asn, e.hostname, cast(e.fields as text), e.tlp, e.constituent_id,
                       e.incident_id, e.status, e.created_at
                  from constituent_event e
                 where e.tenant = ?1 and e.constituent_id = ?2 and e.status = 'OPEN'
                   and not exists (select 1 from event_notice n where n.event_id = e.id and n.contact_id = ?3)
                 order by e.observed_at, e.id limit ?4""")
                .setParameter(1, tenant)
                .setParameter(2, constituent)
                .setParameter(3, contact)
                .setParameter(4, limit)
                .getResultList();
        return rows.stream().map(this::view).toList();
    }

    private EventView view(Object[] r) {
        Map<String, String> fields;
        try {
            fields = json.readValue((String) r[11], FIELDS);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored fields of an event are not JSON", e);
        }
        var ip = (String) r[6];
        return new EventView(
                (UUID) r[0],
                (String) r[1],
                (String) r[2],
                (String) r[3],
                (String) r[4],
                (Instant) r[5],
                ip,
                r[7] == null ? null : ((Number) r[7]).intValue(),
                (String) r[8],
                (String) r[9],
                (String) r[10],
                fields,
                (String) r[12],
                (UUID) r[13],
                (UUID) r[14],
                EventStatus.valueOf((String) r[15]),
                (Instant) r[16]);
    }

    /** A where clause from a filter, with its parameters in order. */
    private static final class Where {
        private final List<String> clauses = new ArrayList<>();
        private final List<Object> parameters = new ArrayList<>();

        Where(String tenant, EventFilter f) {
            add("tenant = ?", tenant);
            if (f.constituent() != null) {
                add("constituent_id = ?", f.constituent());
            }
            if (f.incident() != null) {
                add("incident_id = ?", f.incident());
            }
            if (f.classification() != null) {
                add("classification = ?", f.classification());
            }
            if (f.reportType() != null) {
                add("report_type = ?", f.reportType());
            }
            if (f.source() != null) {
                add("source = ?", f.source());
            }
            if (f.network() != null) {
                var network = new inet.ipaddr.IPAddressString(f.network());
                if (f.network().length() > 50 || !network.isIPAddress()) {
                    throw ApiException.invalid("/query/network", "an address or a CIDR network");
                }
                add("ip <<= cast(? as inet)", f.network());
            }
            if (f.from() != null) {
                add("observed_at >= ?", Timestamp.from(f.from()));
            }
            if (f.to() != null) {
                add("observed_at < ?", Timestamp.from(f.to()));
            }
            if (f.status() != null) {
                add("status = ?", f.status().name());
            }
            if (f.unassigned()) {
                clauses.add("entry_id is null");
            }
        }

        void add(String clause, Object... values) {
            clauses.add(clause);
            parameters.addAll(List.of(values));
        }

        String sql() {
            return String.join(" and ", clauses);
        }

        void bind(jakarta.persistence.Query query) {
            // positional ? become ?1, ?2... in the order they appear
            for (int i = 0; i < parameters.size(); i++) {
                query.setParameter(i + 1, parameters.get(i));
            }
        }
    }
}
