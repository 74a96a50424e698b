package org.opencirt.audit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The audit trail (docs/audit.md): appends entries to a CIRT's hash chain, lists them, and checks
 * a chain. {@link AuditInterceptor} appends, inside the transaction of the change, and
 * {@link LoginImport} appends Keycloak's logins.
 */
@ApplicationScoped
public class AuditTrail {

    /** Entries of a page at most. */
    public static final int MAX_PAGE = 500;

    /** Rows read at once while a chain is verified. */
    static final int VERIFY_BATCH = 1000;

    static final String COLUMNS = "tenant, seq, at, actor, roles, action, object_type, object_id, request_id,"
            + " source_address, change_digest, prev_hash, hash";

    private final EntityManager em;
    private final Clock clock;

    AuditTrail(EntityManager em, Clock clock) {
        this.em = em;
        this.clock = clock;
    }

    /** What the interceptor knows of a change; the trail adds the time, the place in the chain and the hashes. */
    public record Draft(
            String tenant,
            String actor,
            String roles,
            String action,
            String objectType,
            String objectId,
            String requestId,
            String sourceAddress,
            String changeDigest) {}

    /**
     * Appends an entry to its chain, in the caller's transaction. Appends to one chain are serialised by
     * a transaction-scoped advisory lock on the chain, so two replicas never give two entries one seq
     * (the unique index would refuse the second anyway).
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public AuditEntry append(Draft draft) {
        return append(draft, clock.instant());
    }

    /**
     * Appends an entry for something that happened at {@code at}, not now: a login that Keycloak
     * recorded before the trail imported it ({@link LoginImport}).
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public AuditEntry append(Draft draft, Instant at) {
        // the change reaches the database first: if it fails, it fails as itself, before its entry
        em.flush();
        var chain = chainKey(draft.tenant());
        em.createNativeQuery("select 1 from (select pg_advisory_xact_lock(hashtext('audit_entry:' || :chain))) l")
                .setParameter("chain", chain)
                .getSingleResult();
        @SuppressWarnings("unchecked")
        List<Object[]> head = em.createNativeQuery(
                        "select seq, hash from audit_entry where coalesce(tenant, '') = :chain order by seq desc limit 1")
                .setParameter("chain", chain)
                .getResultList();
        long seq = head.isEmpty() ? 1 : ((Number) head.getFirst()[0]).longValue() + 1;
        var prevHash = head.isEmpty() ? AuditChain.GENESIS : (String) head.getFirst()[1];
        var unhashed = new AuditEntry(
                draft.tenant(),
                seq,
                AuditChain.truncate(at),
                clip(draft.actor(), 200),
                clip(draft.roles(), 200),
                clip(draft.action(), 120),
                clip(draft.objectType(), 60),
                clip(draft.objectId(), 200),
                clip(draft.requestId(), 100),
                clip(draft.sourceAddress(), 64),
                draft.changeDigest(),
                prevHash,
                null);
        var entry = withHash(unhashed, AuditChain.hash(prevHash, unhashed));
        em.createNativeQuery(
                        "insert into audit_entry (" + COLUMNS + ") values (:tenant, :seq, :at, :actor, :roles,"
                                + " :action, :objectType, :objectId, :requestId, :sourceAddress, :changeDigest, :prevHash, :hash)")
                .setParameter("tenant", entry.tenant())
                .setParameter("seq", entry.seq())
                .setParameter("at", entry.at())
                .setParameter("actor", entry.actor())
                .setParameter("roles", entry.roles())
                .setParameter("action", entry.action())
                .setParameter("objectType", entry.objectType())
                .setParameter("objectId", entry.objectId())
                .setParameter("requestId", entry.requestId())
                .setParameter("sourceAddress", entry.sourceAddress())
                .setParameter("changeDigest", entry.changeDigest())
                .setParameter("prevHash", entry.prevHash())
                .setParameter("hash", entry.hash())
                .executeUpdate();
        return entry;
    }

    /**
     * A filter of the trail; null fields do not filter.
     *
     * @param before the cursor: only entries with a smaller seq (the previous page's {@code next})
     */
    public record Query(
            String actor,
            String action,
            String objectType,
            String objectId,
            Instant from,
            Instant to,
            Long before,
            int limit) {}

    /** A page, newest first, and the cursor of the next one (null at the end). */
    public record Page(List<AuditEntry> entries, Long next) {}

    /** One chain's entries (tenant null: the platform's), newest first. */
    @Transactional
    public Page list(String tenant, Query query) {
        var sql = new StringBuilder("select " + COLUMNS + " from audit_entry where coalesce(tenant, '') = :chain");
        Map<String, Object> parameters = new HashMap<>();
        parameters.put("chain", chainKey(tenant));
        condition(sql, parameters, "actor", "actor = :actor", query.actor());
        condition(sql, parameters, "action", "action = :action", query.action());
        condition(sql, parameters, "objectType", "object_type = :objectType", query.objectType());
        condition(sql, parameters, "objectId", "object_id = :objectId", query.objectId());
        condition(sql, parameters, "from", "at >= :from", query.from());
        condition(sql, parameters, "to", "at < :to", query.to());
        condition(sql, parameters, "before", "seq < :before", query.before());
        sql.append(" order by seq desc limit :limit");
        parameters.put("limit", query.limit() + 1);
        var native_ = em.createNativeQuery(sql.toString());
        parameters.forEach(native_::setParameter);
        @SuppressWarnings("unchecked")
        List<Object[]> rows = native_.getResultList();
        var entries = new ArrayList<AuditEntry>();
        for (int i = 0; i < Math.min(rows.size(), query.limit()); i++) {
            entries.add(entry(rows.get(i)));
        }
        Long next = rows.size() > query.limit() ? entries.getLast().seq() : null;
        return new Page(entries, next);
    }

    /**
     * The outcome of re-computing a chain.
     *
     * @param ok       whether every link holds
     * @param entries  entries checked (up to the first broken link)
     * @param headSeq  the last entry's seq when ok (0 for an empty chain)
     * @param headHash the last entry's hash when ok
     * @param brokenAt the seq of the first entry that does not hold, when not ok
     * @param problem  what does not match there
     */
    public record Verification(
            boolean ok, long entries, long headSeq, String headHash, Long brokenAt, String problem) {}

    /** Re-computes a chain (tenant null: the platform's) from its first entry and names the first broken link. */
    @Transactional
    public Verification verify(String tenant) {
        var chain = chainKey(tenant);
        long expectedSeq = 1;
        var prevHash = AuditChain.GENESIS;
        long checked = 0;
        while (true) {
            @SuppressWarnings("unchecked")
            List<Object[]> rows = em.createNativeQuery("select " + COLUMNS
                            + " from audit_entry where coalesce(tenant, '') = :chain and seq >= :from"
                            + " order by seq limit :batch")
                    .setParameter("chain", chain)
                    .setParameter("from", expectedSeq)
                    .setParameter("batch", VERIFY_BATCH)
                    .getResultList();
            em.clear();
            if (rows.isEmpty()) {
                return new Verification(true, checked, expectedSeq - 1, expectedSeq == 1 ? null : prevHash, null, null);
            }
            for (var row : rows) {
                var entry = entry(row);
                var problem = AuditChain.problem(entry, expectedSeq, prevHash);
                if (problem.isPresent()) {
                    return new Verification(false, checked, 0, null, Math.min(entry.seq(), expectedSeq), problem.get());
                }
                prevHash = entry.hash();
                expectedSeq++;
                checked++;
            }
        }
    }

    private static void condition(
            StringBuilder sql, Map<String, Object> parameters, String name, String clause, Object value) {
        if (value != null) {
            sql.append(" and ").append(clause);
            parameters.put(name, value);
        }
    }

    private static AuditEntry entry(Object[] row) {
        return new AuditEntry(
                (String) row[0],
                ((Number) row[1]).longValue(),
                instant(row[2]),
                (String) row[3],
                (String) row[4],
                (String) row[5],
                (String) row[6],
                (String) row[7],
                (String) row[8],
                (String) row[9],
                (String) row[10],
                (String) row[11],
                (String) row[12]);
    }

    private static Instant instant(Object value) {
        return switch (value) {
            case Instant i -> i;
            case Timestamp t -> t.toInstant();
            case java.time.OffsetDateTime o -> o.toInstant();
            default -> throw new IllegalStateException("unexpected time value " + value.getClass());
        };
    }

    private static AuditEntry withHash(AuditEntry e, String hash) {
        return new AuditEntry(
                e.tenant(),
                e.seq(),
                e.at(),
                e.actor(),
                e.roles(),
                e.action(),
                e.objectType(),
                e.objectId(),
                e.requestId(),
                e.sourceAddress(),
                e.changeDigest(),
                e.prevHash(),
                hash);
    }

    private static String chainKey(String tenant) {
        return tenant == null ? "" : tenant;
    }

    private static String clip(String text, int max) {
        return text == null || text.length() <= max ? text : text.substring(0, max);
    }
}
