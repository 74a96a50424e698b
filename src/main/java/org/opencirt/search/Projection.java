package org.opencirt.search;

/**
 * The kinds of document OpenCIRT keeps in Elasticsearch. Each lives in versioned indices
 * ({@code <prefix>-incidents-v1}) behind an alias ({@code <prefix>-incidents}); a mapping change
 * raises the version: at start-up the index of an older version is replaced by an empty one of
 * the new version ({@link IndexBootstrap}), which the {@link Reindexer} fills again from PostgreSQL,
 * or, for indicators, derived from the feeds, the feeds' next runs.
 */
public enum Projection {
    INCIDENTS("incidents", 1, false),
    /**
     * Version 2: one entry per source, each with its own TLP and visibility (ADR 10). Version 3: {@code added_at},
     * the server's time a document or a source was first stored (TAXII's {@code date_added}, ADR 25).
     */
    INDICATORS("indicators", 3, true),
    /** Version 2: the fields the advisory search matches and sorts on (ADR 19); version 1 was never written. */
    ADVISORIES("advisories", 2, false),
    /**
     * The incidents other CIRTs of the platform shared with a CIRT, one document per incident and recipient, holding
     * only the parts the grants share (ADR 27): the incident search reads this alias beside {@link #INCIDENTS}.
     */
    SHARED_INCIDENTS("shared-incidents", 1, false);

    private final String name;
    private final int version;
    private final boolean refilledBySources;

    Projection(String name, int version, boolean refilledBySources) {
        this.name = name;
        this.version = version;
        this.refilledBySources = refilledBySources;
    }

    /** True when the documents come from outside (the feeds), not from PostgreSQL: a new version starts empty. */
    boolean refilledBySources() {
        return refilledBySources;
    }

    public String alias(SearchConfig config) {
        return config.indexPrefix() + "-" + name;
    }

    public String index(SearchConfig config) {
        return alias(config) + "-v" + version;
    }

    public String indexPattern(SearchConfig config) {
        return alias(config) + "-v*";
    }

    /** The classpath resource holding the mappings of this projection. */
    String mappingResource() {
        return "search/" + name + "-mappings.json";
    }
}
