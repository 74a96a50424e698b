package org.opencirt.common.persistence;

import io.quarkus.arc.Arc;
import jakarta.persistence.PostLoad;
import jakarta.persistence.PrePersist;
import org.opencirt.common.crypto.DataKeys;

/**
 * Opens a {@link SealedColumns} entity when it is loaded and seals it when it is persisted (the
 * insert takes the entity's state at that moment; later changes are sealed before the flush).
 */
public class SealingListener {

    @PrePersist
    void seal(Object entity) {
        if (entity instanceof SealedColumns sealed) {
            sealed.sealColumns(keys());
        }
    }

    @PostLoad
    void open(Object entity) {
        if (entity instanceof SealedColumns sealed) {
            sealed.openColumns(keys());
        }
    }

    static DataKeys keys() {
        return Arc.container().instance(DataKeys.class).get();
    }
}
