package org.opencirt.incident.repository;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

@ApplicationScoped
public class IncidentMatchRepository implements PanacheRepositoryBase<IncidentMatch, UUID> {

    private final Clock clock;

    IncidentMatchRepository(Clock clock) {
        this.clock = clock;
    }

    public List<IncidentMatch> listFor(UUID incidentId) {
        return list("incidentId = ?1 order by matchedAt, observable", incidentId);
    }

    public List<IncidentMatch> listFor(Collection<UUID> incidentIds) {
        return list("incidentId in ?1 order by matchedAt, observable", incidentIds);
    }

    /** Records a match once. @return true when it was new */
    public boolean record(
            UUID incidentId,
            String tenant,
            String observable,
            String indicatorId,
            String indicatorType,
            String indicatorValue,
            List<String> feeds,
            String classification,
            Integer confidence,
            String tlp) {
        return getEntityManager()
                        .createNativeQuery("""
                insert into incident_match (id, incident_id, tenant, observable, indicator_id, indicator_type, indicator_value,
                    feeds, classification, confidence, tlp, matched_at)
                values (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)
                on conflict (incident_id, indicator_id, observable) do nothing""")
                        .setParameter(1, UUID.randomUUID())
                        .setParameter(2, incidentId)
                        .setParameter(3, tenant)
                        .setParameter(4, observable)
                        .setParameter(5, indicatorId)
                        .setParameter(6, indicatorType)
                        .setParameter(7, indicatorValue)
                        .setParameter(8, feeds.toArray(String[]::new))
                        .setParameter(9, classification)
                        .setParameter(10, confidence)
                        .setParameter(11, tlp)
                        .setParameter(12, clock.instant())
                        .executeUpdate()
                == 1;
    }

    /**
     * The indicator values that matched the most of a CIRT's incidents since a time, most first:
     * {@code [value, type, incidents, feeds (sorted, comma separated), classifications (sorted, comma separated) or null,
     * last matched]}. Only matches of the CIRT's own incidents count.
     */
    @SuppressWarnings("unchecked")
    public List<Object[]> topMatched(String tenant, Instant since, int limit) {
        return getEntityManager()
                .createNativeQuery("""
                select m.indicator_value, m.indicator_type, count(distinct m.incident_id) as incidents,
                    string_agg(distinct f.feed, ',' order by f.feed), string_agg(distinct m.classification, ',' order by m.classification),
                    max(m.matched_at)
                from incident_match m join incident i on i.id = m.incident_id and i.tenant = ?1
                    left join lateral unnest(m.feeds) as f(feed) on true
                where m.tenant = ?1 and m.matched_at >= ?2
                group by m.indicator_value, m.indicator_type
                order by incidents desc, m.indicator_value limit ?3""")
                .setParameter(1, tenant)
                .setParameter(2, since)
                .setParameter(3, limit)
                .getResultList();
    }

    /** An observable of some incident: which incident, whose, and the value. */
    public record ObservableRow(UUID incidentId, String tenant, String type, String value) {

        static ObservableRow of(Object[] row) {
            return new ObservableRow((UUID) row[0], (String) row[1], (String) row[2], (String) row[3]);
        }
    }

    /** Observables of every CIRT's incidents equal to one of the values. */
    @SuppressWarnings("unchecked")
    public List<ObservableRow> observablesWithValues(List<String> values) {
        if (values.isEmpty()) {
            return List.of();
        }
        List<Object[]> rows = getEntityManager()
                .createNativeQuery("""
                select o.incident_id, o.tenant, o.type, o.value from observable o where o.value = any(?1)""")
                .setParameter(1, values.toArray(String[]::new))
                .getResultList();
        return rows.stream().map(ObservableRow::of).toList();
    }

    /** Address observables of every CIRT inside a network. */
    @SuppressWarnings("unchecked")
    public List<ObservableRow> addressesInside(String network) {
        List<Object[]> rows = getEntityManager()
                .createNativeQuery("""
                select o.incident_id, o.tenant, o.type, o.value from observable o
                where o.type in ('IPV4', 'IPV6')
                  and (case when o.type in ('IPV4', 'IPV6') then cast(o.value as inet) end) <<= cast(?1 as inet)
                limit 10000""")
                .setParameter(1, network)
                .getResultList();
        return rows.stream().map(ObservableRow::of).toList();
    }
}
