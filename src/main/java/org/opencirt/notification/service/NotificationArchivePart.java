package org.opencirt.notification.service;

import jakarta.inject.Singleton;
import org.opencirt.common.archive.TableArchivePart;

/** A CIRT's notification runs and the messages they sent, in its archive. */
@Singleton
class NotificationArchivePart extends TableArchivePart {

    NotificationArchivePart() {
        super(
                "notifications",
                "notification_run",
                "select * from notification_run where tenant = ? order by started_at, id",
                "notification",
                "select * from notification where tenant = ? order by created_at, id");
    }
}
