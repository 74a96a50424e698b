package org.opencirt.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.opencirt.advisory.service.AdvisorySearchService;
import org.opencirt.incident.IncidentApiTest;
import org.opencirt.testing.Api;

@QuarkusTest
class ReindexTest {

    @Inject
    ElasticsearchClient client;

    @Inject
    SearchConfig config;

    @Inject
    AdvisorySearchService advisories;

    @Test
    void reindexRebuildsFromPostgresIntoANewIndexAndSwapsTheAlias() throws Exception {
        var marker = "reindex" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
        for (int i = 0; i < 3; i++) {
            IncidentApiTest.create(
                    "cd-analyst", "{\"title\": \"to rebuild %d\", \"tags\": [\"%s\"]}".formatted(i, marker));
        }
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> Api.asUser("cd-analyst")
                        .get("/api/v1/incidents?tag=" + marker)
                        .then()
                        .body("total", equalTo(3)));
        var alias = Projection.INCIDENTS.alias(config);
        var before = client.indices().getAlias(r -> r.name(alias)).aliases().keySet();

        var report = Api.asUser("platform-admin")
                .post("/api/v1/admin/search/reindex/incidents")
                .then()
                .statusCode(200)
                .body("alias", equalTo(alias))
                .body("newIndex", startsWith(Projection.INCIDENTS.index(config) + "-"))
                .extract()
                .jsonPath();

        var after = client.indices().getAlias(r -> r.name(alias)).aliases().keySet();
        assertThat(after).containsExactly(report.getString("newIndex"));
        assertThat(after).doesNotContainAnyElementsOf(before);
        assertThat(report.getLong("documents")).isGreaterThanOrEqualTo(3);
        for (var old : before) {
            assertThat(client.indices().exists(r -> r.index(old)).value()).isFalse();
        }
        Api.asUser("cd-analyst").get("/api/v1/incidents?tag=" + marker).then().body("total", equalTo(3));
        IncidentApiTest.create("cd-analyst", "{\"title\": \"after the swap\", \"tags\": [\"%s\"]}".formatted(marker));
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> Api.asUser("cd-analyst")
                        .get("/api/v1/incidents?tag=" + marker)
                        .then()
                        .body("total", equalTo(4)));
    }

    @Test
    void reindexRebuildsTheAdvisoriesFromPostgresToo() throws Exception {
        var marker =
                "advreindex" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
        for (int i = 0; i < 2; i++) {
            Api.asUser("ab-analyst")
                    .body("""
                    {"title": "%s %d", "summary": "s", "products": [{"vendor": "V", "name": "P", "versions": ["1"]}]}""".formatted(marker, i))
                    .post("/api/v1/advisories/from-form")
                    .then()
                    .statusCode(201);
        }
        await().atMost(Duration.ofSeconds(30))
                .until(() -> advisories.search("cert-ab", marker, null, 10).total() == 2);
        var alias = Projection.ADVISORIES.alias(config);
        var before = client.indices().getAlias(r -> r.name(alias)).aliases().keySet();

        var report = Api.asUser("platform-admin")
                .post("/api/v1/admin/search/reindex/advisories")
                .then()
                .statusCode(200)
                .body("alias", equalTo(alias))
                .body("newIndex", startsWith(Projection.ADVISORIES.index(config) + "-"))
                .extract()
                .jsonPath();

        assertThat(client.indices().getAlias(r -> r.name(alias)).aliases().keySet())
                .containsExactly(report.getString("newIndex"))
                .doesNotContainAnyElementsOf(before);
        assertThat(report.getLong("documents")).isGreaterThanOrEqualTo(2);
        assertThat(advisories.search("cert-ab", marker, null, 10).total()).isEqualTo(2);
        assertThat(advisories.search("cert-cd", marker, null, 10).total()).isZero();
    }

    @Test
    void reindexRebuildsTheSharedIncidentCopiesFromPostgresToo() throws Exception {
        var marker = "shreindex" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
        var incident = IncidentApiTest.create(
                        "ab-analyst", "{\"title\": \"%s shared\", \"tlp\": \"CLEAR\"}".formatted(marker))
                .getString("id");
        Api.asUser("ab-lead")
                .body("{\"objectType\": \"incident\", \"objectId\": \"%s\", \"audience\": \"community\"}"
                        .formatted(incident))
                .post("/api/v1/grants")
                .then()
                .statusCode(201);
        await().atMost(Duration.ofSeconds(90))
                .untilAsserted(() -> Api.asUser("cd-analyst")
                        .get("/api/v1/incidents?q=" + marker)
                        .then()
                        .body("items.sharedFrom.incident", equalTo(java.util.List.of(incident))));
        var alias = Projection.SHARED_INCIDENTS.alias(config);

        var report = Api.asUser("platform-admin")
                .post("/api/v1/admin/search/reindex/shared_incidents")
                .then()
                .statusCode(200)
                .body("alias", equalTo(alias))
                .body("newIndex", startsWith(Projection.SHARED_INCIDENTS.index(config) + "-"))
                .extract()
                .jsonPath();

        assertThat(client.indices().getAlias(r -> r.name(alias)).aliases().keySet())
                .containsExactly(report.getString("newIndex"));
        assertThat(report.getLong("documents")).isGreaterThanOrEqualTo(1);
        Api.asUser("cd-analyst")
                .get("/api/v1/incidents?q=" + marker)
                .then()
                .body("items.sharedFrom.incident", equalTo(java.util.List.of(incident)));
    }

    @Test
    void onlyThePlatformAdminMayReindex() {
        Api.asUser("cd-lead")
                .post("/api/v1/admin/search/reindex/incidents")
                .then()
                .statusCode(403);
        Api.asUser("platform-admin")
                .post("/api/v1/admin/search/reindex/nothing")
                .then()
                .statusCode(404);
    }
}
