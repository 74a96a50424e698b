package org.opencirt.common.usage;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.sql.Timestamp;
import java.time.Instant;

/**
 * What each CIRT used in a time window (fetched bytes per day, webhook calls per minute), kept
 * in PostgreSQL: one row per CIRT, counter and window, raised by an upsert, so that every
 * replica counts in the same place and a restart forgets nothing.
 */
@ApplicationScoped
public class UsageCounters {

    private final EntityManager em;

    UsageCounters(EntityManager em) {
        this.em = em;
    }

    /** The amount counted so far in a window (0 when nothing was). */
    @Transactional
    public long used(String tenant, String counter, Instant window) {
        var amount = (Number) em.createNativeQuery(
                        "select coalesce(sum(amount), 0) from usage_counter where tenant = ?1 and counter = ?2 and window_start = ?3")
                .setParameter(1, tenant)
                .setParameter(2, counter)
                .setParameter(3, Timestamp.from(window))
                .getSingleResult();
        return amount.longValue();
    }

    /** Counts an amount used in a window. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void add(String tenant, String counter, Instant window, long amount) {
        em.createNativeQuery("""
                insert into usage_counter (tenant, counter, window_start, amount) values (?1, ?2, ?3, ?4)
                on conflict (tenant, counter, window_start) do update set amount = usage_counter.amount + excluded.amount
                """)
                .setParameter(1, tenant)
                .setParameter(2, counter)
                .setParameter(3, Timestamp.from(window))
                .setParameter(4, amount)
                .executeUpdate();
    }

    /**
     * Counts one use in a window if the window's total stays within the limit, in one statement
     * (two replicas cannot both take the last one).
     *
     * @return false when the limit is reached (nothing counted)
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public boolean tryTake(String tenant, String counter, Instant window, long limit) {
        return tryTake(tenant, counter, window, 1, limit);
    }

    /**
     * Counts an amount used in a window if the window's total stays within the limit, in one
     * statement.
     *
     * @return false when the amount does not fit under the limit (nothing counted)
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public boolean tryTake(String tenant, String counter, Instant window, long amount, long limit) {
        if (amount > limit) {
            return false;
        }
        return em.createNativeQuery("""
                insert into usage_counter (tenant, counter, window_start, amount) values (?1, ?2, ?3, ?4)
                on conflict (tenant, counter, window_start) do update set amount = usage_counter.amount + ?4
                where usage_counter.amount + ?4 <= ?5
                """)
                        .setParameter(1, tenant)
                        .setParameter(2, counter)
                        .setParameter(3, Timestamp.from(window))
                        .setParameter(4, amount)
                        .setParameter(5, limit)
                        .executeUpdate()
                == 1;
    }

    /**
     * Forgets the windows that ended more than a week ago (the longest window counted is a day).
     *
     * @return how many rows were deleted
     */
    @Transactional
    public int purge() {
        return em.createNativeQuery("delete from usage_counter where window_start < now() - interval '8 days'")
                .executeUpdate();
    }

    @Scheduled(identity = "usage-counter-purge", every = "1h", delayed = "15m")
    void purgeHourly() {
        purge();
    }
}
