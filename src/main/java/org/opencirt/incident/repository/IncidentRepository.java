package org.opencirt.incident.repository;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Incidents, always within one tenant: no method here finds an incident without its tenant. */
@ApplicationScoped
public class IncidentRepository implements PanacheRepositoryBase<Incident, UUID> {

    public Optional<Incident> findInTenant(String tenant, UUID id) {
        return find("tenant = ?1 and id = ?2", tenant, id).firstResultOptional();
    }

    public Optional<Incident> findByReference(String tenant, String reference) {
        return find("tenant = ?1 and reference = ?2", tenant, reference).firstResultOptional();
    }

    /**
     * The CIRT's incident whose e-mail reply token this is. Looked up by the token's SHA-256
     * (indexed), so the lookup's timing says nothing about how close a guess came.
     */
    public Optional<Incident> findByReplyToken(String tenant, String token) {
        return getEntityManager()
                .createNativeQuery("""
                select * from incident where tenant = ?1 and reply_token_sha256 = sha256(cast(?2 as bytea))""", Incident.class)
                .setParameter(1, tenant)
                .setParameter(2, token)
                .getResultStream()
                .map(Incident.class::cast)
                .findFirst();
    }

    /** Incidents by id whatever their tenant: only for building search documents. */
    public List<Incident> findAllById(Collection<UUID> ids) {
        return list("id in ?1", ids);
    }

    /** Ids of all incidents of every tenant, in id order, one page after {@code after}: for reindexing. */
    public List<UUID> idsAfter(UUID after, int limit) {
        return getEntityManager()
                .createQuery("select i.id from Incident i where i.id > :after order by i.id", UUID.class)
                .setParameter("after", after)
                .setMaxResults(limit)
                .getResultList();
    }

    /**
     * Per category of a CIRT's incidents created since a time, with a total row (category {@code null}, last):
     * {@code [category or '', incidents, triaged, mean seconds to triage, resolved, mean seconds to resolve]}.
     * Triaged is the first timeline entry that moves the state out of {@code new}; resolved the first that moves it
     * into one of {@code doneStates} (wire values); reopening and resolving again does not move either time.
     */
    @SuppressWarnings("unchecked")
    public List<Object[]> responseTimes(String tenant, Instant since, List<String> doneStates) {
        return getEntityManager()
                .createNativeQuery("""
                with own as (
                    select i.id, coalesce(i.category, '') as category, i.created_at,
                        (select min(t.at) from timeline_entry t where t.incident_id = i.id and t.tenant = ?1
                            and t.field = 'state' and t.before #>> '{}' = 'new') as triaged_at,
                        (select min(t.at) from timeline_entry t where t.incident_id = i.id and t.tenant = ?1
                            and t.field = 'state' and t.after #>> '{}' = any(?3)) as resolved_at
                    from incident i where i.tenant = ?1 and i.created_at >= ?2)
                select category, count(*), count(triaged_at), avg(extract(epoch from triaged_at - created_at)),
                    count(resolved_at), avg(extract(epoch from resolved_at - created_at))
                from own group by rollup (category) order by grouping(category), category""")
                .setParameter(1, tenant)
                .setParameter(2, since)
                .setParameter(3, doneStates.toArray(String[]::new))
                .getResultList();
    }

    /**
     * Takes the next reference number of a CIRT for a year, atomically even across replicas.
     */
    public int nextSequence(String tenant, int year) {
        var next = getEntityManager()
                .createNativeQuery("""
                insert into incident_sequence (tenant, year, last) values (?1, ?2, 1)
                on conflict (tenant, year) do update set last = incident_sequence.last + 1
                returning last
                """)
                .setParameter(1, tenant)
                .setParameter(2, year)
                .getSingleResult();
        return ((Number) next).intValue();
    }
}
