package org.opencirt.common.yaml;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;

/**
 * Reads YAML definitions (feeds, playbooks) into records: JSON Schema first, which reports
 * every problem at once with its line; then binding (kebab-case keys) into the record type.
 *
 * @param <T> the definition record
 */
public final class DefinitionReader<T> {

    /** The mapper definitions are bound with: kebab-case keys, unknown keys refused. */
    public static final ObjectMapper MAPPER = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.KEBAB_CASE)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .addModule(new JavaTimeModule())
            .build();

    private final Class<T> type;
    private final JsonSchema schema;
    private final Function<LocatedTree, List<DefinitionProblem>> treeChecks;

    /**
     * @param schemaResource a JSON Schema (2020-12) on the classpath
     * @param treeChecks     checks the schema cannot express, run on the tree even when the schema
     *                       fails, so that one answer lists every problem (given the file name via
     *                       {@link DefinitionProblem#file()} placeholder {@code ""}, replaced here)
     */
    public DefinitionReader(
            Class<T> type, String schemaResource, Function<LocatedTree, List<DefinitionProblem>> treeChecks) {
        this.type = type;
        this.treeChecks = treeChecks;
        try (var in = DefinitionReader.class.getClassLoader().getResourceAsStream(schemaResource)) {
            if (in == null) {
                throw new IllegalStateException("missing schema " + schemaResource);
            }
            this.schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
                    .getSchema(MAPPER.readTree(in));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A definition read, or every problem found in it. */
    public record Result<T>(T value, LocatedTree tree, List<DefinitionProblem> problems) {

        public boolean ok() {
            return problems.isEmpty();
        }
    }

    /** Reads one definition from YAML (or JSON, which is YAML) text. */
    public Result<T> read(String file, String text) {
        LocatedTree tree;
        try {
            tree = LocatedTree.parse(text);
        } catch (LocatedTree.YamlException e) {
            return new Result<>(
                    null,
                    null,
                    List.of(new DefinitionProblem(file, e.line(), "", "not valid YAML: " + e.getMessage())));
        }
        var problems = new ArrayList<DefinitionProblem>();
        for (var problem : treeChecks.apply(tree)) {
            problems.add(new DefinitionProblem(file, problem.line(), problem.pointer(), problem.message()));
        }
        for (var message : schema.validate(tree.root())) {
            var pointer = toPointer(message.getInstanceLocation());
            if ("additionalProperties".equals(message.getType()) && message.getProperty() != null) {
                pointer = pointer + "/" + message.getProperty();
            }
            problems.add(new DefinitionProblem(
                    file, tree.lineOf(pointer), pointer, message.getMessage().replaceFirst("^\\$[^:]*: ", "")));
        }
        if (!problems.isEmpty()) {
            problems.sort(Comparator.comparingInt(DefinitionProblem::line));
            return new Result<>(null, tree, problems);
        }
        try {
            return new Result<>(MAPPER.treeToValue(tree.root(), type), tree, List.of());
        } catch (JsonMappingException e) {
            var pointer = new StringBuilder();
            for (var ref : e.getPath()) {
                pointer.append('/').append(ref.getFieldName() != null ? ref.getFieldName() : ref.getIndex());
            }
            return new Result<>(
                    null,
                    tree,
                    List.of(new DefinitionProblem(
                            file,
                            tree.lineOf(pointer.toString()),
                            pointer.toString(),
                            e.getOriginalMessage().lines().findFirst().orElse("cannot be read"))));
        } catch (IOException e) {
            return new Result<>(null, tree, List.of(new DefinitionProblem(file, 1, "", e.getMessage())));
        }
    }

    private static String toPointer(com.networknt.schema.JsonNodePath path) {
        var pointer = new StringBuilder();
        for (int i = 0; i < path.getNameCount(); i++) {
            pointer.append('/').append(path.getName(i));
        }
        return pointer.toString();
    }
}
