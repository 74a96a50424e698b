package org.opencirt.feed.repository;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/** The feed package's tables. A feed is named by its CIRT (null for a platform feed) and its id. */
public final class FeedRepositories {

    private FeedRepositories() {}

    @ApplicationScoped
    public static class Feeds implements PanacheRepositoryBase<FeedEntity, FeedEntity.Key> {

        public Optional<FeedEntity> find(String tenant, String id) {
            return findByIdOptional(new FeedEntity.Key(tenant, id));
        }

        public long countOf(String tenant) {
            return count("tenant", tenant);
        }

        /**
         * Serialises, until the transaction ends, whatever checks and then changes a CIRT's
         * feeds or runs against a quota, across every replica (a PostgreSQL advisory lock).
         */
        public void lockQuotaOf(String tenant) {
            getEntityManager()
                    .createNativeQuery("select pg_advisory_xact_lock(hashtext(?1))")
                    .setParameter(1, "feed-quota:" + tenant)
                    .getSingleResult();
        }
    }

    @ApplicationScoped
    public static class States implements PanacheRepositoryBase<FeedStateEntity, UUID> {

        public Optional<FeedStateEntity> find(String tenant, String feedId) {
            return find("tenant is not distinct from ?1 and feedId = ?2", tenant, feedId)
                    .firstResultOptional();
        }
    }

    @ApplicationScoped
    public static class Runs implements PanacheRepositoryBase<FeedRunEntity, UUID> {

        /** The latest runs of a feed, newest first. */
        public List<FeedRunEntity> latest(String tenant, String feedId, int limit) {
            return find("tenant is not distinct from ?1 and feedId = ?2 order by startedAt desc", tenant, feedId)
                    .page(0, limit)
                    .list();
        }

        /** A CIRT's runs going now (those whose replica stopped are abandoned first: {@link #abandonExpired}). */
        public long going(String tenant) {
            return count("tenant = ?1 and status = 'running'", tenant);
        }

        /** Whether a run of the feed is going, on any replica. */
        public boolean isRunning(String tenant, String feedId) {
            return count("tenant is not distinct from ?1 and feedId = ?2 and status = 'running'", tenant, feedId) > 0;
        }

        /**
         * Records a run as running, unless a run of the same feed is (on any replica): the unique
         * index {@code feed_run_one_running} decides, in one statement.
         *
         * @return false when the feed is already running (nothing recorded)
         */
        public boolean startIfIdle(FeedRunEntity run) {
            return getEntityManager()
                            .createNativeQuery("""
                                    insert into feed_run (id, tenant, feed_id, trigger, scheduled_for, status, started_at, heartbeat_at, holder)
                                    values (?1, ?2, ?3, ?4, ?7, 'running', ?5, now(), ?6)
                                    on conflict (coalesce(tenant, ''), feed_id) where status = 'running' do nothing
                                    """)
                            .setParameter(1, run.id)
                            .setParameter(2, run.tenant)
                            .setParameter(3, run.feedId)
                            .setParameter(4, run.trigger)
                            .setParameter(5, run.startedAt)
                            .setParameter(6, run.holder)
                            .setParameter(7, run.scheduledFor)
                            .executeUpdate()
                    == 1;
        }

        /**
         * Renews the lease of the given runs (the database's clock, the same for every replica).
         *
         * @return the runs that still hold their lease (the others were abandoned meanwhile)
         */
        @SuppressWarnings("unchecked")
        public Set<UUID> renew(Collection<UUID> ids) {
            if (ids.isEmpty()) {
                return Set.of();
            }
            var renewed = getEntityManager()
                    .createNativeQuery(
                            "update feed_run set heartbeat_at = now() where id = any(?1) and status = 'running' returning id",
                            UUID.class)
                    .setParameter(1, ids.toArray(UUID[]::new))
                    .getResultList();
            return Set.copyOf((List<UUID>) renewed);
        }

        /**
         * Marks as abandoned every run whose lease was not renewed for {@code lease}: its replica
         * stopped without recording the end.
         *
         * @return the CIRT of each run marked (null for a platform feed's)
         */
        @SuppressWarnings("unchecked")
        public List<String> abandonExpired(Duration lease) {
            return getEntityManager()
                    .createNativeQuery("""
                            update feed_run set status = 'abandoned', error_code = 'abandoned',
                                   error = 'The replica running it stopped without recording its end; the next run fetches the feed again.',
                                   finished_at = now()
                             where status = 'running' and heartbeat_at < now() - make_interval(secs => ?1)
                            returning tenant
                            """, String.class)
                    .setParameter(1, lease.toMillis() / 1000.0)
                    .getResultList();
        }
    }
}
