package org.opencirt.incident.email;

import java.util.ArrayList;
import java.util.List;

/** The warnings of one parse, for the analyst: in the order they arose, each once. */
final class MessageWarnings {

    private final List<String> warnings = new ArrayList<>();

    void add(String warning) {
        if (!warnings.contains(warning)) {
            warnings.add(warning);
        }
    }

    List<String> list() {
        return warnings;
    }
}
