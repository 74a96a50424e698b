package org.opencirt.exchange.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import org.opencirt.common.problem.ApiException;
import org.opencirt.exchange.repository.SharedIncidentAdoption;
import org.opencirt.exchange.service.SharedIncidents.SharedIncident;
import org.opencirt.exchange.service.SharedIncidents.Source;
import org.opencirt.incident.model.Channel;
import org.opencirt.incident.model.Severity;
import org.opencirt.incident.service.IncidentActivityService;
import org.opencirt.incident.service.IncidentCommands.CreateIncident;
import org.opencirt.incident.service.IncidentCommands.ObservableInput;
import org.opencirt.incident.service.IncidentService;

/**
 * A recipient opens an incident of its own from an incident another CIRT shared with it: the new incident holds the
 * shared parts only (what the recipient could read anyway), keeps the label, and names its source; both timelines
 * record the link. The owner learns which CIRT opened one and the id of its incident, never its content.
 */
@ApplicationScoped
public class SharedIncidentAdoptions {

    static final String OPENED_FROM = "opened-from-shared";
    static final String OPENED_BY_PARTNER = "opened-by-partner";

    /** An incident's description at most (CreateIncident): the source's note in front may push a long one over. */
    private static final int MAX_DESCRIPTION = 100_000;

    private final SharedIncidents shared;
    private final SharedIncidentAdoption.Adoptions adoptions;
    private final IncidentService incidents;
    private final IncidentActivityService activity;
    private final Clock clock;

    SharedIncidentAdoptions(
            SharedIncidents shared,
            SharedIncidentAdoption.Adoptions adoptions,
            IncidentService incidents,
            IncidentActivityService activity,
            Clock clock) {
        this.shared = shared;
        this.adoptions = adoptions;
        this.incidents = incidents;
        this.activity = activity;
        this.clock = clock;
    }

    /** The recipient's incident opened from a shared incident, and where it came from. */
    public record Opened(UUID incident, String reference, UUID sharedIncident, Source source) {}

    /**
     * @throws ApiException 404 when the incident is not (or no longer) shared with the CIRT, 409 when the CIRT already
     *         opened one from it (the answer names it)
     */
    @Transactional
    public Opened open(String cirt, String actor, UUID sharedIncident) {
        var copy = shared.get(cirt, sharedIncident);
        var existing = adoptions.of(sharedIncident, cirt);
        if (existing.isPresent()) {
            throw ApiException.conflict("Your CIRT already opened incident %s from this shared incident"
                    .formatted(existing.get().recipientIncident));
        }
        var created =
                incidents.create(command(copy), new IncidentService.Origin(cirt, actor, Channel.PARTNER, null, 0));
        var adoption = new SharedIncidentAdoption();
        adoption.id = UUID.randomUUID();
        adoption.owner = copy.source().cirt();
        adoption.incidentId = sharedIncident;
        adoption.recipient = cirt;
        adoption.recipientIncident = created.id();
        adoption.openedBy = actor;
        adoption.openedAt = clock.instant();
        adoptions.persist(adoption);
        activity.recordEvent(cirt, created.id(), OPENED_FROM, copy.source().cirt() + " " + sharedIncident, actor);
        activity.recordEvent(
                copy.source().cirt(), sharedIncident, OPENED_BY_PARTNER, cirt + " " + created.id(), "shared:" + cirt);
        return new Opened(created.id(), created.reference(), sharedIncident, copy.source());
    }

    private static CreateIncident command(SharedIncident from) {
        var sourceName = from.source().name() != null
                ? from.source().name()
                : from.source().cirt();
        var description = new StringBuilder("Opened from an incident shared by ")
                .append(sourceName)
                .append(from.reference() != null ? " (" + from.reference() + ")" : "")
                .append('.');
        if (from.description() != null) {
            description.append("\n\n").append(from.description());
        }
        if (description.length() > MAX_DESCRIPTION) {
            description.setLength(MAX_DESCRIPTION);
        }
        var observables = from.observables() == null
                ? List.<ObservableInput>of()
                : from.observables().stream()
                        .map(o -> new ObservableInput(o.type(), o.value()))
                        .toList();
        return new CreateIncident(
                from.title() != null ? from.title() : "Shared by " + sourceName,
                description.toString(),
                null,
                from.category(),
                from.type(),
                from.severity() == null ? null : org.opencirt.common.WireEnum.fromWire(Severity.class, from.severity()),
                null,
                from.tlp(),
                null,
                List.of("shared"),
                null,
                from.occurredAt(),
                null,
                null,
                null,
                observables);
    }
}
