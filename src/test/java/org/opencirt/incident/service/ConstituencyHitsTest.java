package org.opencirt.incident.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.opencirt.incident.IncidentApiTest;
import org.opencirt.testing.Api;

/** The constituency entries a playbook sees for an incident: recorded by the incident, named by the tenant feature. */
@QuarkusTest
class ConstituencyHitsTest {

    @Inject
    ConstituencyHits hits;

    @Inject
    EntityManager em;

    @Test
    void anIncidentNamesItsCirtsEntriesByLabelOrValueAndNeverAnotherCirts() {
        var unique = UUID.randomUUID().toString().substring(0, 8);
        var ours = Api.asUser("cd-admin")
                .body("""
                {"entries": [{"kind": "domain", "value": "a-%1$s.example", "label": "Ministry %1$s"},
                             {"kind": "domain", "value": "b-%1$s.example"}]}
                """.formatted(unique))
                .post("/api/v1/constituency")
                .then()
                .statusCode(201)
                .extract()
                .jsonPath();
        var theirs = Api.asUser("ab-admin")
                .body("""
                {"entries": [{"kind": "domain", "value": "c-%1$s.example", "label": "Other CIRT %1$s"}]}
                """.formatted(unique))
                .post("/api/v1/constituency")
                .then()
                .statusCode(201)
                .extract()
                .jsonPath();
        var incident = UUID.fromString(
                IncidentApiTest.create("cd-analyst", "{\"title\": \"constituency hits " + unique + "\"}")
                        .getString("id"));
        var labelled = UUID.fromString(ours.getString("find { it.label != null }.id"));
        var unlabelled = UUID.fromString(ours.getString("find { it.label == null }.id"));
        var foreign = UUID.fromString(theirs.getString("[0].id"));
        try {
            record(incident, "feed-one", labelled);
            record(incident, "feed-two", labelled);
            record(incident, "feed-one", unlabelled);
            record(incident, "feed-one", foreign);

            assertThat(hits.constituencyEntries("cert-cd", incident))
                    .containsExactly("Ministry " + unique, "b-" + unique + ".example");
            assertThat(hits.constituencyEntries("cert-ab", incident)).isEmpty();
            assertThat(hits.constituencyEntries("cert-cd", UUID.randomUUID())).isEmpty();
        } finally {
            for (var id : List.of(labelled, unlabelled)) {
                Api.asUser("cd-admin")
                        .delete("/api/v1/constituency/" + id)
                        .then()
                        .statusCode(204);
            }
            Api.asUser("ab-admin")
                    .delete("/api/v1/constituency/" + foreign)
                    .then()
                    .statusCode(204);
        }
        assertThat(hits.constituencyEntries("cert-cd", incident))
                .as("removed entries name nothing")
                .isEmpty();
    }

    /** What a feed run records when it raises or reuses the incident for a constituency entry. */
    private void record(UUID incident, String feed, UUID entry) {
        QuarkusTransaction.requiringNew()
                .run(() -> em.createNativeQuery("""
                insert into constituency_incident (tenant, feed_id, day, entry_id, incident_id) values ('cert-cd', ?1, ?2, ?3, ?4)""")
                        .setParameter(1, feed)
                        .setParameter(2, LocalDate.now())
                        .setParameter(3, entry)
                        .setParameter(4, incident)
                        .executeUpdate());
    }
}
