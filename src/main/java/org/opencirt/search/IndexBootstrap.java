package org.opencirt.search;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.jboss.logging.Logger;

/**
 * Sets up the index templates, first indices and aliases at start-up, idempotently: templates
 * are overwritten with the current mappings, an index is created only when its alias is
 * missing. If Elasticsearch is down, start-up goes on and this retries in the background;
 * the {@code search-indices} readiness check says so meanwhile.
 *
 * <p>A projection whose alias points at an index of an older version (an upgrade that changed its
 * mappings) gets an empty index of this version instead, and {@link IndexReplaced} is fired: the
 * feeds fetch everything again on their next runs (indicators), the {@link Reindexer} fills it
 * again from PostgreSQL (incidents, advisories). A projection whose alias is missing (a new installation, a
 * restored backup, a lost Elasticsearch) fires the same event with no previous index.
 */
@ApplicationScoped
public class IndexBootstrap {

    private static final Logger LOG = Logger.getLogger(IndexBootstrap.class);

    private final ElasticsearchClient client;
    private final SearchConfig config;
    private final ObjectMapper json;
    private volatile boolean ready;
    private volatile String lastError = "not attempted yet";
    private volatile Thread retrier;
    private volatile List<String> outdatedMappings = List.of();

    private final Event<IndexReplaced> replaced;

    IndexBootstrap(ElasticsearchClient client, SearchConfig config, ObjectMapper json, Event<IndexReplaced> replaced) {
        this.client = client;
        this.config = config;
        this.json = json;
        this.replaced = replaced;
    }

    /** Fired when the index behind a projection was replaced by an empty one of this version. */
    public record IndexReplaced(Projection projection, Set<String> previous, String index) {}

    /** Runs before the other start-up observers (demo data), which may already write. */
    void onStart(@Observes @Priority(10) StartupEvent event) {
        if (config.resetAtStart()) {
            deleteIndices();
        }
        if (!tryBootstrap()) {
            retrier = Thread.ofVirtual().name("index-bootstrap").start(this::retryUntilReady);
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        var thread = retrier;
        if (thread != null) {
            thread.interrupt();
        }
    }

    /** True once every template, index and alias exists. */
    public boolean isReady() {
        return ready;
    }

    /** Aliases whose index has fields other than this version's mappings (a mapping change without a new version). */
    public List<String> outdatedMappings() {
        return outdatedMappings;
    }

    /** Why the indices are not ready, if they are not. */
    public String lastError() {
        return lastError;
    }

    /**
     * Creates or updates every template and creates any missing index and alias.
     *
     * @return true when all is in place
     */
    public synchronized boolean tryBootstrap() {
        try {
            var outdated = new ArrayList<String>();
            for (var projection : Projection.values()) {
                putTemplate(projection);
                ensureAlias(projection);
                if (!mappingIsCurrent(projection)) {
                    outdated.add(projection.alias(config));
                }
            }
            outdatedMappings = List.copyOf(outdated);
            if (!outdated.isEmpty()) {
                LOG.errorf(
                        "the indices behind %s were created with other mappings than this version's: documents may be refused. "
                                + "Raise the projection's version (Projection) for a new index, and reindex (bin/opencirt reindex) "
                                + "or re-run the feeds",
                        outdated);
            }
            ready = true;
            lastError = null;
            LOG.infof("search indices ready (prefix %s)", config.indexPrefix());
        } catch (IOException | ElasticsearchException | UncheckedIOException e) {
            lastError = String.valueOf(e.getMessage());
            LOG.warnf("search indices not ready yet: %s", lastError);
        }
        return ready;
    }

    private void retryUntilReady() {
        var pause = Duration.ofSeconds(config.bootstrapRetrySeconds());
        while (!ready) {
            try {
                Thread.sleep(pause);
            } catch (InterruptedException e) {
                return;
            }
            tryBootstrap();
        }
    }

    private void deleteIndices() {
        try {
            for (var projection : Projection.values()) {
                var existing = client.indices()
                        .get(r -> r.index(projection.indexPattern(config)))
                        .indices()
                        .keySet();
                for (var index : existing) {
                    client.indices().delete(r -> r.index(index));
                }
            }
            LOG.infof("deleted the indices of prefix %s (reset-at-start)", config.indexPrefix());
        } catch (IOException | ElasticsearchException e) {
            LOG.warnf("could not reset the indices of prefix %s: %s", config.indexPrefix(), e.getMessage());
        }
    }

    private void putTemplate(Projection projection) throws IOException {
        var body = json.createObjectNode();
        body.putArray("index_patterns").add(projection.indexPattern(config));
        body.put("priority", 200);
        var template = body.putObject("template");
        template.putObject("settings")
                .put("number_of_shards", config.numberOfShards())
                .put("number_of_replicas", config.numberOfReplicas());
        template.set("mappings", mappings(projection));
        client.indices()
                .putIndexTemplate(r -> r.name(projection.alias(config)).withJson(new StringReader(body.toString())));
    }

    private void ensureAlias(Projection projection) throws IOException {
        var alias = projection.alias(config);
        if (client.indices().existsAlias(r -> r.name(alias)).value()) {
            replaceOlderVersion(projection);
            return;
        }
        try {
            client.indices().create(r -> r.index(projection.index(config)).aliases(alias, a -> a.isWriteIndex(true)));
            LOG.infof("created index %s behind alias %s", projection.index(config), alias);
            // A lost index (a restored backup, a new Elasticsearch) is filled again like a replaced one; on a new
            // installation there is nothing to fill.
            replaced.fire(new IndexReplaced(projection, Set.of(), projection.index(config)));
        } catch (ElasticsearchException e) {
            // another replica of the service created it between our check and our create
            if (!"resource_already_exists_exception".equals(e.error().type())) {
                throw e;
            }
        }
    }

    /**
     * Moves the alias of a projection from an index of an older version to an empty one of this
     * version, in one alias update, then deletes the old index. Another replica doing the same at
     * once finds the new index already there, or the alias already moved. An index rebuilt by the
     * {@link Reindexer} ({@code <index>-<time>}) is of this version.
     */
    private void replaceOlderVersion(Projection projection) throws IOException {
        var alias = projection.alias(config);
        var index = projection.index(config);
        Set<String> previous =
                client.indices().getAlias(r -> r.name(alias)).aliases().keySet();
        if (previous.stream().anyMatch(name -> name.equals(index) || name.startsWith(index + "-"))) {
            return;
        }
        try {
            client.indices().create(r -> r.index(index));
        } catch (ElasticsearchException e) {
            if (!"resource_already_exists_exception".equals(e.error().type())) {
                throw e;
            }
        }
        try {
            client.indices().updateAliases(r -> {
                for (var old : previous) {
                    r.actions(a -> a.remove(x -> x.index(old).alias(alias)));
                }
                return r.actions(a -> a.add(x -> x.index(index).alias(alias).isWriteIndex(true)));
            });
        } catch (ElasticsearchException e) {
            if (!client.indices().getAlias(r -> r.name(alias)).aliases().containsKey(index)) {
                throw e;
            }
            return; // another replica moved it
        }
        for (var old : previous) {
            client.indices().delete(r -> r.index(old));
        }
        LOG.warnf(
                "replaced %s behind alias %s by an empty %s (new mappings): %s",
                previous,
                alias,
                index,
                projection.refilledBySources()
                        ? "the feeds refill it on their next runs"
                        : "it is filled again from PostgreSQL");
        replaced.fire(new IndexReplaced(projection, Set.copyOf(previous), index));
    }

    /** True when the alias's index has exactly the fields of the current mappings. */
    private boolean mappingIsCurrent(Projection projection) throws IOException {
        var expected = new TreeSet<String>();
        mappings(projection).path("properties").fieldNames().forEachRemaining(expected::add);
        var live = client.indices()
                .getMapping(r -> r.index(projection.alias(config)))
                .mappings();
        return live.values().stream()
                .allMatch(index -> new TreeSet<>(index.mappings().properties().keySet()).equals(expected));
    }

    private ObjectNode mappings(Projection projection) {
        try (var in = IndexBootstrap.class.getClassLoader().getResourceAsStream(projection.mappingResource())) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + projection.mappingResource());
            }
            return (ObjectNode) json.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
