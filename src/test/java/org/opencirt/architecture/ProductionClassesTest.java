package org.opencirt.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.opencirt.common.Texts;

/**
 * The production classes (what {@code ./mvnw package} puts into the jar: the compiled main sources) hold
 * no demo data seeder; a demo build holds all of them. {@code NoDemoDataInTheJarIT} checks the packaged
 * jar itself.
 */
class ProductionClassesTest {

    private static Path mainClasses() throws URISyntaxException {
        return Path.of(
                Texts.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    @Test
    void theDemoSeedersAreInTheClassesOfADemoBuildOnly() throws Exception {
        var seeders = DemoData.classFiles();
        assertThat(seeders)
                .contains(
                        "org/opencirt/tenant/DemoTenants.class",
                        "org/opencirt/incident/service/DemoIncidents.class",
                        "org/opencirt/advisory/service/DemoAdvisories.class");
        var root = mainClasses();
        assertThat(root).as("the main classes' root").endsWith(Path.of("target", "classes"));
        var present =
                seeders.stream().filter(f -> Files.exists(root.resolve(f))).toList();
        if (DemoData.demoBuild()) {
            assertThat(present).as("demo seeders in a demo build").containsExactlyElementsOf(seeders);
        } else {
            assertThat(present).as("demo seeders among the production classes").isEmpty();
        }
    }

    @Test
    void noProductionClassIsNamedLikeADemoSeeder() throws Exception {
        Assumptions.assumeFalse(DemoData.demoBuild(), "a demo build holds the demo seeders");
        var classes = new ClassFileImporter().importPath(mainClasses());
        assertThat(classes).as("production classes").hasSizeGreaterThan(200);
        noClasses()
                .should()
                .haveSimpleNameStartingWith("Demo")
                .because("demo data lives in src/demo/java, outside the production jar (docs/adr/0020)")
                .check(classes);
    }
}
