package org.opencirt.search;

/**
 * The kinds of document OpenCIRT keeps in Elasticsearch. Each lives in versioned indices
 * ({@code <prefix>-incidents-v1}) behind an alias ({@code <prefix>-incidents}); a mapping change
 * raises the version, and a reindex fills the new index and swaps the alias.
 */
public enum Projection {
    INCIDENTS("incidents", 1),
    INDICATORS("indicators", 1),
    ADVISORIES("advisories", 1);

    private final String name;
    private final int version;

    Projection(String name, int version) {
        this.name = name;
        this.version = version;
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
