package org.opencirt.playbook.definition;

import java.util.List;

/**
 * A triage playbook: when it runs ({@code trigger}, {@code order}), on what ({@code when}, a CEL
 * condition over the incident), and what it does ({@code actions}). Read from
 * {@code playbooks/*.yaml} (shipped with the platform) or sent by a CIRT admin through the API;
 * both are checked against {@code schemas/playbook.schema.json} and compiled before use.
 */
public record Playbook(
        String id,
        String name,
        String description,
        int version,
        Trigger trigger,
        Integer order,
        String when,
        List<Action> actions) {

    /** Where a playbook runs among those of its trigger when it gives no order. */
    public static final int DEFAULT_ORDER = 500;

    public int orderOrDefault() {
        return order == null ? DEFAULT_ORDER : order;
    }

    /** The actor playbook changes are recorded under: {@code playbook:<id>@<version>}. */
    public String actor() {
        return "playbook:" + id + "@" + version;
    }
}
