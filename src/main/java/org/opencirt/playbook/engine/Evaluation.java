package org.opencirt.playbook.engine;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * What one playbook did on one pass: whether its condition held (or failed, with the error),
 * each action's effects or error, and the microseconds the condition took (with the facts it
 * reads), as wall time and as the thread's CPU time.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Evaluation(
        String playbook,
        int version,
        Boolean matched,
        String error,
        List<ActionOutcome> actions,
        boolean stopped,
        long conditionMicros,
        long conditionCpuMicros) {

    /** One action: what it changed (before and after) or added, or why it failed. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ActionOutcome(String action, List<Effect> effects, String error) {}
}
