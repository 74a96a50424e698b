package org.opencirt.playbook.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.jboss.logging.Logger;
import org.opencirt.common.yaml.DefinitionProblem;
import org.opencirt.common.yaml.DefinitionReader;
import org.opencirt.playbook.PlaybookConfig;
import org.opencirt.playbook.definition.CompiledPlaybook;
import org.opencirt.playbook.definition.PlaybookReader;
import org.opencirt.playbook.definition.Trigger;
import org.opencirt.playbook.repository.PlaybookEntity;
import org.opencirt.playbook.repository.PlaybookRepositories;
import org.opencirt.secret.SecretReferences;

/**
 * The playbooks that exist: the shipped ones ({@code playbooks/*.yaml}, read and compiled at
 * start-up, which fails on any problem) and those each CIRT added (compiled once per stored
 * version). What runs for a CIRT is the shipped ones it did not switch off and its own enabled ones.
 */
@ApplicationScoped
public class PlaybookCatalog {

    private static final Logger LOG = Logger.getLogger(PlaybookCatalog.class);

    /** Shipped playbooks that could not be read, each problem with file and line. */
    public static class InvalidPlaybooks extends RuntimeException {

        private final List<DefinitionProblem> problems;

        public InvalidPlaybooks(List<DefinitionProblem> problems) {
            super("invalid playbook(s):\n  "
                    + String.join(
                            "\n  ", problems.stream().map(Object::toString).toList()));
            this.problems = List.copyOf(problems);
        }

        public List<DefinitionProblem> problems() {
            return problems;
        }
    }

    private record Stored(Instant updatedAt, CompiledPlaybook playbook) {}

    private final PlaybookConfig config;
    private final PlaybookRepositories.Playbooks stored;
    private final PlaybookRepositories.Settings settings;
    private final Map<String, Stored> compiled = new ConcurrentHashMap<>();
    private volatile Map<String, CompiledPlaybook> shipped = Map.of();

    PlaybookCatalog(
            PlaybookConfig config, PlaybookRepositories.Playbooks stored, PlaybookRepositories.Settings settings) {
        this.config = config;
        this.stored = stored;
        this.settings = settings;
    }

    void onStart(@Observes @Priority(60) StartupEvent event) {
        shipped = load(Path.of(config.dir()));
        LOG.infof("playbooks: %d shipped from %s", shipped.size(), config.dir());
    }

    /** Reads every {@code *.yaml} of a folder. @throws InvalidPlaybooks listing every problem of every file */
    public static Map<String, CompiledPlaybook> load(Path dir) {
        var playbooks = new LinkedHashMap<String, CompiledPlaybook>();
        var problems = new ArrayList<DefinitionProblem>();
        if (!Files.isDirectory(dir)) {
            LOG.warnf("playbooks folder %s does not exist", dir.toAbsolutePath());
            return Map.of();
        }
        try (Stream<Path> paths = Files.list(dir)) {
            for (var file : paths.filter(
                            p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml"))
                    .sorted()
                    .toList()) {
                var result = PlaybookReader.read(file.toString(), Files.readString(file, StandardCharsets.UTF_8), null);
                if (!result.ok()) {
                    problems.addAll(result.problems());
                    continue;
                }
                var secrets = secretProblems(file, result.playbook());
                if (!secrets.isEmpty()) {
                    problems.addAll(secrets);
                } else if (playbooks.containsKey(result.playbook().id())) {
                    problems.add(new DefinitionProblem(
                            file.toString(),
                            1,
                            "/id",
                            "playbook id '%s' is already used by another file"
                                    .formatted(result.playbook().id())));
                } else {
                    playbooks.put(result.playbook().id(), result.playbook());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (!problems.isEmpty()) {
            throw new InvalidPlaybooks(problems);
        }
        return Map.copyOf(playbooks);
    }

    /** A shipped playbook serves every CIRT: it names env: or file: secrets, never one CIRT's. */
    private static List<DefinitionProblem> secretProblems(Path file, CompiledPlaybook playbook) {
        var problems = new ArrayList<DefinitionProblem>();
        PlaybookReader.webhookSecrets(playbook.definition())
                .forEach((pointer, reference) -> SecretReferences.formProblem(
                                reference, SecretReferences.Origin.platformFile(null))
                        .ifPresent(p -> problems.add(new DefinitionProblem(file.toString(), 1, pointer, p))));
        return problems;
    }

    /** True when a shipped playbook has this id. */
    public boolean isShipped(String id) {
        return shipped.containsKey(id);
    }

    /**
     * Every playbook a CIRT has, shipped and its own, each with whether it runs for that CIRT,
     * in the order they run (order, then id).
     */
    public List<CompiledPlaybook> forTenant(String tenant) {
        var switches = new LinkedHashMap<String, Boolean>();
        settings.forTenant(tenant).forEach(s -> switches.put(s.id, s.enabled));
        var all = new ArrayList<CompiledPlaybook>();
        shipped.values().forEach(p -> all.add(p.withEnabled(switches.getOrDefault(p.id(), true))));
        stored.forTenant(tenant).forEach(e -> all.add(compiled(e)));
        all.sort(Comparator.comparingInt((CompiledPlaybook p) -> p.definition().orderOrDefault())
                .thenComparing(CompiledPlaybook::id));
        return all;
    }

    /** The enabled playbooks of a CIRT for a trigger, in order. */
    public List<CompiledPlaybook> active(String tenant, Trigger trigger) {
        return forTenant(tenant).stream()
                .filter(p -> p.enabled() && p.definition().trigger() == trigger)
                .toList();
    }

    /** One playbook of a CIRT (shipped or its own). */
    public Optional<CompiledPlaybook> find(String tenant, String id) {
        return forTenant(tenant).stream().filter(p -> p.id().equals(id)).findFirst();
    }

    private CompiledPlaybook compiled(PlaybookEntity entity) {
        var key = entity.tenant + "|" + entity.id;
        var cached = compiled.get(key);
        if (cached != null && cached.updatedAt().equals(entity.updatedAt)) {
            return cached.playbook().withEnabled(entity.enabled);
        }
        var result = PlaybookReader.read("stored", entity.source, entity.tenant);
        if (!result.ok()) {
            throw new IllegalStateException(
                    "stored playbook %s/%s no longer reads: %s".formatted(entity.tenant, entity.id, result.problems()));
        }
        compiled.put(key, new Stored(entity.updatedAt, result.playbook()));
        return result.playbook().withEnabled(entity.enabled);
    }

    /** The JSON stored beside a playbook's YAML (for queries and tools). */
    static String toJson(CompiledPlaybook playbook) {
        try {
            return DefinitionReader.MAPPER.writeValueAsString(playbook.definition());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
