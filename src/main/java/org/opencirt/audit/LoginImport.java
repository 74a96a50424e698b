package org.opencirt.audit;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import org.jboss.logging.Logger;
import org.opencirt.tenant.KeycloakLogins;
import org.opencirt.tenant.KeycloakLogins.Login;
import org.opencirt.tenant.TenantService;

/**
 * Brings Keycloak's logins and failed logins into the audit trail (docs/audit.md, "Logins"): each
 * lands in the chain of the user's or client's CIRT, the platform's when it has none, at the time
 * Keycloak recorded it. A watermark (the newest imported event's millisecond and the ids imported
 * at it) moves in the same transaction as the entries, so an import that dies half-way is taken up
 * where its last batch committed, and nothing is imported twice. One replica imports at a time.
 */
@ApplicationScoped
class LoginImport {

    private static final Logger LOG = Logger.getLogger(LoginImport.class);

    /** Events asked of Keycloak at once (one transaction). */
    static final int BATCH = 500;

    /** The actor of a failed login of a name Keycloak does not know: the typed name is not kept (it may be a password). */
    static final String UNKNOWN_USER = "(unknown user)";

    private final KeycloakLogins logins;
    private final AuditTrail trail;
    private final TenantService tenants;
    private final EntityManager em;

    LoginImport(KeycloakLogins logins, AuditTrail trail, TenantService tenants, EntityManager em) {
        this.logins = logins;
        this.trail = trail;
        this.tenants = tenants;
        this.em = em;
    }

    @Scheduled(
            identity = "audit-login-import",
            every = "${opencirt.audit.logins.interval:1m}",
            delayed = "30s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        try {
            importNew();
        } catch (RuntimeException e) {
            LOG.warn("importing Keycloak's logins failed; the next run tries again", e);
        }
    }

    /** Imports every login Keycloak holds that the trail does not; the entries written. */
    int importNew() {
        var written = 0;
        while (true) {
            var batch = QuarkusTransaction.requiringNew().call(this::importBatch);
            written += batch.written();
            if (!batch.more()) {
                return written;
            }
        }
    }

    private record Batch(int written, boolean more) {}

    private record Watermark(long millis, List<String> ids) {}

    private Batch importBatch() {
        var locked = (Boolean) em.createNativeQuery("select pg_try_advisory_xact_lock(hashtext('audit-login-import'))")
                .getSingleResult();
        if (!locked) {
            return new Batch(0, false); // another replica imports now
        }
        var watermark = watermark();
        var seen = new HashSet<>(watermark.ids());
        var read = logins.since(watermark.millis(), BATCH + seen.size());
        var written = 0;
        var millis = watermark.millis();
        var ids = new ArrayList<>(watermark.ids());
        var here = new HashMap<String, Boolean>();
        for (var login : read) {
            if (login.at().toEpochMilli() == watermark.millis() && seen.contains(login.id())) {
                continue;
            }
            if (!login.ownClient()) {
                // a CIRT that is not on this installation (gone, or not imported yet) has no chain here
                var cirt = login.tenant() != null && here.computeIfAbsent(login.tenant(), tenants::exists)
                        ? login.tenant()
                        : null;
                trail.append(draft(login, cirt), login.at());
                written++;
            }
            if (login.at().toEpochMilli() != millis) {
                millis = login.at().toEpochMilli();
                ids.clear();
            }
            ids.add(login.id());
        }
        em.createNativeQuery(
                        "insert into audit_login_watermark (id, last_millis, last_ids) values (1, :millis, :ids)"
                                + " on conflict (id) do update set last_millis = excluded.last_millis, last_ids = excluded.last_ids")
                .setParameter("millis", millis)
                .setParameter("ids", ids.toArray(String[]::new))
                .executeUpdate();
        return new Batch(written, read.size() == BATCH + seen.size());
    }

    private Watermark watermark() {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery(
                        "select last_millis, last_ids from audit_login_watermark where id = 1")
                .getResultList();
        if (rows.isEmpty()) {
            return new Watermark(0, List.of());
        }
        var row = rows.getFirst();
        return new Watermark(((Number) row[0]).longValue(), Arrays.asList((String[]) row[1]));
    }

    private static AuditTrail.Draft draft(Login login, String cirt) {
        var action = (login.ofClient() ? "clientLogin" : "login") + (login.failed() ? ".failed" : "");
        return new AuditTrail.Draft(
                cirt,
                login.actor() != null ? login.actor() : UNKNOWN_USER,
                "",
                action,
                "clients",
                login.clientId(),
                login.id(),
                login.ipAddress(),
                null);
    }
}
