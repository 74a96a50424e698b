package org.opencirt.incident;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.opencirt.incident.repository.IncidentMatchRepository;
import org.opencirt.testing.Api;
import org.opencirt.testing.KeycloakUsers;

/**
 * Two fresh CIRTs (so that no other test's incidents are in their figures), each with a lead, incidents whose
 * creation time is moved back by known amounts, state changes made through the API, and indicator matches.
 */
@ApplicationScoped
public class StatisticsFixture {

    /** A spreadsheet formula as an indicator value: what a hostile feed could send. */
    public static final String HOSTILE = "=HYPERLINK(\"http://evil.example/\",\"open me\")";

    private final KeycloakUsers users;
    private final EntityManager em;
    private final IncidentMatchRepository matches;

    StatisticsFixture(KeycloakUsers users, EntityManager em, IncidentMatchRepository matches) {
        this.users = users;
        this.em = em;
        this.matches = matches;
    }

    /** A new CIRT onboarded through the API, and the username of a lead of it. */
    public record Cirt(String id, String lead) {}

    public Cirt newCirt() {
        var id = "stat-" + UUID.randomUUID().toString().substring(0, 8);
        Api.asUser("platform-admin")
                .body("""
                {"id": "%s", "name": "CERT %s", "countryCode": "WS", "contactEmail": "cert@%s.example.org"}
                """.formatted(id, id, id))
                .post("/api/v1/tenants")
                .then()
                .statusCode(201);
        return new Cirt(id, users.create(List.of("lead"), List.of(id)));
    }

    /** Creates an incident through the API and moves its creation time back by {@code age}. */
    public UUID incident(Cirt cirt, String type, Duration age) {
        var body = type == null
                ? "{\"title\": \"statistics\"}"
                : "{\"title\": \"statistics\", \"type\": \"%s\"}".formatted(type);
        var id = UUID.fromString(IncidentApiTest.create(cirt.lead(), body).getString("id"));
        QuarkusTransaction.requiringNew()
                .run(() -> em.createNativeQuery(
                                "update incident set created_at = created_at - make_interval(secs => ?1) where id = ?2")
                        .setParameter(1, (double) age.toSeconds())
                        .setParameter(2, id)
                        .executeUpdate());
        return id;
    }

    /** Moves an incident to a state through the API. */
    public void move(Cirt cirt, UUID incident, String to) {
        IncidentApiTest.move(cirt.lead(), incident, to);
    }

    /** When the incident was created, as stored. */
    public Instant createdAt(UUID incident) {
        return QuarkusTransaction.requiringNew()
                .call(() -> (Instant) em.createNativeQuery("select created_at from incident where id = ?1")
                        .setParameter(1, incident)
                        .getSingleResult());
    }

    /** When the incident first moved into a state, from its timeline as the API shows it. */
    public Instant firstMoveInto(Cirt cirt, UUID incident, String state) {
        var timeline = Api.asUser(cirt.lead())
                .get("/api/v1/incidents/%s/timeline".formatted(incident))
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        List<String> at = timeline.getList("findAll { it.field == 'state' && it.after == '%s' }.at".formatted(state));
        return at.stream().map(Instant::parse).min(Instant::compareTo).orElseThrow();
    }

    /** Records that an indicator matched an incident, optionally as if it had matched {@code age} ago. */
    public void match(Cirt cirt, UUID incident, String value, String feed, String classification, Duration age) {
        QuarkusTransaction.requiringNew().run(() -> {
            matches.record(
                    incident,
                    cirt.id(),
                    value,
                    "ind-" + UUID.randomUUID(),
                    "url",
                    value,
                    List.of(feed),
                    classification,
                    80,
                    "CLEAR");
            em.createNativeQuery(
                            "update incident_match set matched_at = matched_at - make_interval(secs => ?1) where incident_id = ?2 and observable = ?3")
                    .setParameter(1, (double) age.toSeconds())
                    .setParameter(2, incident)
                    .setParameter(3, value)
                    .executeUpdate();
        });
    }
}
