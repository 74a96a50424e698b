package org.opencirt.playbook.repository;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;

/** The playbook package's tables, always read for one CIRT. */
public final class PlaybookRepositories {

    private PlaybookRepositories() {
    }

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
            return find("tenant = ?1 and incidentId = ?2 order by startedAt desc", tenant, incidentId).page(0, limit).list();
        }

        /**
         * Claims a (incident version, playbook version) pair for a run.
         *
         * @return false when it was claimed before: the playbook already ran for this version
         */
        public boolean claim(UUID incidentId, long incidentVersion, String playbookId, int playbookVersion) {
            return getEntityManager().createNativeQuery("""
                    insert into playbook_claim (incident_id, incident_version, playbook_id, playbook_version)
                    values (?1, ?2, ?3, ?4) on conflict do nothing""")
                    .setParameter(1, incidentId).setParameter(2, incidentVersion).setParameter(3, playbookId)
                    .setParameter(4, playbookVersion).executeUpdate() == 1;
        }

        /** Takes the next turn of a role's rotation in a CIRT: 0, 1, 2, ... */
        public long nextTurn(String tenant, String role) {
            return ((Number) getEntityManager().createNativeQuery("""
                    insert into playbook_rotation (tenant, role, turns) values (?1, ?2, 1)
                    on conflict (tenant, role) do update set turns = playbook_rotation.turns + 1
                    returning turns - 1""")
                    .setParameter(1, tenant).setParameter(2, role).getSingleResult()).longValue();
        }

        /** The turn the rotation is at, without taking it (for dry runs). */
        public long currentTurn(String tenant, String role) {
            var rows = getEntityManager().createNativeQuery("select turns from playbook_rotation where tenant = ?1 and role = ?2")
                    .setParameter(1, tenant).setParameter(2, role).getResultList();
            return rows.isEmpty() ? 0 : ((Number) rows.getFirst()).longValue();
        }
    }
}
