package org.opencirt.common.yaml;

/**
 * One thing wrong in a definition file (feed, playbook): where, and what.
 *
 * @param file    the file name, or {@code api} for a definition sent through the API
 * @param line    the line in that file
 * @param pointer the JSON pointer of the offending value
 * @param message what is wrong
 */
public record DefinitionProblem(String file, int line, String pointer, String message) {

    @Override
    public String toString() {
        return "%s:%d: %s%s".formatted(file, line, pointer.isEmpty() ? "" : pointer + ": ", message);
    }
}
