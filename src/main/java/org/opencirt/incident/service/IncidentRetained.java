package org.opencirt.incident.service;

import java.util.UUID;

/**
 * Fired, synchronously in the change's transaction, when retention deleted an incident or replaced its
 * reporter's personal data (docs/retention.md): features that keep copies of an incident (the shared copies of
 * {@code exchange}) follow in the same transaction. Unlike {@link IncidentChanged}, it starts no triage.
 *
 * @param deleted true when the incident is gone, false when its personal data was pseudonymised
 */
public record IncidentRetained(String tenant, UUID incidentId, boolean deleted) {}
