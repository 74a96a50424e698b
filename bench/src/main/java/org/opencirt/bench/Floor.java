package org.opencirt.bench;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The floor: the rows the service writes for a new incident, inserted with plain JDBC batches,
 * and its search document, sent with _bulk. What it writes per incident, like the service:
 * <ul>
 *   <li>one {@code incident} row (every column the service sets, version 1 as the service
 *       leaves it after its insert and its update in the same transaction);</li>
 *   <li>its 10 {@code observable} rows;</li>
 *   <li>one {@code timeline_entry} row ("created", after = "api");</li>
 *   <li>its share of the {@code incident_sequence} update: the floor takes the whole block of
 *       references with ONE upsert ({@code last = last + n}) instead of one per incident;</li>
 * </ul>
 * and not the {@code outbox} row: the floor writes the document to Elasticsearch itself, which
 * is what the outbox exists for. Documents carry the same fields as IncidentDocuments builds and
 * SearchIndexer sends (external version 1), into the same alias.
 */
final class Floor {

    /** A batch of incidents with the ids and references they were given. */
    record Written(Dataset.Incident incident, UUID id, String reference, Instant created) {}

    /** What one floor run took. */
    record Timing(long incidents, double jdbcSeconds, double bulkSeconds, double wallSeconds) {}

    private static final String INSERT_INCIDENT = """
            insert into incident (id, tenant, reference, title, description, reporter_name, reporter_email, reporter_org,
                reporter_client, channel, category, type, severity, priority, tlp, pap, tags, sector, state, assignee,
                occurred_at, detected_at, reported_at, due_at, status_token_hash, created_by, created_at, updated_at, version)
            values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""";
    private static final String INSERT_OBSERVABLE = """
            insert into observable (id, incident_id, tenant, type, value, origin, created_at) values (?, ?, ?, ?, ?, ?, ?)""";
    private static final String INSERT_TIMELINE = """
            insert into timeline_entry (incident_id, tenant, at, actor, action, field, before, after)
            values (?, ?, ?, ?, ?, ?, ?::jsonb, ?::jsonb)""";
    private static final String RESERVE_REFERENCES = """
            insert into incident_sequence (tenant, year, last) values (?, ?, ?)
            on conflict (tenant, year) do update set last = incident_sequence.last + excluded.last
            returning last""";

    private final String jdbcUrl;
    private final String user;
    private final String password;
    private final String esUrl;
    private final String alias;
    private final String tenant;
    private final String actor;
    private final Http http;
    private final ObjectMapper json = new ObjectMapper();

    Floor(
            String jdbcUrl,
            String user,
            String password,
            String esUrl,
            String alias,
            String tenant,
            String actor,
            Http http) {
        // Batched inserts rewritten into multi-row inserts: the fastest plain-JDBC path.
        this.jdbcUrl = jdbcUrl + (jdbcUrl.contains("?") ? "&" : "?") + "reWriteBatchedInserts=true";
        this.user = user;
        this.password = password;
        this.esUrl = esUrl;
        this.alias = alias;
        this.tenant = tenant;
        this.actor = actor;
        this.http = http;
    }

    Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl, user, password);
    }

    /**
     * Reserves one reference per incident with one upsert and gives each incident its id, reference
     * and time stamps (now for API-like incidents, their own for FILL ones).
     */
    List<Written> reserve(List<Dataset.Incident> incidents) throws SQLException {
        var count = incidents.size();
        var year = OffsetDateTime.now(ZoneOffset.UTC).getYear();
        int last;
        try (var c = connect();
                var s = c.prepareStatement(RESERVE_REFERENCES)) {
            s.setString(1, tenant);
            s.setInt(2, year);
            s.setInt(3, count);
            try (var rs = s.executeQuery()) {
                rs.next();
                last = rs.getInt(1);
            }
        }
        var first = last - count + 1;
        var now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        var written = new ArrayList<Written>(count);
        for (int k = 0; k < count; k++) {
            var incident = incidents.get(k);
            var created = incident.createdAt() != null ? incident.createdAt().truncatedTo(ChronoUnit.MICROS) : now;
            written.add(new Written(
                    incident,
                    UUID.randomUUID(),
                    "%s-%d-%06d".formatted(tenant.toUpperCase(), year, first + k),
                    created));
        }
        return written;
    }

    /** Inserts the rows with {@code workers} connections, {@code batch} incidents per transaction. @return seconds */
    double insertRows(List<Written> all, int workers, int batch) throws Exception {
        var next = new AtomicInteger();
        var start = System.nanoTime();
        runAll(workers, w -> {
            try (var c = connect()) {
                c.setAutoCommit(false);
                try (var incidents = c.prepareStatement(INSERT_INCIDENT);
                        var observables = c.prepareStatement(INSERT_OBSERVABLE);
                        var timeline = c.prepareStatement(INSERT_TIMELINE)) {
                    int from;
                    while ((from = next.getAndAdd(batch)) < all.size()) {
                        for (var row : all.subList(from, Math.min(all.size(), from + batch))) {
                            addIncident(c, incidents, row);
                            for (var o : row.incident().observables()) {
                                observables.setObject(1, UUID.randomUUID());
                                observables.setObject(2, row.id());
                                observables.setString(3, tenant);
                                observables.setString(4, o.type().toUpperCase());
                                observables.setString(5, o.value());
                                observables.setString(6, "MANUAL");
                                observables.setObject(7, odt(row.created()));
                                observables.addBatch();
                            }
                            timeline.setObject(1, row.id());
                            timeline.setString(2, tenant);
                            timeline.setObject(3, odt(row.created()));
                            timeline.setString(4, actor);
                            timeline.setString(5, "created");
                            timeline.setString(6, null);
                            timeline.setString(7, null);
                            timeline.setString(8, "\"api\"");
                            timeline.addBatch();
                        }
                        incidents.executeBatch();
                        observables.executeBatch();
                        timeline.executeBatch();
                        c.commit();
                    }
                }
            }
            return null;
        });
        return (System.nanoTime() - start) / 1e9;
    }

    private void addIncident(Connection c, java.sql.PreparedStatement s, Written row) throws SQLException {
        var i = row.incident();
        var updated = i.updatedAt() != null ? i.updatedAt().truncatedTo(ChronoUnit.MICROS) : row.created();
        int p = 1;
        s.setObject(p++, row.id());
        s.setString(p++, tenant);
        s.setString(p++, row.reference());
        s.setString(p++, i.title());
        s.setString(p++, i.description());
        s.setString(p++, i.reporterName());
        s.setString(p++, i.reporterEmail());
        s.setString(p++, i.reporterOrg());
        s.setString(p++, null);
        s.setString(p++, "API");
        s.setString(p++, i.category());
        s.setString(p++, i.type());
        s.setString(p++, i.severity().toUpperCase());
        s.setString(p++, i.priority());
        s.setString(p++, i.tlp().replace('+', '_'));
        s.setString(p++, i.pap());
        s.setArray(p++, c.createArrayOf("text", i.tags().toArray()));
        s.setString(p++, i.sector());
        s.setString(p++, i.state().replace('-', '_').toUpperCase());
        s.setString(p++, i.assignee());
        s.setObject(p++, odt(i.occurredAt()));
        s.setObject(p++, odt(i.detectedAt()));
        s.setObject(p++, odt(row.created()));
        s.setObject(p++, null, java.sql.Types.TIMESTAMP_WITH_TIMEZONE);
        s.setString(p++, null);
        s.setString(p++, actor);
        s.setObject(p++, odt(row.created()));
        s.setObject(p++, odt(updated));
        s.setLong(p, 1L);
        s.addBatch();
    }

    /** Sends the documents with _bulk, {@code batch} per request from {@code streams} threads. @return seconds */
    double bulk(List<Written> all, int streams, int batch) throws Exception {
        var next = new AtomicInteger();
        var start = System.nanoTime();
        runAll(streams, w -> {
            int from;
            while ((from = next.getAndAdd(batch)) < all.size()) {
                var body = ndjson(all.subList(from, Math.min(all.size(), from + batch)));
                var answer = http.send(HttpRequest.newBuilder(URI.create(esUrl + "/_bulk"))
                        .timeout(Http.TIMEOUT.multipliedBy(4))
                        .header("Content-Type", "application/x-ndjson")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                        .build());
                if (answer.status() != 200) {
                    throw new IOException("_bulk answered " + answer.status() + ": " + abbreviate(answer.text()));
                }
                var result = http.read(answer);
                if (result.path("errors").asBoolean()) {
                    for (var item : result.path("items")) {
                        var error = item.path("index").path("error");
                        if (!error.isMissingNode()) {
                            throw new IOException("_bulk refused a document: " + error);
                        }
                    }
                }
            }
            return null;
        });
        return (System.nanoTime() - start) / 1e9;
    }

    private byte[] ndjson(List<Written> rows) throws IOException {
        var out = new ByteArrayOutputStream(rows.size() * 2048);
        for (var row : rows) {
            try (var g = json.getFactory().createGenerator(out, JsonEncoding.UTF8)) {
                g.disable(com.fasterxml.jackson.core.JsonGenerator.Feature.AUTO_CLOSE_TARGET);
                g.writeStartObject();
                g.writeObjectFieldStart("index");
                g.writeStringField("_index", alias);
                g.writeStringField("_id", row.id().toString());
                g.writeNumberField("version", 1);
                g.writeStringField("version_type", "external");
                g.writeEndObject();
                g.writeEndObject();
            }
            out.write('\n');
            var i = row.incident();
            var updated = i.updatedAt() != null ? i.updatedAt().truncatedTo(ChronoUnit.MICROS) : row.created();
            Map<String, Object> doc =
                    Dataset.document(i, row.id(), tenant, row.reference(), "api", actor, row.created(), updated);
            json.writeValue(new NonClosing(out), doc);
            out.write('\n');
        }
        return out.toByteArray();
    }

    /**
     * The same work as one API creation, as fast as plain JDBC and _bulk do it: references
     * reserved, then rows and documents written concurrently. @return the timing
     */
    Timing concurrently(List<Dataset.Incident> incidents, int workers, int jdbcBatch, int streams, int bulkBatch)
            throws Exception {
        var count = incidents.size();
        var start = System.nanoTime();
        var rows = reserve(incidents);
        var pool = Executors.newFixedThreadPool(2);
        try {
            Future<Double> jdbc = pool.submit(() -> insertRows(rows, workers, jdbcBatch));
            Future<Double> es = pool.submit(() -> bulk(rows, streams, bulkBatch));
            var jdbcSeconds = get(jdbc);
            var bulkSeconds = get(es);
            return new Timing(count, jdbcSeconds, bulkSeconds, (System.nanoTime() - start) / 1e9);
        } finally {
            pool.shutdownNow();
        }
    }

    /** Rows first, then documents, each alone (to see what each costs by itself). */
    Timing sequentially(List<Dataset.Incident> incidents, int workers, int jdbcBatch, int streams, int bulkBatch)
            throws Exception {
        var count = incidents.size();
        var start = System.nanoTime();
        var rows = reserve(incidents);
        var jdbcSeconds = insertRows(rows, workers, jdbcBatch);
        var bulkSeconds = bulk(rows, streams, bulkBatch);
        return new Timing(count, jdbcSeconds, bulkSeconds, (System.nanoTime() - start) / 1e9);
    }

    // ------------------------------------------------------------------ helpers

    interface Work {
        Void run(int worker) throws Exception;
    }

    /** Runs {@code n} workers and rethrows the first failure. */
    static void runAll(int n, Work work) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            var futures = new ArrayList<Future<Void>>();
            for (int w = 0; w < n; w++) {
                var worker = w;
                futures.add(pool.submit((Callable<Void>) () -> work.run(worker)));
            }
            for (var f : futures) {
                get(f);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    static <T> T get(Future<T> future) throws Exception {
        try {
            return future.get();
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof Exception cause) {
                throw cause;
            }
            throw e;
        }
    }

    private static OffsetDateTime odt(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    private static String abbreviate(String text) {
        return text.length() <= 500 ? text : text.substring(0, 500) + "...";
    }

    /** Lets Jackson write a value into a stream it must not close. */
    private static final class NonClosing extends java.io.FilterOutputStream {
        NonClosing(java.io.OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() {}
    }
}
