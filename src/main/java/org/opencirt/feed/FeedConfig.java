package org.opencirt.feed;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Threat feeds: where definitions live, fetch limits, ingestion batches. */
@ConfigMapping(prefix = "opencirt.feeds")
public interface FeedConfig {

    /** The folder of the platform's feed definitions ({@code *.yaml}). */
    @WithDefault("threat-feeds")
    String definitionsDir();

    /** More folders of definitions, e.g. the sample feeds of the demo ({@code threat-feeds/demo}). */
    Optional<List<String>> extraDirs();

    /** {@code file:} feed URLs may only point below this folder. */
    @WithDefault("threat-feeds/samples")
    String fileRoot();

    /**
     * {@code host:port} or {@code host:low-high} entries that may be fetched although they resolve to
     * private or loopback addresses; a whole host cannot be allowed (checked at start-up).
     */
    Optional<List<String>> allowedPrivateHosts();

    /** Largest feed on the wire, in bytes (a feed may set a lower one). */
    @WithDefault("104857600")
    @Min(1)
    long maxBytes();

    /** Largest feed after decompression, in bytes. */
    @WithDefault("1073741824")
    @Min(1)
    long maxDecompressedBytes();

    /** Longest a fetch may take, body included. */
    @WithDefault("PT5M")
    Duration timeout();

    /** Connect timeout of a fetch. */
    @WithDefault("PT10S")
    Duration connectTimeout();

    /** Indicators written to Elasticsearch per bulk request (5,000 of ~500 bytes is where `_bulk` peaks here). */
    @WithDefault("5000")
    @Min(1)
    @Max(20000)
    int batchSize();

    /**
     * Batches of one run in flight at once. Elasticsearch writes a bulk request to a shard on one
     * of its write threads (one per core): two keep a two-core node busy; three cost it 10 % more
     * CPU per indicator here (measured with {@code bin/opencirt bench feeds}). Raise it for a
     * larger cluster.
     */
    @WithDefault("2")
    @Min(1)
    @Max(16)
    int bulkWriters();

    /**
     * CSAF documents a {@code csaf-provider} feed reads in one run, oldest first; the next run goes on
     * from where it stopped (a vendor with years of advisories takes several runs the first time).
     */
    @WithDefault("1000")
    @Min(1)
    int csafMaxDocuments();

    /** The folder of the Shadowserver report mappings ({@code *.yaml}: report type to classification and fields). */
    @WithDefault("threat-feeds/shadowserver")
    String shadowserverDir();

    /**
     * Reports a {@code shadowserver} feed downloads from the Reports API in one run; the next run goes on
     * from the last day it read.
     */
    @WithDefault("200")
    @Min(1)
    int shadowserverMaxReports();

    /** Invalid entries kept as samples in a run's report. */
    @WithDefault("20")
    @Min(0)
    int invalidSamples();

    /** How long indicators live when their feed sets no ttl. */
    @WithDefault("P30D")
    Duration defaultTtl();

    /** Confidence of indicators when their feed and the source say nothing. */
    @WithDefault("50")
    @Min(0)
    @Max(100)
    int defaultConfidence();

    /** Runs the enabled feeds once at start-up (the demo does, to show indicators at once). */
    @WithDefault("false")
    boolean runOnStart();

    /**
     * Schedules every enabled feed with Quartz at start-up (off in tests, which run feeds
     * explicitly). A feed a CIRT adds or changes through the API is scheduled when it is saved.
     */
    @WithDefault("true")
    boolean schedule();

    /**
     * How long a feed run holds its feed without a sign of life. The replica running it renews the
     * lease every third of this; a run not renewed for this long (its replica was killed) is marked
     * {@code abandoned} by any replica, and the feed can run again.
     */
    @WithDefault("PT1M")
    Duration lease();

    /** Fair use: what one CIRT's own feeds may take of the platform. Platform feeds have no quota. */
    Quota quota();

    /** Per-CIRT limits on feeds added through the API. */
    interface Quota {

        /** Feeds a CIRT may have. */
        @WithDefault("20")
        @Min(0)
        int maxFeeds();

        /** Shortest time between two scheduled runs of a CIRT's feed. */
        @WithDefault("PT5M")
        Duration minInterval();

        /** Bytes a CIRT's feeds may fetch per day (UTC); a run fetches at most what is left. */
        @WithDefault("1073741824")
        @Min(0)
        long bytesPerDay();

        /**
         * Runs of one CIRT's feeds at once, across replicas. A scheduled run over it is skipped
         * (and recorded), so one CIRT never holds all of the scheduler's threads.
         */
        @WithDefault("1")
        @Min(1)
        int concurrentRuns();
    }
}
