package org.opencirt.audit;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;
import org.opencirt.advisory.service.SigningKeyService;
import org.opencirt.common.problem.ApiException;

/**
 * The signed heads of the CIRTs' chains (docs/audit.md, "Signed heads", ADR 35): the head's seq
 * and hash in a canonical statement, signed with the CIRT's active OpenPGP key, stored insert-only
 * in {@code audit_head}. The platform's own chain has no CIRT key and is not signed.
 */
@ApplicationScoped
public class AuditHeads {

    private static final Logger LOG = Logger.getLogger(AuditHeads.class);

    private static final String COLUMNS = "tenant, seq, hash, signed_at, statement, signature, key_fingerprint";

    private final EntityManager em;
    private final SigningKeyService signing;
    private final Clock clock;

    AuditHeads(EntityManager em, SigningKeyService signing, Clock clock) {
        this.em = em;
        this.signing = signing;
        this.clock = clock;
    }

    /**
     * A signed head.
     *
     * @param statement      the signed bytes (UTF-8 JSON: tenant, seq, hash, signedAt)
     * @param signature      the ASCII-armored detached OpenPGP signature over them
     * @param keyFingerprint the primary fingerprint of the CIRT key that signed
     */
    public record SignedHead(
            String tenant,
            long seq,
            String hash,
            Instant signedAt,
            String keyFingerprint,
            String statement,
            String signature) {}

    /** The outcome of a request to sign: whether a new head was signed, and the CIRT's newest signed head. */
    public record Signing(boolean signed, SignedHead head) {}

    /** A page of signed heads, newest first, and the cursor of the next one (null at the end). */
    public record Page(List<SignedHead> heads, Long next) {}

    /**
     * Signs the head of a CIRT's chain in the caller's transaction, unless it is already signed.
     * Signing one chain is serialised by a transaction-scoped advisory lock, so two replicas never
     * sign one head twice (the unique index on the chain and seq would refuse the second anyway).
     *
     * @throws ApiException 409 when the chain has no entry yet
     */
    @Transactional
    public Signing sign(String tenant) {
        em.createNativeQuery("select 1 from (select pg_advisory_xact_lock(hashtext('audit_head:' || :chain))) l")
                .setParameter("chain", tenant)
                .getSingleResult();
        @SuppressWarnings("unchecked")
        List<Object[]> head = em.createNativeQuery(
                        "select seq, hash from audit_entry where coalesce(tenant, '') = :chain order by seq desc limit 1")
                .setParameter("chain", tenant)
                .getResultList();
        if (head.isEmpty()) {
            throw ApiException.conflict(
                    "The audit trail of %s has no entry yet: there is no head to sign".formatted(tenant));
        }
        long seq = ((Number) head.getFirst()[0]).longValue();
        var hash = (String) head.getFirst()[1];
        var latest = latest(tenant);
        if (latest.isPresent() && latest.get().seq() >= seq) {
            return new Signing(false, latest.get());
        }
        // OpenPGP signature times have second precision: the statement says the same time
        var at = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        var statement = AuditArchive.statement(tenant, seq, hash, at);
        var signed = signing.sign(tenant, statement, at);
        em.createNativeQuery("insert into audit_head (" + COLUMNS
                        + ") values (:tenant, :seq, :hash, :at, :statement, :signature, :fingerprint)")
                .setParameter("tenant", tenant)
                .setParameter("seq", seq)
                .setParameter("hash", hash)
                .setParameter("at", at)
                .setParameter("statement", statement)
                .setParameter("signature", signed.armored())
                .setParameter("fingerprint", signed.fingerprint())
                .executeUpdate();
        return new Signing(
                true,
                new SignedHead(
                        tenant,
                        seq,
                        hash,
                        at,
                        signed.fingerprint(),
                        new String(statement, StandardCharsets.UTF_8),
                        signed.armored()));
    }

    /** The daily signing (opencirt.audit.head-signing-cron); Quartz runs it on one replica at a time. */
    @Scheduled(
            identity = "audit-head-signing",
            cron = "${opencirt.audit.head-signing-cron:" + AuditConfig.HEAD_SIGNING_DEFAULT + "}",
            timeZone = "UTC")
    void daily() {
        var signed = signMoved();
        LOG.infof("signed the audit heads of %d CIRT(s)", signed.size());
    }

    /**
     * The daily job's work: signs the head of every CIRT's chain that moved since its last signed
     * head, each in a transaction of its own (one CIRT's failure does not stop the others).
     *
     * @return the CIRTs whose head was signed
     */
    public List<String> signMoved() {
        @SuppressWarnings("unchecked")
        List<String> tenants = QuarkusTransaction.requiringNew()
                .call(() -> em.createNativeQuery(
                                "select distinct tenant from audit_entry where tenant is not null order by tenant")
                        .getResultList());
        var signed = new ArrayList<String>();
        for (var tenant : tenants) {
            try {
                if (QuarkusTransaction.requiringNew().call(() -> sign(tenant)).signed()) {
                    signed.add(tenant);
                }
            } catch (RuntimeException e) {
                LOG.errorf("the audit head of %s was not signed: %s", tenant, e.getMessage());
            }
        }
        return signed;
    }

    /** The CIRT's signed heads, newest first; {@code before}: only heads with a smaller seq. */
    @Transactional
    public Page list(String tenant, Long before, int limit) {
        var sql = "select " + COLUMNS + " from audit_head where tenant = :tenant"
                + (before == null ? "" : " and seq < :before") + " order by seq desc limit :limit";
        var query = em.createNativeQuery(sql).setParameter("tenant", tenant).setParameter("limit", limit + 1);
        if (before != null) {
            query.setParameter("before", before);
        }
        @SuppressWarnings("unchecked")
        List<Object[]> rows = query.getResultList();
        var heads = new ArrayList<SignedHead>();
        for (int i = 0; i < Math.min(rows.size(), limit); i++) {
            heads.add(head(rows.get(i)));
        }
        return new Page(heads, rows.size() > limit ? heads.getLast().seq() : null);
    }

    private Optional<SignedHead> latest(String tenant) {
        return list(tenant, null, 1).heads().stream().findFirst();
    }

    static SignedHead head(Object[] row) {
        return new SignedHead(
                (String) row[0],
                ((Number) row[1]).longValue(),
                (String) row[2],
                instant(row[3]),
                (String) row[6],
                new String((byte[]) row[4], StandardCharsets.UTF_8),
                (String) row[5]);
    }

    static Instant instant(Object value) {
        return switch (value) {
            case Instant i -> i;
            case Timestamp t -> t.toInstant();
            case java.time.OffsetDateTime o -> o.toInstant();
            default -> throw new IllegalStateException("unexpected time value " + value.getClass());
        };
    }
}
