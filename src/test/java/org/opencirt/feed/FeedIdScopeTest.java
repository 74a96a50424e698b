package org.opencirt.feed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.opencirt.feed.FeedFixtures.definition;
import static org.opencirt.feed.FeedFixtures.newFeedId;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.opencirt.indicator.service.IndicatorService;
import org.opencirt.observable.Observable;
import org.opencirt.observable.ObservableType;
import org.opencirt.testing.Api;
import org.opencirt.testing.LocalFeedServer;

/** Feed ids belong to their CIRT: the same id in two CIRTs, and nothing said about another CIRT's ids. */
@QuarkusTest
class FeedIdScopeTest {

    private static LocalFeedServer server;

    @Inject
    IndicatorService indicators;

    @BeforeAll
    static void startFeedServer() throws Exception {
        server = new LocalFeedServer();
    }

    @AfterAll
    static void stopFeedServer() {
        server.close();
    }

    private static void create(String admin, String id, String path, int confidence) {
        Api.asUser(admin)
                .contentType("application/yaml")
                .body(definition(id, server.url(path), "  confidence: %d".formatted(confidence)))
                .post("/api/v1/feeds")
                .then()
                .statusCode(201);
    }

    @Test
    void twoCirtsEachHaveAFeedOfTheSameIdAndTheirIndicatorsStayApart() throws Exception {
        var id = newFeedId();
        server.serve("198.51.100.120\n", "\"same-id\"");
        create("ab-admin", id, "/ab.txt", 80);
        create("cd-admin", id, "/cd.txt", 20);

        Api.asUser("ab-analyst")
                .get("/api/v1/feeds/" + id)
                .then()
                .statusCode(200)
                .body("url", org.hamcrest.Matchers.endsWith("/ab.txt"));
        Api.asUser("cd-analyst")
                .get("/api/v1/feeds/" + id)
                .then()
                .statusCode(200)
                .body("url", org.hamcrest.Matchers.endsWith("/cd.txt"));
        var ours = FeedIngestionTest.runAndWait(org.opencirt.testing.Tokens.user("ab-admin"), id);
        assertThat(ours.getString("status")).isEqualTo("succeeded");
        Api.asUser("cd-analyst")
                .get("/api/v1/feeds/%s/runs".formatted(id))
                .then()
                .statusCode(200)
                .body("id", not(hasItem(ours.getString("id"))));
        assertThat(FeedIngestionTest.runAndWait(org.opencirt.testing.Tokens.user("cd-admin"), id)
                        .getString("status"))
                .isEqualTo("succeeded");
        Api.asUser("ab-analyst")
                .get("/api/v1/feeds/%s/runs".formatted(id))
                .then()
                .body("size()", org.hamcrest.Matchers.equalTo(1));

        var value = List.of(new Observable(ObservableType.IPV4, "198.51.100.120"));
        var ab = indicators.match("cert-ab", value);
        var cd = indicators.match("cert-cd", value);
        assertThat(ab).singleElement().satisfies(m -> {
            assertThat(m.feeds()).containsExactly(id);
            assertThat(m.confidence()).isEqualTo(80);
        });
        assertThat(cd).singleElement().satisfies(m -> {
            assertThat(m.feeds()).containsExactly(id);
            assertThat(m.confidence()).isEqualTo(20);
        });
        // one document for the value, one source per CIRT's feed: each CIRT sees its own source only (ADR 10)
        assertThat(ab.getFirst().sources())
                .singleElement()
                .satisfies(source -> assertThat(source.confidence()).isEqualTo(80));
        assertThat(cd.getFirst().sources())
                .singleElement()
                .satisfies(source -> assertThat(source.confidence()).isEqualTo(20));
    }

    @Test
    void anotherCirtsFeedAnswersExactlyLikeAMissingOne() {
        var id = newFeedId();
        create("ab-admin", id, "/theirs.txt", 50);
        var missing = "test-" + UUID.randomUUID().toString().substring(0, 8);

        for (var path :
                List.of("/api/v1/feeds/%s", "/api/v1/feeds/%s/runs", "/api/v1/feeds/%s/runs/" + UUID.randomUUID())) {
            assertSameAnswer(
                    Api.asUser("cd-admin").get(path.formatted(id)),
                    Api.asUser("cd-admin").get(path.formatted(missing)),
                    id,
                    missing);
        }
        assertSameAnswer(
                Api.asUser("cd-admin").post("/api/v1/feeds/%s/runs".formatted(id)),
                Api.asUser("cd-admin").post("/api/v1/feeds/%s/runs".formatted(missing)),
                id,
                missing);
        assertSameAnswer(
                Api.asUser("cd-admin")
                        .contentType("application/yaml")
                        .body(definition(id, server.url("/x"), ""))
                        .put("/api/v1/feeds/" + id),
                Api.asUser("cd-admin")
                        .contentType("application/yaml")
                        .body(definition(missing, server.url("/x"), ""))
                        .put("/api/v1/feeds/" + missing),
                id,
                missing);
    }

    /** Same status and same problem document, once the id asked for is set aside. */
    private static void assertSameAnswer(Response theirs, Response missing, String theirId, String missingId) {
        assertThat(theirs.statusCode()).isEqualTo(404);
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(theirs.contentType()).isEqualTo(missing.contentType());
        assertThat(theirs.body().asString().replace(theirId, "ID"))
                .isEqualTo(missing.body().asString().replace(missingId, "ID"));
    }

    @Test
    void creatingAFeedWhoseIdAnotherCirtHoldsSucceedsAndRevealsNothing() {
        var id = newFeedId();
        create("ab-admin", id, "/first.txt", 50);
        Api.asUser("cd-admin")
                .contentType("application/yaml")
                .body(definition(id, server.url("/second.txt"), ""))
                .post("/api/v1/feeds")
                .then()
                .statusCode(201);
        // its own id, or a platform feed's it sees, is still a conflict
        Api.asUser("cd-admin")
                .contentType("application/yaml")
                .body(definition(id, server.url("/third.txt"), ""))
                .post("/api/v1/feeds")
                .then()
                .statusCode(409)
                .contentType("application/problem+json");
        Api.asUser("cd-admin")
                .contentType("application/yaml")
                .body(definition("sample-urlhaus", server.url("/fourth.txt"), ""))
                .post("/api/v1/feeds")
                .then()
                .statusCode(409);
        Api.asUser("ab-analyst")
                .get("/api/v1/feeds/" + id)
                .then()
                .body("url", org.hamcrest.Matchers.endsWith("/first.txt"));
    }

    @Test
    void thePlatformAdminListsPlatformFeedsNotCirtFeeds() {
        var id = newFeedId();
        create("ab-admin", id, "/cirt-only.txt", 50);
        Api.asUser("platform-admin")
                .get("/api/v1/feeds")
                .then()
                .statusCode(200)
                .body("id", not(hasItem(id)))
                .body("id", hasItem("sample-urlhaus"))
                .body("platformFeed", everyItem(org.hamcrest.Matchers.is(true)));
        Api.asUser("platform-admin").get("/api/v1/feeds/" + id).then().statusCode(404);
        Api.asUser("platform-admin")
                .get("/api/v1/feeds/%s/runs".formatted(id))
                .then()
                .statusCode(404);
        Api.asUser("ab-analyst")
                .get("/api/v1/feeds")
                .then()
                .body("id", hasItem(id))
                .body("id", hasItem("sample-urlhaus"));
    }
}
