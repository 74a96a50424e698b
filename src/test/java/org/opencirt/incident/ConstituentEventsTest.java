package org.opencirt.incident;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.opencirt.common.Tlp;
import org.opencirt.incident.service.ConstituentEvents;
import org.opencirt.incident.service.ConstituentEvents.EventInput;
import org.opencirt.tenant.constituency.ConstituencyService;
import org.opencirt.testing.Api;

@QuarkusTest
class ConstituentEventsTest {

    @Inject
    ConstituentEvents events;

    @Inject
    ConstituencyService constituency;

    private static EventInput event(String ip, String classification, Instant at) {
        var fields = new LinkedHashMap<String, String>();
        fields.put("tag", "rdp");
        fields.put("naics", "517311");
        fields.put("sector", "Communications");
        return new EventInput(
                UUID.randomUUID().toString().replace("-", ""),
                "scan_rdp",
                classification,
                "open-rdp",
                at,
                ip,
                3389,
                "tcp",
                null,
                null,
                fields);
    }

    @Test
    void eventsAttachToOneIncidentPerConstituentClassificationAndDayAndAreKeptOnce() {
        var net = "2001:db8:%x".formatted(ThreadLocalRandom.current().nextInt(0x1000, 0x10000));
        var name = "Events ISP " + UUID.randomUUID().toString().substring(0, 8);
        var constituent = Api.asUser("cd-admin")
                .body(Map.of("name", name, "entries", List.of(Map.of("kind", "network", "value", net + "::/48"))))
                .post("/api/v1/constituents")
                .then()
                .statusCode(201)
                .extract()
                .<String>path("id");
        var day = Instant.parse("2026-12-07T03:12:44Z");
        var first = event(net + "::1", "potentially-unwanted-accessible", day);
        var batch = List.of(
                first,
                event(net + ":1::2", "potentially-unwanted-accessible", day.plusSeconds(60)),
                event(net + ":2::3", "vulnerable-system", day),
                event(net + "::4", "potentially-unwanted-accessible", day.plusSeconds(86_400)),
                // a host no entry of the CIRT holds
                event("2001:db8:ffff:ffff::9", "potentially-unwanted-accessible", day));
        var owners = constituency.owners("cert-cd");

        var recorded = events.record("cert-cd", "shadowserver-cd", Tlp.AMBER, batch, owners);
        assertThat(recorded.added()).isEqualTo(5);
        assertThat(recorded.unassigned()).isEqualTo(1);
        assertThat(recorded.incidentsOpened())
                .as("two classifications on the first day, one on the next")
                .isEqualTo(3);

        // the same rows again (a report fetched twice) add nothing and open nothing
        var again = events.record("cert-cd", "shadowserver-cd", Tlp.AMBER, List.of(first), owners);
        assertThat(again.added()).isZero();
        assertThat(again.incidentsOpened()).isZero();

        var listed = Api.asUser("cd-analyst")
                .queryParam("constituent", constituent)
                .queryParam("classification", "potentially-unwanted-accessible")
                .queryParam("from", "2026-12-07T00:00:00Z")
                .queryParam("to", "2026-12-08T00:00:00Z")
                .get("/api/v1/constituent-events")
                .then()
                .statusCode(200)
                .body("items", hasSize(2))
                .body("items[0].ip", equalTo(net + ":1::2"))
                .body("items[0].fields.sector", equalTo("Communications"))
                .body("items[0].status", equalTo("open"))
                .body("items[0].tlp", equalTo("AMBER"))
                .extract()
                .jsonPath();
        var incident = listed.getString("items[0].incident");
        assertThat(listed.getString("items[1].incident")).isEqualTo(incident);
        Api.asUser("cd-analyst")
                .get("/api/v1/incidents/" + incident)
                .then()
                .statusCode(200)
                .body("type", equalTo("potentially-unwanted-accessible"))
                .body("channel", equalTo("feed"))
                .body("tlp", equalTo("AMBER"))
                .body("title", equalTo("potentially-unwanted-accessible at %s on 2026-12-07".formatted(name)));

        // paging: one at a time, the cursor continues where the page ended
        var page = Api.asUser("cd-analyst")
                .queryParam("constituent", constituent)
                .queryParam("limit", 1)
                .get("/api/v1/constituent-events")
                .then()
                .statusCode(200)
                .body("items", hasSize(1))
                .body("next", notNullValue())
                .extract()
                .jsonPath();
        Api.asUser("cd-analyst")
                .queryParam("constituent", constituent)
                .queryParam("limit", 10)
                .queryParam("cursor", page.getString("next"))
                .get("/api/v1/constituent-events")
                .then()
                .statusCode(200)
                .body("items", hasSize(3))
                .body("next", nullValue());
        // a cursor of another query is refused
        Api.asUser("cd-analyst")
                .queryParam("cursor", page.getString("next"))
                .get("/api/v1/constituent-events")
                .then()
                .statusCode(400);

        Api.asUser("cd-analyst")
                .queryParam("by", "day")
                .queryParam("constituent", constituent)
                .get("/api/v1/constituent-events/counts")
                .then()
                .statusCode(200)
                .body("key", equalTo(List.of("2026-12-07", "2026-12-08")))
                .body("count", equalTo(List.of(3, 1)));
        Api.asUser("cd-analyst")
                .queryParam("network", net + ":2::/64")
                .get("/api/v1/constituent-events")
                .then()
                .statusCode(200)
                .body("items.classification", equalTo(List.of("vulnerable-system")));
        Api.asUser("cd-analyst")
                .queryParam("unassigned", true)
                .queryParam("network", "2001:db8:ffff:ffff::/64")
                .get("/api/v1/constituent-events")
                .then()
                .statusCode(200)
                .body("items", hasSize(1))
                .body("items.incident", everyItem(nullValue()));
        Api.asUser("cd-analyst")
                .queryParam("network", "not-a-network")
                .get("/api/v1/constituent-events")
                .then()
                .statusCode(400)
                .contentType("application/problem+json");

        // another CIRT sees none of them
        Api.asUser("ab-analyst")
                .queryParam("network", net + "::/48")
                .get("/api/v1/constituent-events")
                .then()
                .statusCode(200)
                .body("items", hasSize(0));
        Api.asUser("ab-analyst")
                .queryParam("constituent", constituent)
                .queryParam("by", "classification")
                .get("/api/v1/constituent-events/counts")
                .then()
                .statusCode(200)
                .body("", hasSize(0));
    }
}
