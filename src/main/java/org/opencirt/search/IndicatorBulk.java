package org.opencirt.search;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.elasticsearch.client.Request;
import org.elasticsearch.client.RequestOptions;
import org.elasticsearch.client.ResponseException;
import org.elasticsearch.client.RestClient;
import org.jboss.logging.Logger;

/**
 * Streamed {@code _bulk} writes of indicator documents, with retries of what Elasticsearch
 * answers busy (429, 503).
 *
 * <p>The body is built here as NDJSON and sent with the low-level client: the typed client hands
 * the HTTP layer one buffer per line, whose chunked writes cost a feed run more CPU than parsing
 * the feed. One generator streams every line into {@link ChunkedBody}'s chunks (no map per
 * document, no buffer large enough to be a humongous allocation); the answer is received into
 * chunks too, and read as a stream.
 */
final class IndicatorBulk {

    private static final Logger LOG = Logger.getLogger(IndicatorBulk.class);
    private static final int BUSY_RETRIES = 5;

    /** Bulk answers are received into chunks; an answer of 5,000 items is about a megabyte. */
    private static final RequestOptions BULK_OPTIONS = RequestOptions.DEFAULT.toBuilder()
            .setHttpAsyncResponseConsumerFactory(ChunkedBody.answers(256L << 20))
            .build();

    static final ObjectMapper DOCUMENTS = new ObjectMapper().disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
    private static final org.apache.http.entity.ContentType NDJSON =
            org.apache.http.entity.ContentType.create("application/x-ndjson");

    private final RestClient lowLevel;

    IndicatorBulk(RestClient lowLevel) {
        this.lowLevel = lowLevel;
    }

    /** One document to write: a create when {@code seqNo} is null, else an overwrite of the version read. */
    record Write(String id, IndicatorIndex.Statement statement, Long seqNo, Long primaryTerm) {
        static Write create(IndicatorIndex.Statement statement) {
            return new Write(statement.id(), statement, null, null);
        }
    }

    /** What Elasticsearch answered for one write of a bulk request: its status, and the error if it failed. */
    private record Item(int status, String error) {
        static final Item DONE = new Item(200, null);
    }

    static boolean isConflict(String error) {
        return error.startsWith("version_conflict_engine_exception");
    }

    private static boolean isBusy(int status) {
        return status == 429 || status == 503;
    }

    /**
     * Sends writes to the alias, retrying those answered 429 or 503 with backoff.
     *
     * @return per id, null or the error
     */
    Map<String, String> write(String alias, List<Write> writes) throws IOException {
        var outcome = new LinkedHashMap<String, String>();
        var todo = writes;
        for (int attempt = 0; !todo.isEmpty(); attempt++) {
            List<Item> items;
            try {
                items = bulk(alias, todo);
            } catch (ResponseException e) {
                var status = e.getResponse().getStatusLine().getStatusCode();
                if (!isBusy(status) || attempt >= BUSY_RETRIES) {
                    throw e;
                }
                LOG.debugf("Elasticsearch busy (%d), retrying a bulk of %d indicator(s)", status, todo.size());
                sleep(200L << attempt);
                continue;
            }
            var busy = new ArrayList<Write>();
            for (int i = 0; i < items.size(); i++) {
                var item = items.get(i);
                if (item.error() != null && isBusy(item.status()) && attempt < BUSY_RETRIES) {
                    busy.add(todo.get(i));
                } else {
                    outcome.put(todo.get(i).id(), item.error());
                }
            }
            if (!busy.isEmpty()) {
                LOG.debugf("Elasticsearch busy, retrying %d indicator(s)", busy.size());
                sleep(200L << attempt);
            }
            todo = busy;
        }
        return outcome;
    }

    /**
     * One {@code _bulk} request.
     *
     * @return what Elasticsearch answered for each write, in the order of the writes
     */
    private List<Item> bulk(String alias, List<Write> writes) throws IOException {
        var body = new ChunkedBody();
        var instants = new HashMap<Instant, String>();
        try (var out = DOCUMENTS.getFactory().createGenerator(body)) {
            out.setRootValueSeparator(null);
            for (var write : writes) {
                out.writeStartObject();
                out.writeObjectFieldStart(write.seqNo() == null ? "create" : "index");
                out.writeStringField("_index", alias);
                out.writeStringField("_id", write.id());
                if (write.seqNo() != null) {
                    out.writeNumberField("if_seq_no", write.seqNo());
                    out.writeNumberField("if_primary_term", write.primaryTerm());
                }
                out.writeEndObject();
                out.writeEndObject();
                out.writeRaw('\n');
                var statement = write.statement();
                if (statement.merged() != null) {
                    DOCUMENTS.writeValue(out, statement.merged());
                } else {
                    statement.streamed().write(out, instants);
                }
                out.writeRaw('\n');
            }
        }
        var request = new Request("POST", "/_bulk");
        request.addParameter("require_alias", "true");
        request.setEntity(body.entity(NDJSON));
        request.setOptions(BULK_OPTIONS);
        var response = lowLevel.performRequest(request);
        try (var content = response.getEntity().getContent()) {
            var items = items(content);
            if (items.size() != writes.size()) {
                throw new IOException(
                        "Elasticsearch answered %d of %d bulk items".formatted(items.size(), writes.size()));
            }
            return items;
        }
    }

    /**
     * Reads a bulk answer as a stream. When its {@code errors} is false (every write went
     * through, as for almost every batch of a feed), the items are counted and not read.
     * (Asking Elasticsearch for less with {@code filter_path} costs it more CPU than it saves here.)
     */
    private static List<Item> items(InputStream content) throws IOException {
        try (var in = DOCUMENTS.getFactory().createParser(content)) {
            if (in.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException("a bulk answer that is not a JSON object");
            }
            Boolean errors = null;
            List<Item> items = null;
            while (in.nextToken() == JsonToken.FIELD_NAME) {
                var field = in.currentName();
                in.nextToken();
                if ("errors".equals(field)) {
                    errors = in.getBooleanValue();
                } else if ("items".equals(field) && Boolean.FALSE.equals(errors)) {
                    int count = 0;
                    while (in.nextToken() == JsonToken.START_OBJECT) {
                        in.skipChildren();
                        count++;
                    }
                    items = Collections.nCopies(count, Item.DONE);
                } else if ("items".equals(field)) {
                    items = new ArrayList<>();
                    while (in.nextToken() == JsonToken.START_OBJECT) {
                        in.nextToken(); // the operation's name
                        in.nextToken(); // the start of its result
                        JsonNode result = DOCUMENTS.readTree(in);
                        in.nextToken(); // the end of the item
                        var error = result.get("error");
                        items.add(new Item(
                                result.path("status").asInt(),
                                error == null
                                        ? null
                                        : error.path("type").asText() + ": "
                                                + error.path("reason").asText()));
                    }
                } else {
                    in.skipChildren();
                }
            }
            if (items == null) {
                throw new IOException("a bulk answer without items");
            }
            return items;
        }
    }

    private static void sleep(long millis) throws IOException {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while Elasticsearch was busy", e);
        }
    }
}
