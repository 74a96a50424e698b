package org.opencirt.search;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import org.jboss.logging.Logger;
import org.opencirt.common.problem.ApiException;
import org.opencirt.common.problem.ProblemType;
import org.opencirt.search.IndexBootstrap.IndexReplaced;

/**
 * Rebuilds a projection from PostgreSQL into a new index and swaps the alias to it atomically.
 * The minimal Elasticsearch has no {@code _reindex}, and PostgreSQL is the record anyway: the
 * documents are built again from the rows. Writes keep flowing to the old index through the
 * alias meanwhile; a second pass after the swap writes every record again (external versions
 * make it a no-op for those already current), so no change made during the rebuild is lost.
 */
@ApplicationScoped
public class Reindexer {

    private static final Logger LOG = Logger.getLogger(Reindexer.class);
    private static final int PAGE = 1000;
    private static final DateTimeFormatter SUFFIX = DateTimeFormatter.ofPattern("yyyyMMddHHmmss");

    private final ElasticsearchClient client;
    private final SearchConfig config;
    private final SearchIndexer indexer;
    private final OutboxRelay relay;
    private final Clock clock;

    Reindexer(ElasticsearchClient client, SearchConfig config, SearchIndexer indexer, OutboxRelay relay, Clock clock) {
        this.client = client;
        this.config = config;
        this.indexer = indexer;
        this.relay = relay;
        this.clock = clock;
    }

    /** What a rebuild did. */
    public record Report(
            String projection, String alias, List<String> previousIndices, String newIndex, long documents) {}

    /** Rebuilds one projection. @throws ApiException 503 when Elasticsearch fails midway (the alias is then unchanged) */
    public synchronized Report reindex(Projection projection) {
        var source = relay.sourceOf(projection);
        if (source == null) {
            throw new ApiException(ProblemType.NOT_FOUND, "Nothing feeds the %s projection yet".formatted(projection));
        }
        var alias = projection.alias(config);
        var index = projection.index(config) + "-" + LocalDateTime.now(clock).format(SUFFIX);
        try {
            Set<String> previous = client.indices()
                            .existsAlias(r -> r.name(alias))
                            .value()
                    ? client.indices().getAlias(r -> r.name(alias)).aliases().keySet()
                    : Set.of();
            client.indices().create(r -> r.index(index));
            var documents = copy(source, projection, index);
            client.indices().refresh(r -> r.index(index));
            client.indices().updateAliases(r -> {
                for (var old : previous) {
                    r.actions(a -> a.remove(x -> x.index(old).alias(alias)));
                }
                return r.actions(a -> a.add(x -> x.index(index).alias(alias).isWriteIndex(true)));
            });
            copy(source, projection, index);
            for (var old : previous) {
                client.indices().delete(r -> r.index(old));
            }
            LOG.infof("reindexed %s: %d documents into %s (was %s)", projection, documents, index, previous);
            return new Report(
                    projection.name().toLowerCase(Locale.ROOT), alias, List.copyOf(previous), index, documents);
        } catch (IOException | ElasticsearchException e) {
            throw new ApiException(
                    ProblemType.UNAVAILABLE,
                    "Reindexing %s failed: %s; the alias %s is unchanged".formatted(projection, e.getMessage(), alias),
                    List.of(),
                    e);
        }
    }

    /**
     * An upgrade replaced the index of a projection rebuilt from PostgreSQL by an empty one of a new
     * version: fill it again, in the background so that start-up goes on. Writes meanwhile go to the
     * new index through the alias; external versions keep the newer of both.
     */
    void onReplaced(@Observes IndexReplaced event) {
        if (event.projection().refilledBySources()) {
            return;
        }
        Thread.ofVirtual()
                .name("refill-" + event.projection().alias(config))
                .start(() -> refill(event.projection(), event.index()));
    }

    private synchronized void refill(Projection projection, String index) {
        var source = relay.sourceOf(projection);
        if (source == null) {
            return;
        }
        try {
            var documents = copy(source, projection, index);
            LOG.infof("filled the new index %s of %s from PostgreSQL: %d documents", index, projection, documents);
        } catch (IOException | RuntimeException e) {
            LOG.errorf(
                    e,
                    "filling the new index %s of %s failed: rebuild it with bin/opencirt reindex %s",
                    index,
                    projection,
                    projection.name().toLowerCase(Locale.ROOT));
        }
    }

    private long copy(DocumentSource source, Projection projection, String index) throws IOException {
        long count = 0;
        UUID after = null;
        while (true) {
            var from = after;
            var ids = QuarkusTransaction.requiringNew().call(() -> source.idsAfter(from, PAGE));
            if (ids.isEmpty()) {
                return count;
            }
            var documents = QuarkusTransaction.requiringNew().call(() -> source.load(ids));
            var refused = indexer.write(projection, index, documents.values(), List.of()).values().stream()
                    .filter(java.util.Objects::nonNull)
                    .toList();
            if (!refused.isEmpty()) {
                throw new IOException(
                        "%d document(s) refused, first: %s".formatted(refused.size(), refused.getFirst()));
            }
            count += documents.size();
            after = ids.getLast();
        }
    }
}
