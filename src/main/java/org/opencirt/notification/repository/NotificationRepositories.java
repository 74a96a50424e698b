package org.opencirt.notification.repository;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** The notification feature's tables; every query names the CIRT. */
public final class NotificationRepositories {

    private NotificationRepositories() {}

    @ApplicationScoped
    public static class Runs implements PanacheRepositoryBase<NotificationRunEntity, UUID> {

        public Optional<NotificationRunEntity> find(String tenant, UUID id) {
            return find("tenant = ?1 and id = ?2", tenant, id).firstResultOptional();
        }

        public List<NotificationRunEntity> latest(String tenant, int limit) {
            return find("tenant = ?1 order by startedAt desc", tenant)
                    .page(0, limit)
                    .list();
        }
    }

    @ApplicationScoped
    public static class Notifications implements PanacheRepositoryBase<NotificationEntity, UUID> {

        public List<NotificationEntity> ofRun(String tenant, UUID run) {
            return list("tenant = ?1 and runId = ?2 order by email, createdAt", tenant, run);
        }

        public List<NotificationEntity> ofConstituent(String tenant, UUID constituent, int limit) {
            return find("tenant = ?1 and constituentId = ?2 order by createdAt desc", tenant, constituent)
                    .page(0, limit)
                    .list();
        }

        /** When the contact was last sent a notification, if ever. */
        public Optional<Instant> lastSent(String tenant, UUID contact) {
            return find("tenant = ?1 and contactId = ?2 and status = 'SENT' order by sentAt desc", tenant, contact)
                    .firstResultOptional()
                    .map(n -> n.sentAt);
        }

        public Optional<NotificationEntity> byReference(String tenant, String reference) {
            return find("tenant = ?1 and reference = ?2", tenant, reference).firstResultOptional();
        }
    }
}
