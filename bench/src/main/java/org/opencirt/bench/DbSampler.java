package org.opencirt.bench;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A sampling profiler of the database side: every {@code interval} ms it reads
 * {@code pg_stat_activity} for the benchmark database (other than its own connection) and counts
 * what each backend was doing: running a statement (which one), waiting for a lock (on what),
 * idle in a transaction, or idle. Also the largest outbox backlog seen.
 */
final class DbSampler implements AutoCloseable {

    private static final String ACTIVITY = """
            select state, coalesce(wait_event_type, ''), coalesce(wait_event, ''),
                   regexp_replace(left(query, 200), '\\s+', ' ', 'g')
            from pg_stat_activity
            where datname = current_database() and pid <> pg_backend_pid() and backend_type = 'client backend'""";

    private final Connection connection;
    private final long intervalMillis;
    private final boolean outbox;
    private final Map<String, Long> counts = new HashMap<>();
    private final AtomicLong maxOutbox = new AtomicLong();
    private final Thread thread;
    private volatile boolean running = true;
    private long samples;

    DbSampler(Connection connection, long intervalMillis, boolean outbox) {
        this.connection = connection;
        this.intervalMillis = intervalMillis;
        this.outbox = outbox;
        this.thread = Thread.ofPlatform().daemon().name("db-sampler").start(this::loop);
    }

    private void loop() {
        try (var activity = connection.prepareStatement(ACTIVITY);
                var backlog = connection.prepareStatement("select count(*) from outbox")) {
            while (running) {
                var seen = new ArrayList<String>();
                try (var rs = activity.executeQuery()) {
                    while (rs.next()) {
                        seen.add(describe(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)));
                    }
                }
                if (outbox) {
                    try (var rs = backlog.executeQuery()) {
                        rs.next();
                        maxOutbox.accumulateAndGet(rs.getLong(1), Math::max);
                    }
                }
                synchronized (counts) {
                    samples++;
                    seen.forEach(s -> counts.merge(s, 1L, Long::sum));
                }
                Thread.sleep(intervalMillis);
            }
        } catch (SQLException e) {
            System.err.println("db sampler stopped: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String describe(String state, String waitType, String wait, String query) {
        var statement = shorten(query);
        if ("active".equals(state)) {
            return waitType.equals("Lock")
                    ? "waiting for lock (" + wait + "): " + statement
                    : waitType.isEmpty() || waitType.equals("CPU")
                            ? "running: " + statement
                            : "running, " + waitType + "/" + wait + ": " + statement;
        }
        if (state != null && state.startsWith("idle in transaction")) {
            return "idle in transaction (" + (waitType.isEmpty() ? "-" : wait) + "), last: " + statement;
        }
        return "idle";
    }

    /** The statement's verb and table, enough to tell them apart. */
    private static String shorten(String query) {
        var q = query.strip();
        var lower = q.toLowerCase();
        for (var table : List.of(
                "incident_sequence",
                "incident",
                "observable",
                "timeline_entry",
                "outbox",
                "idempotency_key",
                "tenant")) {
            if (lower.matches("(?s).*\\b(into|update|from)\\s+" + table + "\\b.*")) {
                var verb = lower.startsWith("insert")
                        ? "insert"
                        : lower.startsWith("update")
                                ? "update"
                                : lower.startsWith("delete")
                                        ? "delete"
                                        : lower.startsWith("select") ? "select" : lower.split(" ")[0];
                if (lower.contains("for update skip locked")) {
                    verb += " ... for update skip locked";
                }
                return verb + " " + table;
            }
        }
        return q.length() > 60 ? q.substring(0, 60) + "..." : q;
    }

    @Override
    public void close() {
        running = false;
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    long maxOutbox() {
        return maxOutbox.get();
    }

    /** Lines "share of samples, average backends, what", most frequent first. */
    List<String> top(int n) {
        synchronized (counts) {
            var lines = new ArrayList<String>();
            var total = counts.values().stream().mapToLong(Long::longValue).sum();
            counts.entrySet().stream()
                    .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                    .limit(n)
                    .forEach(e -> lines.add("%5.1f%%  %5.2f backends  %s"
                            .formatted(
                                    100.0 * e.getValue() / Math.max(1, total),
                                    (double) e.getValue() / Math.max(1, samples),
                                    e.getKey())));
            return lines;
        }
    }

    long samples() {
        synchronized (counts) {
            return samples;
        }
    }
}
