package org.opencirt.docs;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The simple commands of a shell block, as bash would split them: continuation lines joined,
 * comments dropped, split at {@code | || && ;} and new lines, leading {@code NAME=value}
 * assignments set apart, and the commands inside {@code $(...)} listed too. Quotes are kept
 * out of the words. Enough for the docs' commands, not a shell.
 */
final class ShellCommands {

    /** A simple command: its assignments ({@code NAME=value}), its program and its arguments. */
    record Command(List<String> assignments, String program, List<String> args) {

        @Override
        public String toString() {
            return String.join(" ", assignments) + (assignments.isEmpty() ? "" : " ") + program + " "
                    + String.join(" ", args);
        }
    }

    private static final Set<String> OPERATORS = Set.of("|", "||", "&&", ";", "\n", "&");

    private ShellCommands() {}

    static List<Command> of(String script) {
        var commands = new ArrayList<Command>();
        var words = new ArrayList<String>();
        for (var token : tokens(script.replace("\\\n", " "), commands)) {
            if (OPERATORS.contains(token)) {
                add(words, commands);
                words.clear();
            } else {
                words.add(token);
            }
        }
        add(words, commands);
        return commands;
    }

    private static void add(List<String> words, List<Command> commands) {
        var assignments = new ArrayList<String>();
        int i = 0;
        while (i < words.size() && words.get(i).matches("[A-Za-z_][A-Za-z0-9_]*=.*")) {
            assignments.add(words.get(i++));
        }
        if (i < words.size()) {
            commands.add(new Command(assignments, words.get(i), List.copyOf(words.subList(i + 1, words.size()))));
        } else if (!assignments.isEmpty()) {
            commands.add(new Command(assignments, "", List.of()));
        }
    }

    /** Words and operators; the commands of every {@code $(...)} go to {@code nested}. */
    private static List<String> tokens(String script, List<Command> nested) {
        var tokens = new ArrayList<String>();
        var word = new StringBuilder();
        boolean inWord = false;
        for (int i = 0; i < script.length(); i++) {
            char c = script.charAt(i);
            if (c == '\'') {
                int end = script.indexOf('\'', i + 1);
                end = end < 0 ? script.length() : end;
                word.append(script, i + 1, end);
                i = end;
                inWord = true;
            } else if (c == '"') {
                int end = i + 1;
                while (end < script.length() && script.charAt(end) != '"') {
                    if (script.charAt(end) == '\\') {
                        end++;
                    } else if (script.startsWith("$(", end)) {
                        int close = closing(script, end + 1);
                        nested.addAll(of(script.substring(end + 2, close)));
                        end = close;
                    }
                    end++;
                }
                word.append(script, i + 1, Math.min(end, script.length()));
                i = end;
                inWord = true;
            } else if (c == '\\' && i + 1 < script.length()) {
                word.append(script.charAt(++i));
                inWord = true;
            } else if (c == '$' && i + 1 < script.length() && script.charAt(i + 1) == '(') {
                int close = closing(script, i + 1);
                nested.addAll(of(script.substring(i + 2, close)));
                word.append(script, i, Math.min(close + 1, script.length()));
                i = close;
                inWord = true;
            } else if (c == '#' && !inWord) {
                while (i + 1 < script.length() && script.charAt(i + 1) != '\n') {
                    i++;
                }
            } else if (c == ' ' || c == '\t') {
                inWord = flush(word, inWord, tokens);
            } else if (c == '\n' || c == ';' || c == '|' || c == '&') {
                inWord = flush(word, inWord, tokens);
                if ((c == '|' || c == '&') && i + 1 < script.length() && script.charAt(i + 1) == c) {
                    tokens.add("" + c + c);
                    i++;
                } else {
                    tokens.add(String.valueOf(c));
                }
            } else {
                word.append(c);
                inWord = true;
            }
        }
        flush(word, inWord, tokens);
        return tokens;
    }

    private static boolean flush(StringBuilder word, boolean inWord, List<String> tokens) {
        if (inWord) {
            tokens.add(word.toString());
            word.setLength(0);
        }
        return false;
    }

    /** The index of the parenthesis that closes the one at {@code open}, quotes respected. */
    private static int closing(String script, int open) {
        int depth = 0;
        for (int i = open; i < script.length(); i++) {
            char c = script.charAt(i);
            if (c == '\'') {
                int end = script.indexOf('\'', i + 1);
                i = end < 0 ? script.length() : end;
            } else if (c == '(') {
                depth++;
            } else if (c == ')' && --depth == 0) {
                return i;
            }
        }
        return script.length() - 1;
    }
}
