package org.opencirt.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.opencirt.architecture.ArchitectureRules.Exclusion;
import org.opencirt.architecture.TableOwnership.Allowance;

/** The boundaries of the package map (docs/adr/0017), checked on every build. */
@AnalyzeClasses(packages = "org.opencirt", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    /**
     * Dependencies the rules tolerate, each with its reason: none today. An entry names one class
     * (and its nested classes) and one target class, never a package, so that it cannot hide a
     * new violation; delete it with the code that needed it.
     */
    static final List<Exclusion> EXCLUSIONS = List.of();

    private static final ArchitectureRules RULES = new ArchitectureRules("org.opencirt", EXCLUSIONS);

    @ArchTest
    static final ArchRule onlySearchTalksToElasticsearch = RULES.onlySearchTalksToElasticsearch();

    @ArchTest
    static final ArchRule consoleUsesServicesNeverPersistence = RULES.consoleUsesServicesNeverPersistence();

    @ArchTest
    static final ArchRule featuresKeepTheirPersistenceToThemselves = RULES.featuresKeepTheirPersistenceToThemselves();

    @ArchTest
    static final ArchRule commonDependsOnNoFeature = RULES.commonDependsOnNoFeature();

    @ArchTest
    static final ArchRule searchCallsNoFeatureService = RULES.searchCallsNoFeatureService();

    @ArchTest
    static final ArchRule noCyclesBetweenFeatures = RULES.noCyclesBetweenFeatures();

    @ArchTest
    static final ArchRule onlyTenantTalksToKeycloakAdmin = RULES.onlyTenantTalksToKeycloakAdmin();

    @ArchTest
    static final ArchRule resourcesTouchNoPersistence = RULES.resourcesTouchNoPersistence();

    /** Tables no entity maps (native SQL only), by owning feature; the others belong to the feature of their entity. */
    static final Map<String, String> TABLE_OWNERS = Map.ofEntries(
            Map.entry("incident_sequence", "incident"),
            Map.entry("constituency_incident", "incident"),
            Map.entry("constituent_event", "incident"),
            Map.entry("event_incident", "incident"),
            Map.entry("event_notice", "incident"),
            Map.entry("indicator_dead_letter", "feed"), // written by feed.service.DeadLetters
            Map.entry("playbook_claim", "playbook"),
            Map.entry("playbook_rotation", "playbook"),
            Map.entry("idempotency_key", "common"),
            Map.entry("usage_counter", "common"),
            Map.entry("imported_indicator", "exchange"), // written by exchange.service.ImportedIndicators
            Map.entry("audit_entry", "audit"), // written by audit.AuditTrail, native SQL only
            Map.entry("audit_login_watermark", "audit"), // written by audit.LoginImport, native SQL only
            Map.entry("audit_head", "audit"), // written by audit.AuditHeads, native SQL only
            Map.entry("retention_rule", "retention"), // native SQL only (retention.RetentionRules)
            Map.entry("retention_key", "retention"), // native SQL only (retention.Pseudonyms)
            Map.entry("retention_run", "retention"), // native SQL only (retention.RetentionRuns)
            Map.entry("archive_upload", "portability"), // native SQL only (portability.ArchiveUploads)
            Map.entry("archive_upload_part", "portability"),
            Map.entry("qrtz_*", "the Quartz scheduler"));

    private static final String KEK_ROTATION = """
            bin/opencirt rotate-kek re-encrypts every column held under the key-encryption key, of every feature, in one
            database transaction while the service is stopped (plain JDBC, no services to call). KekTable lists those tables
            next to what binds each ciphertext to its row; the owning features encrypt through the same entries.""";

    private static final String ARCHIVE_LEFT_OUT = """
            A CIRT's archive names common's table, which has no part of its own, only to say in its
            manifest why it leaves them out; it reads nothing of them (CirtArchivePartsTest).""";

    /** Strings that may name another feature's table, each with its reason. */
    static final List<Allowance> TABLE_ALLOWANCES = List.of(
            new Allowance("org.opencirt.common.crypto.KekTable", "advisory_signing_key", KEK_ROTATION),
            new Allowance("org.opencirt.common.crypto.KekTable", "cirt_secret", KEK_ROTATION),
            new Allowance("org.opencirt.portability.CirtExport", "usage_counter", ARCHIVE_LEFT_OUT));

    @ArchTest
    static void everyTableHasOneOwningFeature(JavaClasses classes) {
        assertThat(tables(classes).ownershipProblems()).isEmpty();
    }

    @ArchTest
    static void featuresNameOnlyTheirOwnTablesInSql(JavaClasses classes) {
        assertThat(tables(classes).foreignReferences(TABLE_ALLOWANCES)).isEmpty();
    }

    private static TableOwnership tables(JavaClasses classes) {
        return new TableOwnership(RULES, classes, migrations(), TABLE_OWNERS);
    }

    /** The Flyway scripts as the build copied them. */
    static Map<String, String> migrations() {
        try (var files = Files.list(Path.of(ArchitectureTest.class
                .getClassLoader()
                .getResource("db/migration")
                .toURI()))) {
            var scripts = new TreeMap<String, String>();
            for (var file : files.toList()) {
                scripts.put(file.getFileName().toString(), Files.readString(file));
            }
            return scripts;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
