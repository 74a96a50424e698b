package org.opencirt.common.crypto;

import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

/** The one {@link KeyEncryption} of the service, under the configured KEK. */
@ApplicationScoped
class KekProducer {

    @Produces
    @ApplicationScoped
    @Startup // a malformed KEK stops start-up instead of the first publication or secret
    KeyEncryption keyEncryption(KekConfig config) {
        return new KeyEncryption(config.kek());
    }
}
