package org.opencirt.search;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;

/** Elasticsearch indices of OpenCIRT. */
@ConfigMapping(prefix = "opencirt.search")
public interface SearchConfig {

    /** Prefix of every index, alias and template name: aliases are {@code <prefix>-incidents} etc. */
    @WithDefault("opencirt")
    @Pattern(regexp = "^[a-z][a-z0-9-]{0,40}$")
    String indexPrefix();

    /** Primary shards of each new index. */
    @WithDefault("1")
    @Min(1)
    @Max(64)
    int numberOfShards();

    /** Replicas of each new index: 0 on a single node (otherwise the cluster stays yellow). */
    @WithDefault("1")
    @Min(0)
    @Max(8)
    int numberOfReplicas();

    /** Seconds between attempts to set up the indices while Elasticsearch is unreachable at start-up. */
    @WithDefault("10")
    @Min(1)
    int bootstrapRetrySeconds();
}
