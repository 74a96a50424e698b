package org.opencirt.feed.repository;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
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

        /** A CIRT's runs going now that started after the given time (older ones were abandoned by a crash). */
        public long goingSince(String tenant, Instant since) {
            return count("tenant = ?1 and status = 'running' and startedAt > ?2", tenant, since);
        }
    }
}
