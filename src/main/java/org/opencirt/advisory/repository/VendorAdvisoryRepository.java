package org.opencirt.advisory.repository;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

/** Vendor advisories, always within one CIRT. */
@ApplicationScoped
public class VendorAdvisoryRepository implements PanacheRepositoryBase<VendorAdvisory, UUID> {

    public Optional<VendorAdvisory> find(String tenant, UUID id) {
        return find("tenant = ?1 and id = ?2", tenant, id).firstResultOptional();
    }

    public Optional<VendorAdvisory> findByUrl(String tenant, String feedId, String url) {
        return find("tenant = ?1 and feedId = ?2 and url = ?3", tenant, feedId, url)
                .firstResultOptional();
    }

    /**
     * The CIRT's vendor advisories, newest release first; {@code text} (optional) finds a CVE id
     * exactly, or a part of the tracking id, title or publisher, ignoring case.
     */
    public List<VendorAdvisory> search(String tenant, String text, int limit) {
        var sort = Sort.descending("currentReleaseDate").and("id");
        if (text == null || text.isBlank()) {
            return find("tenant", sort, tenant).page(0, limit).list();
        }
        var wanted = text.strip().toLowerCase(Locale.ROOT);
        var like = "%" + wanted.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
        return find(
                        """
                        tenant = :tenant and (cves like :cve or lower(trackingId) like :like
                          or lower(title) like :like or lower(publisher) like :like)""",
                        sort,
                        Parameters.with("tenant", tenant)
                                .and("cve", "% " + wanted.toUpperCase(Locale.ROOT) + " %")
                                .and("like", like))
                .page(0, limit)
                .list();
    }
}
