package org.opencirt.secret;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

/** The CIRTs' secrets ({@code opencirt.secrets.*}). */
@ConfigMapping(prefix = "opencirt.secrets")
public interface SecretConfig {

    /** Largest secret value, in bytes (UTF-8). */
    @WithDefault("8192")
    @Min(1)
    @Max(65536)
    int maxValueBytes();

    /** Secrets one CIRT may store. */
    @WithDefault("100")
    @Min(1)
    int maxPerCirt();
}
