package org.opencirt.docs;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaAnnotation;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.ConfigMappings;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The configuration reference ({@code docs/configuration.md}) and the service's configuration
 * agree: every {@code opencirt.*} property the code reads (each {@code @ConfigMapping} and
 * {@code @ConfigProperty}) has a row there, every {@code opencirt.*} name any document mentions
 * exists, and a default written as a literal ({@code `5000`}) is the one the service gets when
 * nothing sets it (application.properties without a profile, else the code's default).
 */
class DocsConfigurationTest {

    private static final String REFERENCE = "docs/configuration.md";
    private static final Pattern NAME = Pattern.compile("^opencirt\\.[a-z0-9.*-]+$");
    private static final String NO_DEFAULT = "\u0000none";

    /** Every property the code reads, with the default the service gets when nothing sets it. */
    private static Map<String, String> properties;
    /** Every opencirt.* key application.properties sets, under any profile. */
    private static Map<String, String> fileKeys;

    @BeforeAll
    static void readTheConfiguration() throws IOException {
        var file = new Properties();
        try (Reader reader =
                Files.newBufferedReader(Markdown.ROOT.resolve("src/main/resources/application.properties"))) {
            file.load(reader);
        }
        fileKeys = new TreeMap<>();
        for (var key : file.stringPropertyNames()) {
            var name = key.startsWith("%") ? key.substring(key.indexOf('.') + 1) : key;
            if (name.startsWith("opencirt.")) {
                fileKeys.putIfAbsent(name, key.startsWith("%") ? NO_DEFAULT : file.getProperty(key));
                if (!key.startsWith("%")) {
                    fileKeys.put(name, file.getProperty(key));
                }
            }
        }
        properties = new TreeMap<>();
        var classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("org.opencirt");
        for (JavaClass type : classes) {
            type.tryGetAnnotationOfType(ConfigMapping.class)
                    .ifPresent(mapping -> mappedProperties(type, mapping.prefix()));
            type.getFields().forEach(f -> f.getAnnotations().forEach(DocsConfigurationTest::configProperty));
            type.getCodeUnits()
                    .forEach(u -> u.getParameters()
                            .forEach(p -> p.getAnnotations().forEach(DocsConfigurationTest::configProperty)));
        }
        for (var name : properties.keySet()) {
            if (fileKeys.containsKey(name) && !NO_DEFAULT.equals(fileKeys.get(name))) {
                properties.put(name, fileKeys.get(name));
            }
        }
        assertThat(properties)
                .as("properties the code reads")
                .containsKey("opencirt.feeds.batch-size")
                .hasSizeGreaterThan(40);
    }

    private static void mappedProperties(JavaClass type, String prefix) {
        try {
            var klass = Class.forName(type.getName(), false, DocsConfigurationTest.class.getClassLoader());
            for (var entry : ConfigMappings.getProperties(new ConfigMappings.ConfigClass(klass, prefix))
                    .entrySet()) {
                if (entry.getKey().contains("[*]")) {
                    continue; // an element of a list property, documented with the list
                }
                var property = entry.getValue();
                properties.put(entry.getKey(), property.hasDefaultValue() ? property.getDefaultValue() : NO_DEFAULT);
            }
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void configProperty(JavaAnnotation<?> annotation) {
        if (annotation.getRawType().isEquivalentTo(ConfigProperty.class)) {
            var name = (String) annotation.get("name").orElseThrow();
            var value = (String) annotation.get("defaultValue").orElse(ConfigProperty.UNCONFIGURED_VALUE);
            if (name.startsWith("opencirt.")) {
                properties.put(name, ConfigProperty.UNCONFIGURED_VALUE.equals(value) ? NO_DEFAULT : value);
            }
        }
    }

    /** The rows of the reference: property name to its default cell. */
    private static Map<String, Markdown.Row> referenceRows() {
        var rows = new TreeMap<String, Markdown.Row>();
        for (var row : Markdown.of(Markdown.ROOT.resolve(REFERENCE)).tableRows()) {
            var first = row.cells().getFirst();
            if (first.matches("`[^`]+`")
                    && NAME.matcher(first.substring(1, first.length() - 1)).matches()) {
                rows.put(first.substring(1, first.length() - 1), row);
            }
        }
        return rows;
    }

    @Test
    void everyPropertyTheCodeReadsHasARowInTheReference() {
        var rows = referenceRows();
        var missing = properties.keySet().stream()
                .filter(name -> !rows.containsKey(name))
                .toList();
        assertThat(missing).as("properties with no row in " + REFERENCE).isEmpty();
    }

    @Test
    void everyOpencirtPropertyTheDocsNameExists() {
        var problems = new ArrayList<String>();
        int checked = 0;
        for (var doc : Markdown.current()) {
            for (var span : doc.spans()) {
                var name = span.text().split("[\\s=]", 2)[0];
                if (NAME.matcher(name).matches()) {
                    checked++;
                    if (!properties.containsKey(name) && !fileKeys.containsKey(name)) {
                        problems.add(
                                span.where() + ": " + name + " is read nowhere in the code or application.properties");
                    }
                }
            }
        }
        assertThat(checked).as("opencirt.* names in the docs").isGreaterThan(40);
        assertThat(problems).isEmpty();
    }

    @Test
    void everyDefaultWrittenAsALiteralIsTheServicesDefault() {
        var problems = new ArrayList<String>();
        for (var entry : referenceRows().entrySet()) {
            var row = entry.getValue();
            assertThat(row.cells())
                    .as(row.where() + ": property | default | meaning")
                    .hasSize(3);
            var cell = row.cells().get(1);
            var actual = properties.getOrDefault(entry.getKey(), fileKeys.get(entry.getKey()));
            if (cell.equals("none")) {
                if (actual != null && !NO_DEFAULT.equals(actual)) {
                    problems.add(row.where() + ": " + entry.getKey() + " says none, the service has " + actual);
                }
            } else if (cell.matches("`[^`]*`.*")) {
                var literal = cell.substring(1, cell.indexOf('`', 1));
                if (!literal.equals(actual)) {
                    problems.add(row.where() + ": " + entry.getKey() + " says `" + literal + "`, the service has "
                            + (NO_DEFAULT.equals(actual) ? "none" : actual));
                }
            }
        }
        assertThat(problems).isEmpty();
    }
}
