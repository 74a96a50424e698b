package org.opencirt.incident.model;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.opencirt.common.WireEnum;

/**
 * The lifecycle of an incident. {@code new -> triaged -> in-progress -> resolved -> closed}, with
 * {@code waiting} for an answer from outside, three ways to end a report that is not an
 * incident ({@code rejected}, {@code duplicate}, {@code false-positive}), and reopening.
 */
public enum IncidentState implements WireEnum {
    NEW,
    TRIAGED,
    IN_PROGRESS,
    WAITING,
    RESOLVED,
    CLOSED,
    REJECTED,
    DUPLICATE,
    FALSE_POSITIVE;

    private static final Map<IncidentState, Set<IncidentState>> NEXT = Map.of(
            NEW, EnumSet.of(TRIAGED, IN_PROGRESS, WAITING, REJECTED, DUPLICATE, FALSE_POSITIVE),
            TRIAGED, EnumSet.of(IN_PROGRESS, WAITING, RESOLVED, REJECTED, DUPLICATE, FALSE_POSITIVE),
            IN_PROGRESS, EnumSet.of(WAITING, RESOLVED, DUPLICATE, FALSE_POSITIVE),
            WAITING, EnumSet.of(IN_PROGRESS, RESOLVED, CLOSED),
            RESOLVED, EnumSet.of(CLOSED, IN_PROGRESS),
            CLOSED, EnumSet.of(IN_PROGRESS),
            REJECTED, EnumSet.of(TRIAGED),
            DUPLICATE, EnumSet.of(TRIAGED),
            FALSE_POSITIVE, EnumSet.of(TRIAGED));

    /**
     * The states in which nobody needs to work on the incident any more: the one list, which queries
     * (native SQL included) take as a parameter rather than spell out again.
     */
    public static final Set<IncidentState> DONE =
            Collections.unmodifiableSet(EnumSet.of(RESOLVED, CLOSED, REJECTED, DUPLICATE, FALSE_POSITIVE));

    /** The other states: someone still works on the incident. */
    public static final Set<IncidentState> OPEN =
            Collections.unmodifiableSet(EnumSet.complementOf(EnumSet.copyOf(DONE)));

    /** The states this one may move to (moving out of resolved, closed or a rejection is a reopen). */
    public Set<IncidentState> next() {
        return NEXT.get(this);
    }

    public boolean canMoveTo(IncidentState target) {
        return next().contains(target);
    }

    /** True for the states in which nobody needs to work on the incident any more. */
    public boolean isDone() {
        return DONE.contains(this);
    }
}
