package org.opencirt.exchange;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.opencirt.exchange.service.ImportedIndicators;
import org.opencirt.indicator.model.IndicatorIds;
import org.opencirt.search.IndexBootstrap.IndexReplaced;
import org.opencirt.search.Projection;
import org.opencirt.search.SearchConfig;
import org.opencirt.testing.Api;
import org.opencirt.testing.MovableClock;

/**
 * What a STIX import wrote is kept in PostgreSQL: when the indicator index is replaced by an empty one (an upgrade
 * that changed its mappings), no feed could fetch a partner's push again, so the imported indicators are written
 * again from there, with their label and provenance; those expired are not, and are forgotten.
 */
@QuarkusTest
class ImportedIndicatorsTest {

    @Inject
    ElasticsearchClient client;

    @Inject
    SearchConfig search;

    @Inject
    Event<IndexReplaced> replaced;

    @Inject
    ImportedIndicators imported;

    @Inject
    MovableClock clock;

    @AfterEach
    void timeAsItIs() {
        clock.reset();
    }

    private static String upload(String... domains) {
        var objects = new StringBuilder();
        for (var domain : domains) {
            objects.append(objects.isEmpty() ? "" : ", ").append("""
                    {"type": "indicator", "spec_version": "2.1", "id": "indicator--%s", "created": "2026-12-01T10:00:00.000Z",
                     "modified": "2026-12-01T10:00:00.000Z", "pattern": "[domain-name:value = '%s']", "pattern_type": "stix",
                     "valid_from": "2026-12-01T10:00:00Z", "object_marking_refs":
                     ["marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb"]}""".formatted(UUID.randomUUID(), domain));
        }
        var location = Api.asUser("ab-analyst")
                .body("{\"type\": \"bundle\", \"id\": \"bundle--%s\", \"objects\": [%s]}"
                        .formatted(UUID.randomUUID(), objects))
                .post("/api/v1/stix/bundles")
                .then()
                .statusCode(201)
                .extract()
                .header("Location");
        await().atMost(Duration.ofSeconds(90))
                .until(() ->
                        "complete".equals(Api.asUser("ab-analyst").get(location).path("status")));
        return location;
    }

    private static int found(String domain) {
        return Api.asUser("ab-analyst")
                .queryParam("value", domain)
                .get("/api/v1/indicators")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("indicators")
                .size();
    }

    /** What losing the index does to these documents: they are gone from Elasticsearch. */
    private void lose(String... domains) throws Exception {
        var alias = Projection.INDICATORS.alias(search);
        for (var domain : domains) {
            client.delete(d -> d.index(alias).id(IndicatorIds.idOf("domain", domain)));
        }
        client.indices().refresh(r -> r.index(alias));
    }

    @Test
    void aReplacedIndexGetsTheImportedIndicatorsBackAndExpiredOnesAreForgotten() throws Exception {
        var first = "imp-" + UUID.randomUUID().toString().substring(0, 8) + ".example";
        var second = "imp-" + UUID.randomUUID().toString().substring(0, 8) + ".example";
        // the same value twice in one import: kept once, as the index keeps it
        upload(first, second, first);
        assertThat(found(first)).isEqualTo(1);

        lose(first, second);
        assertThat(found(first)).isZero();
        var index = Projection.INDICATORS.index(search);
        replaced.fire(new IndexReplaced(Projection.INDICATORS, Set.of(), index));

        await().atMost(Duration.ofSeconds(90)).until(() -> found(first) == 1 && found(second) == 1);
        Api.asUser("ab-analyst")
                .queryParam("value", first)
                .get("/api/v1/indicators")
                .then()
                .body("indicators[0].tlp", equalTo("GREEN"))
                .body("indicators[0].sources[0].tags", hasItem("via:upload"));

        // a month and a day later, the statements have expired: lost again, they do not come back
        lose(first, second);
        clock.advance(Duration.ofDays(31));
        imported.restore();
        assertThat(List.of(found(first), found(second))).containsOnly(0);
        clock.reset();
        imported.restore();
        assertThat(found(first)).as("forgotten once expired").isZero();
    }
}
