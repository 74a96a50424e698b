package org.opencirt.portability;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** The settings of a CIRT's archive, its import and its offboarding (docs/portability.md). */
@ConfigMapping(prefix = "opencirt.archive")
public interface PortabilityConfig {

    /** The longest the import's one transaction, or the offboarding's, may run before it is rolled back. */
    @WithDefault("PT1H")
    Duration importTimeout();
}
