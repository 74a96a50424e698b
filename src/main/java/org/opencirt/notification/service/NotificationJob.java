package org.opencirt.notification.service;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;
import org.opencirt.common.problem.ApiException;
import org.opencirt.tenant.TenantService;

/** Every CIRT's notification run, on the schedule {@code opencirt.notifications.every} sets. */
@ApplicationScoped
class NotificationJob {

    private static final Logger LOG = Logger.getLogger(NotificationJob.class);

    private final NotificationService notifications;
    private final TenantService tenants;

    NotificationJob(NotificationService notifications, TenantService tenants) {
        this.notifications = notifications;
        this.tenants = tenants;
    }

    @Scheduled(
            identity = "notifications",
            every = "${opencirt.notifications.every}",
            delayed = "5m",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        for (var tenant : tenants.list()) {
            try {
                notifications.run(tenant.id(), "scheduled", "scheduler", false);
            } catch (ApiException e) {
                LOG.debugf("notifications of %s: %s", tenant.id(), e.getMessage());
            } catch (RuntimeException e) {
                LOG.errorf(e, "notifications of %s failed; the next run tries again", tenant.id());
            }
        }
    }
}
