package org.opencirt.search;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.VersionType;
import co.elastic.clients.elasticsearch.core.bulk.BulkOperation;
import co.elastic.clients.elasticsearch.core.bulk.OperationType;
import io.opentelemetry.instrumentation.annotations.WithSpan;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/** Writes documents to Elasticsearch in bulk, with the record's version as external version. */
@ApplicationScoped
public class SearchIndexer {

    private final ElasticsearchClient client;
    private final SearchConfig config;

    SearchIndexer(ElasticsearchClient client, SearchConfig config) {
        this.client = client;
        this.config = config;
    }

    /**
     * Indexes the documents and deletes the removed ids, into the given index (the projection's
     * alias when null).
     *
     * @return per id, null when done (or a newer version was already there), else why it was refused
     * @throws IOException when Elasticsearch cannot be reached: nothing may be assumed written
     */
    @WithSpan("elasticsearch.bulk-write")
    public Map<UUID, String> write(
            Projection projection, String index, Collection<SearchDocument> documents, Collection<UUID> removed)
            throws IOException {
        var target = index != null ? index : projection.alias(config);
        // writing through the alias must never auto-create a concrete index of the alias's name
        var requireAlias = index == null;
        var operations = new ArrayList<BulkOperation>();
        for (var doc : documents) {
            var body = new LinkedHashMap<String, Object>(doc.body());
            body.put("id", doc.id().toString());
            body.put("tenant", doc.tenant());
            body.put("visible_to", doc.visibleTo());
            operations.add(BulkOperation.of(op -> op.index(i -> i.index(target)
                    .id(doc.id().toString())
                    .version(doc.version())
                    .versionType(VersionType.External)
                    .document(body))));
        }
        for (var id : removed) {
            operations.add(BulkOperation.of(op -> op.delete(d -> d.index(target).id(id.toString()))));
        }
        var outcome = new HashMap<UUID, String>();
        if (operations.isEmpty()) {
            return outcome;
        }
        var response = client.bulk(b -> b.operations(operations).requireAlias(requireAlias));
        for (var item : response.items()) {
            var id = UUID.fromString(item.id());
            var error = item.error();
            var alreadyNewer = error != null && "version_conflict_engine_exception".equals(error.type());
            var missing = item.operationType() == OperationType.Delete && item.status() == 404;
            outcome.put(id, error == null || alreadyNewer || missing ? null : error.type() + ": " + error.reason());
        }
        return outcome;
    }
}
