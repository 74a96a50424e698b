package org.opencirt.portability;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** The settings of a CIRT's archive, its import and its offboarding (docs/portability.md). */
@ConfigMapping(prefix = "opencirt.archive")
public interface PortabilityConfig {

    /** The longest the import's one transaction, or the offboarding's, may run before it is rolled back. */
    @WithDefault("PT1H")
    Duration importTimeout();

    /**
     * The largest part of an archive uploaded in parts (under {@code quarkus.http.limits.max-body-size},
     * which bounds every request).
     */
    @WithDefault("8M")
    MemorySize uploadPartSize();

    /** The largest archive an upload in parts may hold. */
    @WithDefault("4G")
    MemorySize uploadMaxSize();

    /** How long an upload in parts is kept after it was started, imported or not. */
    @WithDefault("PT24H")
    Duration uploadExpiry();
}
