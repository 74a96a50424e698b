package org.opencirt.incident.service;

import java.util.UUID;

/**
 * Fired when an incident changed in a way triage cares about; observers that act on it use
 * {@code during = AFTER_SUCCESS}, so they only ever see committed changes.
 *
 * @param actor who made the change ({@code playbook:...} for a playbook's own changes)
 */
public record IncidentChanged(String tenant, UUID incidentId, Change change, String actor) {

    /** What happened to the incident. */
    public enum Change {
        CREATED,
        UPDATED,
        OBSERVABLES_ADDED,
        INDICATORS_MATCHED,
        CONSTITUENCY_HIT
    }
}
