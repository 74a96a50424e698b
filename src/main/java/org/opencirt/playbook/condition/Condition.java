package org.opencirt.playbook.condition;

import com.google.protobuf.Timestamp;
import dev.cel.bundle.Cel;
import dev.cel.bundle.CelFactory;
import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelOptions;
import dev.cel.common.CelValidationException;
import dev.cel.common.types.CelType;
import dev.cel.common.types.ListType;
import dev.cel.common.types.MapType;
import dev.cel.common.types.SimpleType;
import dev.cel.extensions.CelExtensions;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A playbook's {@code when}: a CEL expression over the incident, compiled and type-checked
 * against the variables below. CEL has no side effects and no way to call code; what is left to
 * bound is its cost, so expressions are limited in size and nesting, every list comprehension
 * ({@code exists}, {@code all}, {@code filter}, {@code map}) in iterations, and the texts they
 * read in length (see {@code Facts}). The strings extension ({@code lowerAscii}, {@code trim},
 * {@code indexOf}, ...) is there because {@code text.lowerAscii().contains('x')} costs a fraction
 * of a case-insensitive regular expression over the same text.
 */
public final class Condition {

    /** Longest expression accepted, in code points. */
    public static final int MAX_LENGTH = 2000;

    private static final CelType STRINGS = ListType.create(SimpleType.STRING);

    /** The variables a condition reads, their CEL types, and what they hold (the README lists them). */
    public static final Map<String, Variable> VARIABLES = variables();

    /** A condition variable: its CEL type and meaning. */
    public record Variable(CelType type, String meaning) {}

    private static final Cel CEL = build();

    private final String source;
    private final CelRuntime.Program program;

    private Condition(String source, CelRuntime.Program program) {
        this.source = source;
        this.program = program;
    }

    /** Where and what a compile problem is: line and column in the expression (1-based). */
    public record Problem(int line, int column, String message) {}

    /** A compiled condition, or every problem the compiler found. */
    public record Compiled(Condition condition, List<Problem> problems) {}

    /** Compiles and type-checks an expression; it must be a bool. */
    public static Compiled compile(String source) {
        var result = CEL.compile(source);
        if (result.hasError()) {
            var problems = new ArrayList<Problem>();
            for (var issue : result.getErrors()) {
                var location = issue.getSourceLocation();
                problems.add(
                        new Problem(Math.max(location.getLine(), 1), location.getColumn() + 1, issue.getMessage()));
            }
            return new Compiled(null, problems);
        }
        try {
            CelAbstractSyntaxTree ast = result.getAst();
            return new Compiled(new Condition(source, CEL.createProgram(ast)), List.of());
        } catch (CelValidationException | CelEvaluationException e) {
            return new Compiled(null, List.of(new Problem(1, 1, e.getMessage())));
        }
    }

    /**
     * Evaluates the condition over an incident's facts.
     *
     * @throws EvaluationFailed when the expression fails at run time (no such key, too many
     *                          iterations, a division by zero)
     */
    public boolean test(Map<String, Object> facts) {
        try {
            return Boolean.TRUE.equals(program.eval(facts));
        } catch (CelEvaluationException e) {
            throw new EvaluationFailed(e.getMessage());
        }
    }

    public String source() {
        return source;
    }

    /** A condition that could not be evaluated for one incident. */
    public static final class EvaluationFailed extends RuntimeException {
        public EvaluationFailed(String message) {
            super(message);
        }
    }

    /** A time as CEL holds it. */
    public static Timestamp timestamp(Instant instant) {
        return Timestamp.newBuilder()
                .setSeconds(instant.getEpochSecond())
                .setNanos(instant.getNano())
                .build();
    }

    private static Cel build() {
        var options = CelOptions.current()
                .maxExpressionCodePointSize(MAX_LENGTH)
                .maxParseRecursionDepth(32)
                .maxParseExpressionNodeCount(400)
                .comprehensionMaxIterations(20_000)
                .maxRegexProgramSize(200)
                .build();
        var builder = CelFactory.standardCelBuilder()
                .setOptions(options)
                .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
                .addCompilerLibraries(CelExtensions.strings())
                .addRuntimeLibraries(CelExtensions.strings())
                .setResultType(SimpleType.BOOL);
        VARIABLES.forEach((name, variable) -> builder.addVar(name, variable.type()));
        return builder.build();
    }

    private static Map<String, Variable> variables() {
        var v = new LinkedHashMap<String, Variable>();
        v.put(
                "trigger",
                new Variable(SimpleType.STRING, "what started this pass: incident.created, incident.updated, ..."));
        v.put("reference", new Variable(SimpleType.STRING, "the incident's reference, CERT-AB-2026-000042"));
        v.put("title", new Variable(SimpleType.STRING, "title"));
        v.put("description", new Variable(SimpleType.STRING, "description (its first 4,000 characters)"));
        v.put("category", new Variable(SimpleType.STRING, "RSIT category, '' when unclassified"));
        v.put("type", new Variable(SimpleType.STRING, "RSIT type, '' when none"));
        v.put("severity", new Variable(SimpleType.STRING, "low, medium, high or critical"));
        v.put("severity_level", new Variable(SimpleType.INT, "severity as 1 (low) to 4 (critical)"));
        v.put("priority", new Variable(SimpleType.STRING, "P1 to P4"));
        v.put("tlp", new Variable(SimpleType.STRING, "CLEAR, GREEN, AMBER, AMBER+STRICT or RED"));
        v.put("tlp_level", new Variable(SimpleType.INT, "TLP as 0 (CLEAR) to 4 (RED)"));
        v.put("state", new Variable(SimpleType.STRING, "lifecycle state: new, triaged, in-progress, ..."));
        v.put("channel", new Variable(SimpleType.STRING, "how it arrived: api, partner, public, email, feed"));
        v.put("tags", new Variable(STRINGS, "tags"));
        v.put("sector", new Variable(SimpleType.STRING, "the affected sector, '' when unknown"));
        v.put("assignee", new Variable(SimpleType.STRING, "who has it, '' when nobody"));
        v.put(
                "reporter",
                new Variable(
                        MapType.create(SimpleType.STRING, SimpleType.STRING),
                        "reporter: name, email, org, client (the partner client), '' when unknown"));
        v.put(
                "observables",
                new Variable(
                        ListType.create(MapType.create(SimpleType.STRING, SimpleType.STRING)),
                        "observables: each {type, value}"));
        v.put(
                "matches",
                new Variable(
                        ListType.create(MapType.create(SimpleType.STRING, SimpleType.DYN)),
                        "indicator matches: each {observable, type, value, feeds (list), classification, confidence (int), tlp}"));
        v.put("feeds", new Variable(STRINGS, "every feed among the matches"));
        v.put(
                "constituency",
                new Variable(STRINGS, "constituency entries a feed hit for this incident (labels or values)"));
        v.put("reported_at", new Variable(SimpleType.TIMESTAMP, "when it was reported"));
        v.put("now", new Variable(SimpleType.TIMESTAMP, "the time of evaluation"));
        return Collections.unmodifiableMap(v);
    }
}
