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

    /**
     * Delete this prefix's indices at start-up before creating them again: for the test suite
     * only, so that every run starts from empty indices as it starts from an empty database.
     */
    @WithDefault("false")
    boolean resetAtStart();

    /** Seconds between attempts to set up the indices while Elasticsearch is unreachable at start-up. */
    @WithDefault("10")
    @Min(1)
    int bootstrapRetrySeconds();

    /** How often the relay looks for outbox entries left behind (it also runs after every commit). */
    @WithDefault("2s")
    java.time.Duration relayInterval();

    /** Outbox entries written to Elasticsearch per bulk request. */
    @WithDefault("500")
    @Min(1)
    @Max(10000)
    int relayBatchSize();

    /** Times a document refused by Elasticsearch is retried before it waits for a reindex. */
    @WithDefault("10")
    @Min(1)
    int relayMaxAttempts();

    /** Secret that signs search cursors; set it in production, the same on every replica. */
    @WithDefault("local-stack-cursor-key-change-me")
    String cursorKey();
}
