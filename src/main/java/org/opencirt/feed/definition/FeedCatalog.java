package org.opencirt.feed.definition;

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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.jboss.logging.Logger;
import org.opencirt.common.yaml.DefinitionProblem;
import org.opencirt.common.yaml.DefinitionReader;
import org.opencirt.common.yaml.LocatedTree;
import org.opencirt.feed.FeedConfig;
import org.opencirt.feed.parse.FeedFormat;
import org.opencirt.feed.repository.FeedEntity;
import org.opencirt.feed.repository.FeedRepositories;
import org.opencirt.secret.SecretReferences;
import org.opencirt.secret.SecretReferences.Origin;
import org.quartz.CronExpression;

/**
 * All feed definitions: the platform's, read from YAML files at start-up (a bad file stops
 * start-up, naming every problem with its file and line), and the CIRTs' own, stored through
 * the API after the same checks.
 */
@ApplicationScoped
public class FeedCatalog {

    private static final Logger LOG = Logger.getLogger(FeedCatalog.class);

    private static final String SCHEMA = "schemas/feed-definition.schema.json";
    /** Where a definition names its credential's secret reference. */
    private final DefinitionReader<FeedDefinition> reader =
            new DefinitionReader<>(FeedDefinition.class, SCHEMA, FeedCatalog::scheduleProblems);

    private final FeedConfig config;
    private final FeedRepositories.Feeds stored;
    private volatile Map<String, FeedDefinition> files = Map.of();

    FeedCatalog(FeedConfig config, FeedRepositories.Feeds stored) {
        this.config = config;
        this.stored = stored;
    }

    /** Definitions that cannot be used; the message lists every problem. */
    public static final class InvalidDefinitions extends RuntimeException {
        private final List<DefinitionProblem> problems;

        public InvalidDefinitions(List<DefinitionProblem> problems) {
            super("invalid feed definition(s):\n  "
                    + String.join(
                            "\n  ", problems.stream().map(Object::toString).toList()));
            this.problems = List.copyOf(problems);
        }

        public List<DefinitionProblem> problems() {
            return problems;
        }
    }

    void onStart(@Observes @Priority(50) StartupEvent event) {
        files = load(directories(), Path.of(config.fileRoot()));
        LOG.infof("feed definitions: %d from %s", files.size(), directories());
    }

    /** The platform's feeds from files, and every CIRT's feeds from the database. */
    public List<OwnedFeed> all() {
        var all = new ArrayList<>(platformFeeds());
        stored.listAll().forEach(e -> all.add(new OwnedFeed(e.tenant, fromStored(e))));
        return all;
    }

    /**
     * A feed by owner and id: a CIRT's own feed, or with owner null a platform feed (from a
     * file). Never another CIRT's.
     */
    public Optional<OwnedFeed> find(String owner, String id) {
        if (owner == null) {
            return Optional.ofNullable(files.get(id)).map(f -> new OwnedFeed(null, f));
        }
        return stored.find(owner, id).map(e -> new OwnedFeed(owner, fromStored(e)));
    }

    /** A CIRT's own feeds (added through the API). */
    public List<OwnedFeed> feedsOf(String tenant) {
        return stored.list("tenant", tenant).stream()
                .map(e -> new OwnedFeed(tenant, fromStored(e)))
                .toList();
    }

    /** The platform's feeds, from files. */
    public List<OwnedFeed> platformFeeds() {
        return files.values().stream().map(f -> new OwnedFeed(null, f)).toList();
    }

    /**
     * Checks a definition sent through the API (JSON or YAML text).
     *
     * @throws InvalidDefinitions with every problem
     */
    public FeedDefinition check(String text) {
        var result = reader.read("api", text);
        if (!result.ok()) {
            throw new InvalidDefinitions(result.problems());
        }
        var problems = semanticProblems("api", result.value(), result.tree(), Path.of(config.fileRoot()));
        if (!problems.isEmpty()) {
            throw new InvalidDefinitions(problems);
        }
        return result.value();
    }

    /** The JSON stored for a definition. */
    public static String toJson(FeedDefinition definition) {
        try {
            return DefinitionReader.MAPPER.writeValueAsString(definition);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private FeedDefinition fromStored(FeedEntity entity) {
        try {
            return DefinitionReader.MAPPER
                    .readValue(entity.definition, FeedDefinition.class)
                    .withEnabled(entity.enabled);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored feed %s cannot be read".formatted(entity.id), e);
        }
    }

    private List<Path> directories() {
        var dirs = new ArrayList<Path>();
        dirs.add(Path.of(config.definitionsDir()));
        config.extraDirs().ifPresent(extra -> extra.forEach(d -> dirs.add(Path.of(d))));
        return dirs;
    }

    /**
     * Reads every {@code *.yaml} of the folders.
     *
     * @throws InvalidDefinitions listing every problem of every file, with file and line
     */
    static Map<String, FeedDefinition> load(List<Path> dirs, Path fileRoot) {
        var reader = new DefinitionReader<>(FeedDefinition.class, SCHEMA, FeedCatalog::scheduleProblems);
        var definitions = new LinkedHashMap<String, FeedDefinition>();
        var problems = new ArrayList<DefinitionProblem>();
        for (var dir : dirs) {
            if (!Files.isDirectory(dir)) {
                LOG.warnf("feed definitions folder %s does not exist", dir.toAbsolutePath());
                continue;
            }
            try (Stream<Path> paths = Files.list(dir)) {
                for (var file : paths.filter(p ->
                                p.toString().endsWith(".yaml") || p.toString().endsWith(".yml"))
                        .sorted()
                        .toList()) {
                    var name = file.toString();
                    var result = reader.read(name, Files.readString(file, StandardCharsets.UTF_8));
                    if (!result.ok()) {
                        problems.addAll(result.problems());
                        continue;
                    }
                    var definition = result.value();
                    var semantic = semanticProblems(name, definition, result.tree(), fileRoot);
                    if (definition.auth() != null) {
                        // the operator's file: env: and file: references, and secret: of the CIRT the feed belongs to
                        definition
                                .auth()
                                .references()
                                .forEach((pointer, reference) -> SecretReferences.formProblem(
                                                reference, Origin.platformFile(definition.tenant()))
                                        .ifPresent(problem -> semantic.add(new DefinitionProblem(
                                                name, result.tree().lineOf(pointer), pointer, problem))));
                    }
                    if (definitions.containsKey(definition.id())) {
                        semantic.add(new DefinitionProblem(
                                name,
                                result.tree().lineOf("/id"),
                                "/id",
                                "feed id '%s' is already used by another file".formatted(definition.id())));
                    }
                    problems.addAll(semantic);
                    if (semantic.isEmpty()) {
                        definitions.put(definition.id(), definition);
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidDefinitions(problems);
        }
        return definitions;
    }

    /** A schedule that is not a Quartz cron expression. */
    private static List<DefinitionProblem> scheduleProblems(LocatedTree tree) {
        var schedule = tree.root().path("schedule");
        if (schedule.isTextual() && !CronExpression.isValidExpression(schedule.asText())) {
            return List.of(new DefinitionProblem(
                    "",
                    tree.lineOf("/schedule"),
                    "/schedule",
                    "'%s' is not a Quartz cron expression (seconds minutes hours day-of-month month day-of-week)"
                            .formatted(schedule.asText())));
        }
        return List.of();
    }

    private static List<DefinitionProblem> semanticProblems(
            String file, FeedDefinition d, LocatedTree tree, Path fileRoot) {
        var problems = new ArrayList<DefinitionProblem>();
        var uri = d.uri();
        if ("file".equals(uri.getScheme())) {
            var root = fileRoot.toAbsolutePath().normalize();
            var target = fileRoot.resolve(uri.getSchemeSpecificPart().replaceFirst("^/+", ""))
                    .toAbsolutePath()
                    .normalize();
            if (!target.startsWith(root)) {
                problems.add(
                        new DefinitionProblem(file, tree.lineOf("/url"), "/url", "file: URLs must stay below " + root));
            }
        }
        for (var problem : d.optionsOrDefaults().problems(d.format())) {
            problems.add(new DefinitionProblem(file, tree.lineOf("/options"), "/options", problem));
        }
        var web = "https".equals(uri.getScheme()) || "http".equals(uri.getScheme());
        if (d.format() == FeedFormat.TAXII_COLLECTION && !web) {
            problems.add(new DefinitionProblem(
                    file, tree.lineOf("/url"), "/url", "a TAXII collection is fetched over http(s)"));
        }
        if (d.format() == FeedFormat.CSAF_PROVIDER && !web) {
            problems.add(new DefinitionProblem(
                    file,
                    tree.lineOf("/url"),
                    "/url",
                    "a CSAF provider is read over http(s): its domain (https://vendor.example) or its"
                            + " provider-metadata.json URL"));
        }
        // a CIRT's own feed (from the API) belongs to it; a platform file must say which CIRT's it is
        if (d.format() == FeedFormat.CSAF_PROVIDER && d.isGlobal() && !file.equals("api")) {
            problems.add(new DefinitionProblem(
                    file,
                    tree.lineOf("/scope"),
                    "/scope",
                    "a csaf-provider feed keeps vendor advisories for one CIRT: set scope to its id"));
        }
        if (d.format() == FeedFormat.SHADOWSERVER) {
            problems.addAll(shadowserverProblems(file, tree, d, web));
        }
        return problems;
    }

    /** A Shadowserver feed's reports are about one CIRT's constituents; its API is signed, a file read over http(s). */
    private static List<DefinitionProblem> shadowserverProblems(
            String file, LocatedTree tree, FeedDefinition d, boolean web) {
        var problems = new ArrayList<DefinitionProblem>();
        if (d.isGlobal() && !file.equals("api")) {
            problems.add(new DefinitionProblem(
                    file,
                    tree.lineOf("/scope"),
                    "/scope",
                    "a shadowserver feed's events are about one CIRT's constituents: set scope to its id"));
        }
        var api = d.auth() != null && d.auth().apiKeyFrom() != null;
        if (api && !web) {
            problems.add(new DefinitionProblem(
                    file, tree.lineOf("/url"), "/url", "Shadowserver's Reports API is read over http(s)"));
        }
        if (!api && d.shadowserver() != null && d.shadowserver().downloadUrl() != null) {
            problems.add(new DefinitionProblem(
                    file,
                    tree.lineOf("/shadowserver/download-url"),
                    "/shadowserver/download-url",
                    "a download URL is for the Reports API: give auth.api-key-from and auth.hmac-secret-from"));
        }
        return problems;
    }
}
