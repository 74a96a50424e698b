package org.opencirt.playbook.repository;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;

/** The playbook package's tables, always read for one CIRT. */
public final class PlaybookRepositories {

    private PlaybookRepositories() {}

    @ApplicationScoped
    public static class Playbooks implements PanacheRepositoryBase<PlaybookEntity, TenantPlaybookKey> {

        public List<PlaybookEntity> forTenant(String tenant) {
            return list("tenant = ?1 order by id", tenant);
        }
    }

    @ApplicationScoped
    public static class Settings implements PanacheRepositoryBase<PlaybookSettingEntity, TenantPlaybookKey> {

        public List<PlaybookSettingEntity> forTenant(String tenant) {
            return list("tenant", tenant);
        }
    }

    @ApplicationScoped
    public static class Runs implements PanacheRepositoryBase<PlaybookRunEntity, UUID> {

        /** An incident's runs, newest first. */
        public List<PlaybookRunEntity> forIncident(String tenant, UUID incidentId, int limit) {
            return find("tenant = ?1 and incidentId = ?2 order by startedAt desc", tenant, incidentId)
                    .page(0, limit)
                    .list();
        }

        /**
         * Claims (incident version, playbook version) pairs for a pass, in one statement.
         *
         * @param playbooks id to version
         * @return the ids claimed now; the others already ran for this version of the incident
         */
        @SuppressWarnings("unchecked")
        public java.util.Set<String> claim(
                UUID incidentId, long incidentVersion, java.util.Map<String, Integer> playbooks) {
            var ids = playbooks.keySet().toArray(String[]::new);
            var versions = playbooks.values().toArray(Integer[]::new);
            List<String> claimed = getEntityManager()
                    .createNativeQuery("""
                    insert into playbook_claim (incident_id, incident_version, playbook_id, playbook_version)
                    select ?1, ?2, p.id, p.version from unnest(?3, ?4) as p(id, version)
                    on conflict do nothing returning playbook_id""")
                    .setParameter(1, incidentId)
                    .setParameter(2, incidentVersion)
                    .setParameter(3, ids)
                    .setParameter(4, versions)
                    .getResultList();
            return java.util.Set.copyOf(claimed);
        }

        /** Takes the next turn of a role's rotation in a CIRT: 0, 1, 2, ... */
        public long nextTurn(String tenant, String role) {
            return ((Number) getEntityManager()
                            .createNativeQuery("""
                    insert into playbook_rotation (tenant, role, turns) values (?1, ?2, 1)
                    on conflict (tenant, role) do update set turns = playbook_rotation.turns + 1
                    returning turns - 1""")
                            .setParameter(1, tenant)
                            .setParameter(2, role)
                            .getSingleResult())
                    .longValue();
        }

        /** The turn the rotation is at, without taking it (for dry runs). */
        public long currentTurn(String tenant, String role) {
            var rows = getEntityManager()
                    .createNativeQuery("select turns from playbook_rotation where tenant = ?1 and role = ?2")
                    .setParameter(1, tenant)
                    .setParameter(2, role)
                    .getResultList();
            return rows.isEmpty() ? 0 : ((Number) rows.getFirst()).longValue();
        }
    }
}
