package org.opencirt.advisory.repository;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Published versions, always within one CIRT. */
@ApplicationScoped
public class AdvisoryVersionRepository implements PanacheRepositoryBase<AdvisoryVersion, UUID> {

    public List<AdvisoryVersion> versions(String tenant, UUID advisoryId) {
        return find("tenant = ?1 and advisoryId = ?2", Sort.ascending("number"), tenant, advisoryId)
                .list();
    }

    public Optional<AdvisoryVersion> version(String tenant, UUID advisoryId, int number) {
        return find("tenant = ?1 and advisoryId = ?2 and number = ?3", tenant, advisoryId, number)
                .firstResultOptional();
    }

    /**
     * The current (newest) version of every advisory of a CIRT whose current version has this TLP
     * label, newest release first. An advisory whose label changed is listed only under its new one.
     */
    @SuppressWarnings("unchecked")
    public List<AdvisoryVersion> currentByTlp(String tenant, String tlp) {
        return getEntityManager()
                .createNativeQuery("""
                select * from (
                    select distinct on (advisory_id) * from advisory_version
                    where tenant = :tenant order by advisory_id, number desc
                ) latest where tlp = :tlp order by current_release_date desc, path""", AdvisoryVersion.class)
                .setParameter("tenant", tenant)
                .setParameter("tlp", tlp)
                .getResultList();
    }

    /** The current version served at a path of the CIRT's directory, if that path is current. */
    public Optional<AdvisoryVersion> currentAt(String tenant, String path) {
        return find("tenant = ?1 and path = ?2", Sort.descending("number"), tenant, path)
                .firstResultOptional()
                .filter(v ->
                        latest(tenant, v.advisoryId).map(l -> l.id.equals(v.id)).orElse(false));
    }

    public Optional<AdvisoryVersion> latest(String tenant, UUID advisoryId) {
        return find("tenant = ?1 and advisoryId = ?2", Sort.descending("number"), tenant, advisoryId)
                .firstResultOptional();
    }
}
