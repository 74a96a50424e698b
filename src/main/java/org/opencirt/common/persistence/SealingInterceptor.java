package org.opencirt.common.persistence;

import io.quarkus.hibernate.orm.PersistenceUnitExtension;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Iterator;
import org.hibernate.Interceptor;
import org.opencirt.common.crypto.DataKeys;

/**
 * Seals every {@link SealedColumns} entity of the session before Hibernate checks what changed, so
 * that a plaintext changed since the entity was loaded reaches its column, sealed, and nothing else
 * does.
 */
@ApplicationScoped
@PersistenceUnitExtension
public class SealingInterceptor implements Interceptor {

    private final DataKeys keys;

    SealingInterceptor(DataKeys keys) {
        this.keys = keys;
    }

    @Override
    public void preFlush(Iterator<Object> entities) {
        while (entities.hasNext()) {
            if (entities.next() instanceof SealedColumns sealed) {
                sealed.sealColumns(keys);
            }
        }
    }
}
