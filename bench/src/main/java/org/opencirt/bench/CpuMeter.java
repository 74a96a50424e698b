package org.opencirt.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * CPU seconds used by each process group on this machine (Linux {@code /proc}), to see where the
 * two cores go during a phase: the service, PostgreSQL, Elasticsearch, Keycloak and the benchmark
 * itself. Best effort: unreadable processes are skipped. PostgreSQL counts the postmaster with the
 * time of children it reaped, so backends that ended during the phase still count.
 */
final class CpuMeter {

    /** The service's own time split by thread kind (keys of {@link #serviceThreads()}). */
    static final String SERVICE_GC = "GC", SERVICE_JIT = "JIT compiler", SERVICE_APP = "everything else";

    static final String SERVICE = "service",
            POSTGRES = "postgres",
            ELASTICSEARCH = "elasticsearch",
            KEYCLOAK = "keycloak",
            BENCH = "bench",
            OTHER = "other";
    private static final double TICKS = 100.0; // USER_HZ on Linux x86_64

    private final long servicePid;
    private final long selfPid = ProcessHandle.current().pid();

    CpuMeter(long servicePid) {
        this.servicePid = servicePid;
    }

    /** CPU seconds per group so far. */
    Map<String, Double> sample() {
        var totals = new LinkedHashMap<String, Double>();
        for (var group : new String[] {SERVICE, POSTGRES, ELASTICSEARCH, KEYCLOAK, BENCH, OTHER}) {
            totals.put(group, 0.0);
        }
        try (var dirs = Files.list(Path.of("/proc"))) {
            dirs.forEach(dir -> {
                var name = dir.getFileName().toString();
                if (!name.chars().allMatch(Character::isDigit)) {
                    return;
                }
                try {
                    var pid = Long.parseLong(name);
                    var stat = Files.readString(dir.resolve("stat"));
                    var fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    // fields[0] is field 3 (state): utime is field 14, stime 15, cutime 16, cstime 17
                    double ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
                    var group = group(pid, dir);
                    if (group.equals(POSTGRES)) {
                        ticks += Long.parseLong(fields[13]) + Long.parseLong(fields[14]);
                    }
                    totals.merge(group, ticks / TICKS, Double::sum);
                } catch (IOException | RuntimeException e) {
                    // gone or unreadable
                }
            });
        } catch (IOException e) {
            // no /proc: nothing to report
        }
        return totals;
    }

    /**
     * CPU seconds of the service's live threads by kind: garbage collection, JIT compilation,
     * everything else (request handling, the outbox relay, connection pools...). Threads that
     * already ended are counted in "everything else" through the process total.
     */
    Map<String, Double> serviceThreads() {
        var split = new LinkedHashMap<String, Double>();
        split.put(SERVICE_APP, 0.0);
        split.put(SERVICE_GC, 0.0);
        split.put(SERVICE_JIT, 0.0);
        var pid = servicePid;
        if (pid <= 0) {
            return split;
        }
        double total = 0;
        try {
            var stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            var fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            total = (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / TICKS;
        } catch (IOException | RuntimeException e) {
            return split;
        }
        double gc = 0;
        double jit = 0;
        try (var tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
            for (var task : tasks.toList()) {
                try {
                    var stat = Files.readString(task.resolve("stat"));
                    var name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                    var fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    var seconds = (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / TICKS;
                    if (name.startsWith("C1 Compiler") || name.startsWith("C2 Compiler")) {
                        jit += seconds;
                    } else if (name.startsWith("GC ")
                            || name.startsWith("G1 ")
                            || name.contains("GC Thread")
                            || name.startsWith("ZWorker")
                            || name.startsWith("ZDirector")) {
                        gc += seconds;
                    }
                } catch (IOException | RuntimeException e) {
                    // thread ended
                }
            }
        } catch (IOException e) {
            return split;
        }
        split.put(SERVICE_APP, Math.max(0, total - gc - jit));
        split.put(SERVICE_GC, gc);
        split.put(SERVICE_JIT, jit);
        return split;
    }

    /**
     * CPU seconds of the service's live threads by name (as the kernel keeps it: at most 15
     * characters), trailing digits and separators dropped ({@code feed-run-0} and {@code feed-run-1}
     * are {@code feed-run}), so that a pool shows as one line. Virtual threads count as their
     * carriers ({@code ForkJoinPool}).
     */
    Map<String, Double> serviceThreadsByName() {
        var byName = new java.util.TreeMap<String, Double>();
        if (servicePid <= 0) {
            return byName;
        }
        try (var tasks = Files.list(Path.of("/proc/" + servicePid + "/task"))) {
            for (var task : tasks.toList()) {
                try {
                    var stat = Files.readString(task.resolve("stat"));
                    var name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'))
                            .replaceAll("[-#_ 0-9]+$", "");
                    var fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    byName.merge(name, (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / TICKS, Double::sum);
                } catch (IOException | RuntimeException e) {
                    // thread ended
                }
            }
        } catch (IOException e) {
            // gone
        }
        return byName;
    }

    /** Per group, what {@code after} used more than {@code before}. */
    static Map<String, Double> delta(Map<String, Double> before, Map<String, Double> after) {
        var delta = new LinkedHashMap<String, Double>();
        after.forEach((k, v) -> delta.put(k, Math.max(0, v - before.getOrDefault(k, 0.0))));
        return delta;
    }

    private String group(long pid, Path dir) throws IOException {
        if (pid == selfPid) {
            return BENCH;
        }
        if (pid == servicePid) {
            return SERVICE;
        }
        var cmdline = new String(Files.readAllBytes(dir.resolve("cmdline")), StandardCharsets.UTF_8).replace('\0', ' ');
        if (cmdline.startsWith("postgres:") || cmdline.contains("/bin/postgres ")) {
            // the postmaster's cutime already includes reaped backends; count live backends by themselves
            return POSTGRES;
        }
        if (cmdline.contains("org.elasticsearch")) {
            return ELASTICSEARCH;
        }
        if (cmdline.contains("keycloak")) {
            return KEYCLOAK;
        }
        if (servicePid <= 0 && cmdline.contains("quarkus-run.jar") && cmdline.contains("opencirt-bench")) {
            return SERVICE;
        }
        return OTHER;
    }
}
