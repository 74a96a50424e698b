package org.opencirt.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.opencirt.architecture.ArchitectureRules.Exclusion;
import org.opencirt.architecture.TableOwnership.Allowance;

/**
 * The rules themselves: each fails on a fixture tree with a deliberate violation of it, naming the
 * offending class, and passes on the same tree without the violations. The fixtures
 * ({@code src/test/resources/architecture-fixtures}) are compiled here, into a temporary folder,
 * so that their entities, beans and resources never reach the application under test.
 */
class ArchitectureRulesTest {

    private static final String CLEAN = "fixture.clean";
    private static final String BAD = "fixture.bad";
    private static final Map<String, String> MIGRATIONS = Map.of("V1__fixture.sql", """
            create table tenant (id varchar(32) primary key);
            create table incident (id uuid primary key, tenant varchar(32) not null references tenant (id));
            -- no entity maps the notes: the explicit owners name their feature
            create table incident_note (incident_id uuid not null references incident (id), text text);
            """);
    private static final Map<String, String> OWNERS = Map.of("incident_note", "incident");

    @TempDir
    static Path classes;

    private static JavaClasses clean;
    private static JavaClasses bad;

    @BeforeAll
    static void compileFixtures() {
        clean = compile(CLEAN, "base");
        bad = compile(BAD, "base", "violations");
    }

    /** Each rule and the fixture class whose offence it must report. */
    static Stream<Arguments> rules() {
        return Stream.of(
                Arguments.of("onlySearchTalksToElasticsearch", "incident.IncidentIndexer"),
                Arguments.of("consoleUsesServicesNeverPersistence", "console.QueueCounts"),
                Arguments.of("featuresKeepTheirPersistenceToThemselves", "incident.TenantNames"),
                Arguments.of("commonDependsOnNoFeature", "common.AuditTrail"),
                Arguments.of("searchCallsNoFeatureService", "search.Reindexer"),
                Arguments.of("noCyclesBetweenFeatures", "tenant.TenantCleanup"),
                Arguments.of("onlyTenantTalksToKeycloakAdmin", "incident.Notifications"),
                Arguments.of("resourcesTouchNoPersistence", "incident.IncidentAdminResource"));
    }

    @Test
    void everyRuleIsSelfTested() {
        assertThat(rules().map(a -> (String) a.get()[0]))
                .containsExactlyInAnyOrderElementsOf(
                        new ArchitectureRules(CLEAN, List.of()).all().keySet());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rules")
    void theRuleFailsOnItsViolationAndPassesWithout(String rule, String offender) {
        var failed = new ArchitectureRules(BAD, List.of()).all().get(rule).evaluate(bad);
        assertThat(failed.hasViolation()).as("%s on the violations", rule).isTrue();
        assertThat(failed.getFailureReport().toString()).contains(BAD + "." + offender);

        var passed = new ArchitectureRules(CLEAN, List.of()).all().get(rule).evaluate(clean);
        assertThat(passed.getFailureReport().getDetails())
                .as("%s on the clean tree", rule)
                .isEmpty();
    }

    @Test
    void anExclusionLiftsExactlyTheNamedDependency() {
        var indexer = new Exclusion(
                BAD + ".incident.IncidentIndexer",
                "co.elastic.clients.elasticsearch.ElasticsearchClient",
                "the fixture's offence");
        assertThat(new ArchitectureRules(BAD, List.of(indexer))
                        .onlySearchTalksToElasticsearch()
                        .evaluate(bad)
                        .hasViolation())
                .isFalse();

        var cycles = List.of(
                new Exclusion(
                        BAD + ".tenant.TenantCleanup", BAD + ".incident.IncidentService", "the fixture's offence"),
                new Exclusion(BAD + ".common.AuditTrail", BAD + ".incident.IncidentService", "the fixture's offence"));
        var report = new ArchitectureRules(BAD, cycles)
                .noCyclesBetweenFeatures()
                .evaluate(bad)
                .getFailureReport()
                .toString();
        assertThat(report)
                .doesNotContain("TenantCleanup")
                .doesNotContain("AuditTrail")
                .contains("Reindexer");
    }

    @Test
    void aForeignTableInSqlIsFoundAsAnEntityNameInJpqlIs() {
        var tables = new TableOwnership(new ArchitectureRules(BAD, List.of()), bad, MIGRATIONS, OWNERS);

        assertThat(tables.ownershipProblems()).isEmpty();
        assertThat(tables.foreignReferences(List.of()))
                .extracting(r -> r.className() + " -> " + r.table())
                .containsExactly(
                        BAD + ".console.QueueCounts -> Incident", BAD + ".incident.ConstituencyJoin -> tenant");
        assertThat(tables.foreignReferences(
                        List.of(new Allowance(BAD + ".incident.ConstituencyJoin", "tenant", "the fixture's offence"))))
                .extracting(TableOwnership.ForeignReference::className)
                .containsExactly(BAD + ".console.QueueCounts");
    }

    @Test
    void theCleanTreeNamesOnlyItsOwnTables() {
        var tables = new TableOwnership(new ArchitectureRules(CLEAN, List.of()), clean, MIGRATIONS, OWNERS);

        assertThat(tables.ownershipProblems()).isEmpty();
        assertThat(tables.owners())
                .containsExactlyInAnyOrderEntriesOf(
                        Map.of("tenant", "tenant", "incident", "incident", "incident_note", "incident"));
        assertThat(tables.foreignReferences(List.of())).isEmpty();
    }

    @Test
    void everyTableNeedsOneOwnerAndEveryOwnerEntryATable() {
        var migrations = new java.util.HashMap<>(MIGRATIONS);
        migrations.put("V2__more.sql", "create table orphan (id int);\ncreate table old_notes (id int);");
        migrations.put(
                "V10__rename.sql", "alter table old_notes rename to archived_notes;\ndrop table if exists orphan;");
        migrations.put("V3__lost.sql", "create table lost (id int);");
        var owners = Map.of(
                "incident_note", "incident", "archived_notes", "incident", "gone", "tenant", "tenant", "incident");

        var problems = new TableOwnership(new ArchitectureRules(CLEAN, List.of()), clean, migrations, owners)
                .ownershipProblems();

        assertThat(problems)
                .containsExactlyInAnyOrder(
                        "table tenant is mapped by an entity of tenant but listed for incident",
                        "table lost has no owner: map it with an entity of its feature, or name its feature in the table owners",
                        "the table owners list gone, which no migration creates");
    }

    /** Compiles the fixture trees under {@code root} (their {@code fixture.} packages renamed) and imports the classes. */
    private static JavaClasses compile(String root, String... trees) {
        var sources = classes.resolve("src-" + root);
        var out = classes.resolve("classes-" + root);
        var files = new ArrayList<Path>();
        try {
            var base = Path.of(Objects.requireNonNull(ArchitectureRulesTest.class.getResource("/architecture-fixtures"))
                    .toURI());
            for (var tree : trees) {
                try (var walk = Files.walk(base.resolve(tree))) {
                    for (var file :
                            walk.filter(f -> f.toString().endsWith(".java")).toList()) {
                        var text = Pattern.compile("\\b(package|import)\\s+fixture\\.")
                                .matcher(Files.readString(file))
                                .replaceAll("$1 " + root + ".");
                        var target = sources.resolve(
                                base.resolve(tree).relativize(file).toString());
                        Files.createDirectories(target.getParent());
                        files.add(Files.writeString(target, text));
                    }
                }
            }
            Files.createDirectories(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        var compiler = ToolProvider.getSystemJavaCompiler();
        var errors = new StringWriter();
        var classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        var options = List.of("-d", out.toString(), "-classpath", classPath, "-proc:none", "-nowarn", "-Xlint:none");
        try (var fileManager = compiler.getStandardFileManager(null, null, null)) {
            var ok = compiler.getTask(
                            errors, fileManager, null, options, null, fileManager.getJavaFileObjectsFromPaths(files))
                    .call();
            assertThat(ok).as("the fixtures compile: %s", errors).isTrue();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new ClassFileImporter().importPath(out);
    }
}
