package org.opencirt.playbook.definition;

import org.opencirt.common.WireEnum;

/** What makes the engine look at an incident. */
public enum Trigger implements WireEnum {
    /** An incident was created (any channel). */
    INCIDENT_CREATED("incident.created"),
    /** A person or client changed an incident's fields or state (not a playbook). */
    INCIDENT_UPDATED("incident.updated"),
    /** Observables were added to an incident. */
    OBSERVABLE_ADDED("observable.added"),
    /** An incident's observables matched indicators (at its correlation or in a feed run). */
    INDICATOR_MATCHED("indicator.matched"),
    /** A feed listed indicators inside the CIRT's constituency (the incident is the day's hit incident). */
    CONSTITUENCY_HIT("constituency.hit");

    private final String wire;

    Trigger(String wire) {
        this.wire = wire;
    }

    @Override
    public String wire() {
        return wire;
    }
}
