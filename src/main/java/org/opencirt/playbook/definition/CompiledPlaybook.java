package org.opencirt.playbook.definition;

import org.opencirt.playbook.condition.Condition;

/**
 * A playbook checked and ready to run: its definition and its compiled condition.
 *
 * @param owner   the CIRT that added it, or null for a shipped playbook
 * @param enabled whether it runs for the CIRT it was looked up for
 * @param source  the YAML it was read from
 */
public record CompiledPlaybook(Playbook definition, Condition condition, String owner, boolean enabled, String source) {

    public String id() {
        return definition.id();
    }

    public CompiledPlaybook withEnabled(boolean value) {
        return new CompiledPlaybook(definition, condition, owner, value, source);
    }
}
