package org.opencirt.common.idempotency;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** The answers given to POSTs with an Idempotency-Key, per caller, each step in its own transaction. */
@ApplicationScoped
class IdempotencyStore {

    /** An answer kept for replay. */
    record Stored(String requestHash, Integer status, String location, String etag, String body, Instant createdAt) {}

    private final EntityManager em;
    private final Clock clock;

    IdempotencyStore(EntityManager em, Clock clock) {
        this.em = em;
        this.clock = clock;
    }

    /** Claims the key for this request. @return empty when claimed, else what is already stored under it */
    Optional<Stored> claim(String caller, String key, String requestHash) {
        return QuarkusTransaction.requiringNew().call(() -> {
            var inserted = em.createNativeQuery("""
                    insert into idempotency_key (caller, key, request_hash, created_at) values (?1, ?2, ?3, ?4)
                    on conflict do nothing""")
                    .setParameter(1, caller)
                    .setParameter(2, key)
                    .setParameter(3, requestHash)
                    .setParameter(4, clock.instant())
                    .executeUpdate();
            if (inserted == 1) {
                return Optional.<Stored>empty();
            }
            var row = (Object[]) em.createNativeQuery("""
                    select request_hash, status, location, etag, body, created_at from idempotency_key
                    where caller = ?1 and key = ?2""")
                    .setParameter(1, caller)
                    .setParameter(2, key)
                    .getSingleResult();
            return Optional.of(new Stored(
                    (String) row[0],
                    (Integer) row[1],
                    (String) row[2],
                    (String) row[3],
                    (String) row[4],
                    toInstant(row[5])));
        });
    }

    /** Takes over a claim whose request never finished (the process died), when it is old enough. */
    boolean takeOver(String caller, String key, String requestHash, Duration abandonedAfter) {
        return QuarkusTransaction.requiringNew()
                .call(() -> em.createNativeQuery("""
                update idempotency_key set created_at = ?4
                where caller = ?1 and key = ?2 and request_hash = ?3 and status is null and created_at < ?5""")
                                .setParameter(1, caller)
                                .setParameter(2, key)
                                .setParameter(3, requestHash)
                                .setParameter(4, clock.instant())
                                .setParameter(5, clock.instant().minus(abandonedAfter))
                                .executeUpdate()
                        == 1);
    }

    void complete(String caller, String key, int status, String location, String etag, String body) {
        QuarkusTransaction.requiringNew()
                .run(() -> em.createNativeQuery("""
                update idempotency_key set status = ?3, location = ?4, etag = ?5, body = ?6 where caller = ?1 and key = ?2""")
                        .setParameter(1, caller)
                        .setParameter(2, key)
                        .setParameter(3, status)
                        .setParameter(4, location)
                        .setParameter(5, etag)
                        .setParameter(6, body)
                        .executeUpdate());
    }

    /** Forgets a claim whose request failed, so that the client may retry with the same key. */
    void release(String caller, String key) {
        QuarkusTransaction.requiringNew()
                .run(() -> em.createNativeQuery(
                                "delete from idempotency_key where caller = ?1 and key = ?2 and status is null")
                        .setParameter(1, caller)
                        .setParameter(2, key)
                        .executeUpdate());
    }

    /** Answers are kept this long; a retry after that is a new request. */
    static final Duration RETENTION = Duration.ofHours(24);

    @Scheduled(every = "1h", delayed = "10m")
    void expireOldAnswers() {
        expire(RETENTION);
    }

    /** Deletes answers older than the retention. @return how many */
    int expire(Duration retention) {
        return QuarkusTransaction.requiringNew()
                .call(() -> em.createNativeQuery("delete from idempotency_key where created_at < ?1")
                        .setParameter(1, clock.instant().minus(retention))
                        .executeUpdate());
    }

    private Instant toInstant(Object value) {
        return switch (value) {
            case Instant i -> i;
            case java.time.OffsetDateTime o -> o.toInstant();
            case java.sql.Timestamp t -> t.toInstant();
            default -> clock.instant();
        };
    }
}
