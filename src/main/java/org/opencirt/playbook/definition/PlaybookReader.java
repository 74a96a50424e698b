package org.opencirt.playbook.definition;

import java.util.ArrayList;
import java.util.List;
import org.opencirt.common.Mailboxes;
import org.opencirt.common.yaml.DefinitionProblem;
import org.opencirt.common.yaml.DefinitionReader;
import org.opencirt.common.yaml.LocatedTree;
import org.opencirt.incident.model.Rsit;
import org.opencirt.playbook.condition.Condition;

/**
 * Reads a playbook from YAML and checks everything before anything runs: the schema (unknown
 * fields, wrong values), unknown actions, the CEL condition (syntax, unknown variables, types),
 * RSIT classifications, template placeholders and e-mail recipients (one plain address each). Every problem is reported at once, with its
 * line; a playbook with one problem is not loaded at all.
 */
public final class PlaybookReader {

    /** The schema playbooks are checked against. */
    public static final String SCHEMA = "schemas/playbook.schema.json";

    private static final DefinitionReader<Playbook> READER =
            new DefinitionReader<>(Playbook.class, SCHEMA, PlaybookReader::unknownActions);

    private PlaybookReader() {}

    /** A playbook read, or every problem found in it. */
    public record Result(CompiledPlaybook playbook, List<DefinitionProblem> problems) {

        public boolean ok() {
            return problems.isEmpty();
        }
    }

    /**
     * Reads and checks one playbook.
     *
     * @param file  the file name in problems ({@code api} for one sent through the API)
     * @param owner the CIRT it belongs to, or null for a shipped playbook
     */
    public static Result read(String file, String text, String owner) {
        var read = READER.read(file, text);
        var problems = new ArrayList<DefinitionProblem>(read.problems());
        if (read.tree() != null && read.value() == null && problems.isEmpty()) {
            problems.add(new DefinitionProblem(file, 1, "", "empty playbook"));
        }
        if (read.tree() != null) {
            conditionProblems(file, read.tree(), problems);
        }
        if (!problems.isEmpty() || read.value() == null) {
            problems.sort((a, b) -> Integer.compare(a.line(), b.line()));
            return new Result(null, List.copyOf(problems));
        }
        var playbook = read.value();
        semanticProblems(file, playbook, read.tree(), problems);
        if (!problems.isEmpty()) {
            return new Result(null, List.copyOf(problems));
        }
        var condition = Condition.compile(playbook.when()).condition();
        return new Result(new CompiledPlaybook(playbook, condition, owner, true, text), List.of());
    }

    /**
     * The secret references of a playbook's webhooks, by JSON pointer, in order: whether each may
     * be used depends on who wrote the playbook (see {@link org.opencirt.secret.SecretReferences}).
     */
    public static java.util.Map<String, String> webhookSecrets(Playbook playbook) {
        var secrets = new java.util.LinkedHashMap<String, String>();
        for (int i = 0; i < playbook.actions().size(); i++) {
            if (playbook.actions().get(i) instanceof Action.Notify n && n.webhook() != null) {
                secrets.put(
                        "/actions/" + i + "/notify/webhook/secret", n.webhook().secret());
            }
        }
        return secrets;
    }

    private static List<DefinitionProblem> unknownActions(LocatedTree tree) {
        var problems = new ArrayList<DefinitionProblem>();
        var actions = tree.root().path("actions");
        if (!actions.isArray()) {
            return problems; // the schema says what actions must be
        }
        for (int i = 0; i < actions.size(); i++) {
            var names = actions.get(i).fieldNames();
            while (names.hasNext()) {
                var name = names.next();
                if (!Action.NAMES.contains(name)) {
                    var pointer = "/actions/" + i + "/" + name;
                    problems.add(new DefinitionProblem(
                            "",
                            tree.lineOf(pointer),
                            pointer,
                            "unknown action '%s'; the actions are %s"
                                    .formatted(name, String.join(", ", Action.NAMES))));
                }
            }
        }
        return problems;
    }

    private static void conditionProblems(String file, LocatedTree tree, List<DefinitionProblem> problems) {
        var when = tree.root().path("when");
        if (!when.isTextual() || when.asText().isBlank() || when.asText().length() > Condition.MAX_LENGTH) {
            return; // the schema says what is wrong
        }
        var line = tree.lineOf("/when");
        for (var problem : Condition.compile(when.asText()).problems()) {
            problems.add(new DefinitionProblem(
                    file,
                    line,
                    "/when",
                    "condition, line %d column %d: %s".formatted(problem.line(), problem.column(), problem.message())));
        }
    }

    private static void semanticProblems(
            String file, Playbook playbook, LocatedTree tree, List<DefinitionProblem> problems) {
        for (int i = 0; i < playbook.actions().size(); i++) {
            var pointer = "/actions/" + i;
            var action = playbook.actions().get(i);
            var at = pointer + "/" + action.name();
            switch (action) {
                case Action.SetClassification c -> {
                    if (!Rsit.categories().contains(c.category())) {
                        problems.add(problem(
                                file,
                                tree,
                                at + "/category",
                                "'%s' is not an RSIT category; allowed: %s"
                                        .formatted(c.category(), String.join(", ", Rsit.categories()))));
                    } else if (c.type() != null
                            && !Rsit.types(c.category()).orElse(List.of()).contains(c.type())) {
                        problems.add(problem(
                                file,
                                tree,
                                at + "/type",
                                "'%s' is not a type of RSIT category '%s'; allowed: %s"
                                        .formatted(
                                                c.type(),
                                                c.category(),
                                                String.join(
                                                        ", ",
                                                        Rsit.types(c.category()).orElse(List.of())))));
                    }
                }
                case Action.Assign a -> {
                    if ((a.user() == null) == (a.role() == null)) {
                        problems.add(problem(file, tree, at, "give either 'user' or 'role'"));
                    }
                }
                case Action.AddComment c -> templateProblems(file, tree, at + "/text", c.text(), problems);
                case Action.Escalate e -> templateProblems(file, tree, at + "/message", e.message(), problems);
                case Action.Notify n -> {
                    if (n.email() != null) {
                        if (n.email().to() != null) {
                            Mailboxes.problem(n.email().to())
                                    .ifPresent(m -> problems.add(problem(file, tree, at + "/email/to", m)));
                        }
                        templateProblems(
                                file, tree, at + "/email/subject", n.email().subject(), problems);
                        templateProblems(
                                file, tree, at + "/email/body", n.email().body(), problems);
                    }
                }
                case Action.Stop s -> {
                    if (i != playbook.actions().size() - 1) {
                        problems.add(problem(file, tree, at, "'stop' must be the last action"));
                    }
                }
                default -> {}
            }
        }
    }

    private static void templateProblems(
            String file, LocatedTree tree, String pointer, String template, List<DefinitionProblem> problems) {
        for (var name : Templates.unknown(template)) {
            problems.add(problem(
                    file,
                    tree,
                    pointer,
                    "unknown placeholder {{%s}}; the placeholders are %s"
                            .formatted(
                                    name,
                                    String.join(
                                            ", ",
                                            Templates.NAMES.stream().sorted().toList()))));
        }
    }

    private static DefinitionProblem problem(String file, LocatedTree tree, String pointer, String message) {
        return new DefinitionProblem(file, tree.lineOf(pointer), pointer, message);
    }
}
