package org.opencirt.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;

/**
 * The packaged application ({@code target/quarkus-app}, after {@code package}) holds no demo data seeder, or, built
 * with {@code -Pdemo} as {@code bin/opencirt run} builds it, all of them.
 */
class NoDemoDataInTheJarIT {

    @Test
    void thePackagedApplicationHoldsTheDemoSeedersOnlyInADemoBuild() throws Exception {
        var app = Path.of("target", "quarkus-app", "app");
        Path jar;
        try (var jars = Files.list(app)) {
            jar = jars.filter(p -> p.getFileName().toString().endsWith(".jar"))
                    .findFirst()
                    .orElseThrow();
        }
        try (var file = new JarFile(jar.toFile())) {
            assertThat(file.getEntry("org/opencirt/common/Texts.class"))
                    .as("a production class in %s", jar)
                    .isNotNull();
            var present = DemoData.classFiles().stream()
                    .filter(f -> file.getEntry(f) != null)
                    .toList();
            if (DemoData.demoBuild()) {
                assertThat(present)
                        .as("demo seeders in the demo build's %s", jar)
                        .containsExactlyElementsOf(DemoData.classFiles());
            } else {
                assertThat(present).as("demo seeders in %s", jar).isEmpty();
            }
        }
    }
}
