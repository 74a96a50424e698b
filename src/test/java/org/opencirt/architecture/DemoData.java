package org.opencirt.architecture;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The demo data seeders: the classes of {@code src/demo/java}, which only a demo build
 * ({@code -Pdemo}, as {@code bin/opencirt run} builds) compiles into the application (docs/adr/0020).
 */
final class DemoData {

    static final Path SOURCES = Path.of("src/demo/java");

    private DemoData() {}

    /** Whether this build is the demo build: the profile demo tells the tests so. */
    static boolean demoBuild() {
        return Boolean.getBoolean("opencirt.build.demo");
    }

    /** The class files the demo sources compile to, as paths below a class root (top-level classes). */
    static List<String> classFiles() {
        try (Stream<Path> files = Files.walk(SOURCES)) {
            return files.filter(f -> f.toString().endsWith(".java"))
                    .map(f ->
                            SOURCES.relativize(f).toString().replace('\\', '/').replaceAll("\\.java$", ".class"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
