package org.opencirt.feed.repository;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;

/** The feed package's tables. */
public final class FeedRepositories {

    private FeedRepositories() {
    }

    @ApplicationScoped
    public static class Feeds implements PanacheRepositoryBase<FeedEntity, String> {
    }

    @ApplicationScoped
    public static class States implements PanacheRepositoryBase<FeedStateEntity, String> {
    }

    @ApplicationScoped
    public static class Runs implements PanacheRepositoryBase<FeedRunEntity, UUID> {

        /** The latest runs of a feed, newest first. */
        public List<FeedRunEntity> latest(String feedId, int limit) {
            return find("feedId = ?1 order by startedAt desc", feedId).page(0, limit).list();
        }
    }
}
