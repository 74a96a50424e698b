package org.opencirt.portability;

import io.quarkus.arc.All;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.jboss.logging.Logger;
import org.opencirt.common.archive.CirtArchivePart;
import org.opencirt.common.crypto.DataKeys;
import org.opencirt.common.problem.ApiException;
import org.opencirt.feed.service.FeedScheduler;
import org.opencirt.tenant.TenantService;

/**
 * A CIRT leaves the installation (docs/portability.md, ADR 39): its Keycloak group and partner client
 * go first, so that nobody gets a token for it any more; then its row becomes a tombstone, so that a
 * token issued before acts for it no more; then every part deletes its rows in one transaction, in the
 * reverse of the import's order; its search documents follow after the commit (the outbox); last, its
 * data key is destroyed in the key store, which makes its sealed columns unreadable in every copy
 * made before, backups included (crypto-shredding, ADR 40). A crash at
 * any point leaves a state that a re-run completes, and a re-run also sweeps what a request already
 * under way when the tombstone was committed wrote.
 */
@ApplicationScoped
public class CirtOffboarding {

    private static final Logger LOG = Logger.getLogger(CirtOffboarding.class);

    private final List<CirtArchivePart> parts;
    private final DataSource database;
    private final TenantService tenants;
    private final FeedScheduler feeds;
    private final PortabilityConfig config;
    private final DataKeys keys;

    CirtOffboarding(
            @All List<CirtArchivePart> parts,
            DataSource database,
            TenantService tenants,
            FeedScheduler feeds,
            PortabilityConfig config,
            DataKeys keys) {
        this.keys = keys;
        this.parts = CirtArchivePart.byFolder(parts);
        this.database = database;
        this.tenants = tenants;
        this.feeds = feeds;
        this.config = config;
    }

    /**
     * What the offboarding deleted, by part and table, and whether it destroyed the CIRT's data key (false
     * on a re-run after the key was destroyed already).
     */
    public record Offboarded(String cirt, Map<String, Map<String, Long>> deleted, boolean dataKeyDestroyed) {}

    /**
     * Offboards the CIRT; again on one already offboarded, it completes what a crash left.
     *
     * @throws ApiException 404 when there is no such CIRT, 502 when Keycloak cannot be reached (nothing deleted)
     */
    public Offboarded run(String cirt) {
        if (tenants.standing(cirt) == TenantService.Standing.ABSENT) {
            throw ApiException.notFound("National CIRT '%s'".formatted(cirt));
        }
        var started = System.nanoTime();
        tenants.removeFromKeycloak(cirt);
        tenants.markOffboarded(cirt);
        var deleted = QuarkusTransaction.requiringNew()
                .timeout((int) config.importTimeout().toSeconds())
                .call(() -> delete(cirt));
        var destroyed = keys.destroy(cirt);
        feeds.reschedule();
        LOG.infof("offboarded CIRT %s in %d ms", cirt, (System.nanoTime() - started) / 1_000_000);
        return new Offboarded(cirt, deleted, destroyed);
    }

    private Map<String, Map<String, Long>> delete(String cirt) throws SQLException {
        var deleted = new LinkedHashMap<String, Map<String, Long>>();
        try (var transaction = database.getConnection()) {
            for (var part : PartOrder.of(parts, transaction).reversed()) {
                deleted.put(part.folder(), part.delete(cirt, transaction));
            }
        }
        return deleted;
    }
}
