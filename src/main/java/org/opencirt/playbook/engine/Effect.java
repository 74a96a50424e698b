package org.opencirt.playbook.engine;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One thing an action did or would do, as the run log and dry-runs show it: a field change with
 * its value before and after, or something added or sent ({@code task}, {@code comment},
 * {@code link}, {@code email}, {@code webhook}, {@code stop}).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Effect(String kind, String field, Object before, Object after, String detail) {

    public static Effect change(String field, Object before, Object after) {
        return new Effect("change", field, before, after, null);
    }

    public static Effect added(String kind, String detail) {
        return new Effect(kind, null, null, null, detail);
    }
}
