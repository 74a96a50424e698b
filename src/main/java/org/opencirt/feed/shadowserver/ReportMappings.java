package org.opencirt.feed.shadowserver;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.opencirt.common.yaml.DefinitionProblem;
import org.opencirt.common.yaml.DefinitionReader;
import org.opencirt.common.yaml.LocatedTree;
import org.opencirt.incident.model.Rsit;

/**
 * The mappings of Shadowserver report types, read from {@code *.yaml} files (one per report
 * family, {@code threat-feeds/shadowserver/}). A bad file is refused with every problem and its
 * line; so is a classification that is not an RSIT type, a report type or a file name claimed
 * twice.
 *
 * <p>Identifying a report: by its type ({@link #named}) when the Reports API gives it, else by its
 * file name ({@link #typeOf}). Shadowserver names files {@code <date>-<report>-<list>.csv}
 * ({@code 2024-05-01-scan_rdp-country-geo.csv}); the report name is the first {@code -}-separated
 * part after the date, sometimes with the list's name joined by an underscore
 * ({@code 2022-08-31-scan_stun_example_com-asn.csv}): the longest file name of a mapping that is
 * the part, or starts it followed by {@code _}, wins ({@code scan_ssl_poodle} before
 * {@code scan_ssl}). A report no mapping knows reads through {@link ReportMapping#generic}; the
 * caller logs a warning.
 */
public final class ReportMappings {

    /** The JSON Schema of a mapping file. */
    public static final String SCHEMA = "schemas/shadowserver-report.schema.json";

    /** {@code [date-]report[-part...].csv}; group 1 is the report part. */
    private static final Pattern FILE_NAME =
            Pattern.compile("^(?:\\d{4}-\\d{2}-\\d{2}-)?([A-Za-z0-9_]{1,128})(?:-[A-Za-z0-9_.]+)*\\.csv(?:\\.gz)?$");

    /** One mapping file: a family of reports. */
    public record MappingFile(String family, String description, List<ReportMapping> reports) {}

    /** Mapping files that cannot be used; the message lists every problem with its file and line. */
    public static final class InvalidMappings extends RuntimeException {
        private final List<DefinitionProblem> problems;

        public InvalidMappings(List<DefinitionProblem> problems) {
            super("invalid Shadowserver report mapping(s):\n  "
                    + String.join(
                            "\n  ", problems.stream().map(Object::toString).toList()));
            this.problems = List.copyOf(problems);
        }

        public List<DefinitionProblem> problems() {
            return problems;
        }
    }

    private record FileName(String name, String type) {}

    private final Map<String, ReportMapping> byType;
    private final List<FileName> fileNames;

    private ReportMappings(Map<String, ReportMapping> byType) {
        this.byType = Map.copyOf(byType);
        var names = new ArrayList<FileName>();
        byType.values().forEach(m -> m.fileNames().forEach(n -> names.add(new FileName(n, m.type()))));
        names.sort(Comparator.comparingInt((FileName f) -> f.name().length()).reversed());
        this.fileNames = List.copyOf(names);
    }

    /**
     * Reads every {@code *.yaml} / {@code *.yml} file of the folders (not their sub-folders), in
     * name order.
     *
     * @throws InvalidMappings listing every problem of every file, with file and line
     */
    public static ReportMappings load(Path... dirs) {
        var texts = new LinkedHashMap<String, String>();
        for (Path dir : dirs) {
            if (!Files.isDirectory(dir)) {
                throw new InvalidMappings(
                        List.of(new DefinitionProblem(dir.toString(), 0, "", "is not a folder of mapping files")));
            }
            try (Stream<Path> paths = Files.list(dir)) {
                for (Path file : paths.filter(ReportMappings::isYaml).sorted().toList()) {
                    texts.put(file.toString(), Files.readString(file, StandardCharsets.UTF_8));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return read(texts);
    }

    /**
     * Reads mapping files given as texts (file name to YAML), e.g. from the classpath.
     *
     * @throws InvalidMappings listing every problem of every file, with file and line
     */
    public static ReportMappings read(Map<String, String> files) {
        var reader = new DefinitionReader<>(MappingFile.class, SCHEMA, ReportMappings::treeProblems);
        var byType = new LinkedHashMap<String, ReportMapping>();
        var claimedNames = new LinkedHashMap<String, String>();
        var problems = new ArrayList<DefinitionProblem>();
        files.forEach((file, text) -> {
            var result = reader.read(file, text);
            if (!result.ok()) {
                problems.addAll(result.problems());
                return;
            }
            List<ReportMapping> reports = result.value().reports();
            for (int i = 0; i < reports.size(); i++) {
                ReportMapping mapping = reports.get(i);
                String at = "/reports/" + i;
                if (byType.containsKey(mapping.type())) {
                    problems.add(new DefinitionProblem(
                            file,
                            result.tree().lineOf(at + "/type"),
                            at + "/type",
                            "report type '%s' is already mapped".formatted(mapping.type())));
                    continue;
                }
                for (int j = 0; j < mapping.fileNames().size(); j++) {
                    String name = mapping.fileNames().get(j);
                    String other = claimedNames.putIfAbsent(name, mapping.type());
                    if (other != null) {
                        String pointer = at + "/file-names/" + j;
                        problems.add(new DefinitionProblem(
                                file,
                                result.tree().lineOf(pointer),
                                pointer,
                                "file name '%s' already identifies report type '%s'".formatted(name, other)));
                    }
                }
                byType.put(mapping.type(), mapping);
            }
        });
        if (!problems.isEmpty()) {
            throw new InvalidMappings(problems);
        }
        return new ReportMappings(byType);
    }

    /** Every mapped report type, in no particular order. */
    public List<ReportMapping> all() {
        return List.copyOf(byType.values());
    }

    /**
     * The mapping of a report type ({@code scan_rdp}), if one is mapped; a type that is a file
     * name of a mapping ({@code scan6_rdp}) has that mapping.
     */
    public Optional<ReportMapping> named(String type) {
        if (type == null) {
            return Optional.empty();
        }
        String wanted = type.strip().toLowerCase(Locale.ROOT);
        ReportMapping mapping = byType.get(wanted);
        if (mapping != null) {
            return Optional.of(mapping);
        }
        return fileNames.stream()
                .filter(f -> f.name().equals(wanted))
                .findFirst()
                .map(f -> byType.get(f.type()));
    }

    /** The mapping of a report type, or the generic mapping when none is (the caller logs a warning). */
    public ReportMapping namedOrGeneric(String type) {
        return named(type).orElseGet(() -> ReportMapping.generic(type));
    }

    /**
     * The report type a Shadowserver file name denotes ({@code 2024-05-01-scan_rdp-country-geo.csv}:
     * {@code scan_rdp}); empty when no mapping claims it. A path is reduced to its last element.
     */
    public Optional<String> typeOf(String fileName) {
        return reportPart(fileName).flatMap(this::typeOfPart);
    }

    /**
     * The mapping for a file: the one its name identifies, else the generic mapping named after
     * the file's report part ({@code unknown} when the name is not a Shadowserver file name).
     */
    public ReportMapping forFile(String fileName) {
        Optional<String> part = reportPart(fileName);
        return part.flatMap(this::typeOfPart)
                .map(byType::get)
                .orElseGet(() -> ReportMapping.generic(part.orElse("unknown")));
    }

    private Optional<String> typeOfPart(String part) {
        for (FileName name : fileNames) {
            if (part.equals(name.name()) || part.startsWith(name.name() + "_")) {
                return Optional.of(name.type());
            }
        }
        return Optional.empty();
    }

    /** The report part of a Shadowserver file name, lower case. */
    static Optional<String> reportPart(String fileName) {
        if (fileName == null) {
            return Optional.empty();
        }
        String name = fileName.strip();
        int slash = Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\'));
        name = name.substring(slash + 1);
        if (name.length() > 255) {
            return Optional.empty();
        }
        Matcher matcher = FILE_NAME.matcher(name);
        return matcher.matches() ? Optional.of(matcher.group(1).toLowerCase(Locale.ROOT)) : Optional.empty();
    }

    private static boolean isYaml(Path path) {
        String name = path.getFileName().toString();
        return Files.isRegularFile(path) && (name.endsWith(".yaml") || name.endsWith(".yml"));
    }

    /** Classifications that are no RSIT type (the schema only checks their shape). */
    private static List<DefinitionProblem> treeProblems(LocatedTree tree) {
        var problems = new ArrayList<DefinitionProblem>();
        var reports = tree.root().path("reports");
        for (int i = 0; i < reports.size(); i++) {
            var report = reports.get(i);
            checkRsit(tree, report.path("classification"), "/reports/" + i + "/classification", problems);
            var values = report.path("overrides").path("values");
            for (int j = 0; j < values.size(); j++) {
                String pointer = "/reports/" + i + "/overrides/values/" + j + "/classification";
                checkRsit(tree, values.get(j).path("classification"), pointer, problems);
            }
        }
        return problems;
    }

    private static void checkRsit(LocatedTree tree, JsonNode value, String pointer, List<DefinitionProblem> out) {
        if (value.isTextual() && Rsit.categoryOf(value.asText()).isEmpty()) {
            out.add(new DefinitionProblem(
                    "",
                    tree.lineOf(pointer),
                    pointer,
                    "'%s' is not a type of the Reference Security Incident Taxonomy".formatted(value.asText())));
        }
    }
}
