package org.opencirt.incident.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Every pair of states: allowed exactly when the lifecycle says so. */
class IncidentStateTest {

    private static final Map<String, Set<String>> LIFECYCLE = Map.of(
            "new", Set.of("triaged", "in-progress", "waiting", "rejected", "duplicate", "false-positive"),
            "triaged", Set.of("in-progress", "waiting", "resolved", "rejected", "duplicate", "false-positive"),
            "in-progress", Set.of("waiting", "resolved", "duplicate", "false-positive"),
            "waiting", Set.of("in-progress", "resolved", "closed"),
            "resolved", Set.of("closed", "in-progress"),
            "closed", Set.of("in-progress"),
            "rejected", Set.of("triaged"),
            "duplicate", Set.of("triaged"),
            "false-positive", Set.of("triaged"));

    @ParameterizedTest
    @EnumSource(IncidentState.class)
    void eachStateMovesOnlyToItsAllowedNextStates(IncidentState from) {
        for (var to : EnumSet.allOf(IncidentState.class)) {
            assertThat(from.canMoveTo(to))
                    .as("%s -> %s", from.wire(), to.wire())
                    .isEqualTo(LIFECYCLE.get(from.wire()).contains(to.wire()));
        }
    }

    @ParameterizedTest
    @EnumSource(IncidentState.class)
    void theDoneStatesAreTheOnesNobodyWorksOnAndEveryOtherIsOpen(IncidentState state) {
        var done = Set.of("resolved", "closed", "rejected", "duplicate", "false-positive");
        assertThat(state.isDone()).as(state.wire()).isEqualTo(done.contains(state.wire()));
        assertThat(IncidentState.DONE.contains(state)).isNotEqualTo(IncidentState.OPEN.contains(state));
    }

    @ParameterizedTest
    @EnumSource(IncidentState.class)
    void noStateMovesToItself(IncidentState state) {
        assertThat(state.canMoveTo(state)).isFalse();
    }
}
