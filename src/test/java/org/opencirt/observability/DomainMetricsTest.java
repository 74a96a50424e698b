package org.opencirt.observability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.opencirt.playbook.definition.Trigger;
import org.opencirt.playbook.engine.PlaybookEngine;
import org.opencirt.testing.Api;
import org.opencirt.testing.KeycloakUsers;
import org.opencirt.testing.LocalFeedServer;

/**
 * Each domain metric on {@code /q/metrics}: do the thing through the API (or the engine, whose playbooks are
 * off in tests), then read the metrics and see the series move by what was done.
 */
@QuarkusTest
class DomainMetricsTest {

    private static final Duration PATIENCE = Duration.ofSeconds(90);
    private static final String TAXII = "application/taxii+json;version=2.1";

    private static LocalFeedServer server;

    @Inject
    KeycloakUsers users;

    @Inject
    PlaybookEngine engine;

    @Inject
    AgroalDataSource database;

    @BeforeAll
    static void startFeedServer() throws Exception {
        server = new LocalFeedServer();
    }

    @AfterAll
    static void stopFeedServer() {
        server.close();
    }

    @Test
    void incidentsAreCountedPerChannelAndCirt() {
        var cirt = Touch.newCirt(users);
        var counted = "opencirt_incidents_created_total";
        assertThat(Scrape.now().has(counted, "cirt", cirt.id())).isFalse();

        Touch.incident(cirt.token(), "m");
        Touch.incident(cirt.token(), "m");
        Api.anonymous()
                .body("""
                        {"cirt": "%s", "title": "Odd login page", "description": "Seen at hxxp://bank-login[.]example"}""".formatted(cirt.id()))
                .post("/api/v1/reports")
                .then()
                .statusCode(201);
        // a refused creation counts nothing
        Api.as(cirt.token())
                .body("{\"title\": \"\"}")
                .post("/api/v1/incidents")
                .then()
                .statusCode(400);

        var scrape = Scrape.now();
        assertThat(scrape.value(counted, "channel", "api", "cirt", cirt.id())).isEqualTo(2.0);
        assertThat(scrape.value(counted, "channel", "public", "cirt", cirt.id()))
                .isEqualTo(1.0);
        assertThat(scrape.value(counted, "cirt", cirt.id())).isEqualTo(3.0);
    }

    @Test
    void feedRunsAreCountedByResultWithTheIndicatorsTheyWroteAndEachFeedsCount() {
        var cirt = Touch.newCirt(users);
        server.serve(Touch.indicators(3), "\"v-" + UUID.randomUUID() + "\"");
        var feed = Touch.feed(cirt.token(), server, "/metrics-" + UUID.randomUUID() + ".txt");

        assertThat(Touch.run(cirt.token(), feed)).isEqualTo("succeeded");
        var scrape = Scrape.now();
        assertThat(scrape.value("opencirt_feed_runs_total", "cirt", cirt.id(), "result", "succeeded"))
                .isEqualTo(1.0);
        assertThat(scrape.value("opencirt_indicators_ingested_total", "cirt", cirt.id()))
                .isEqualTo(3.0);
        await().atMost(PATIENCE)
                .untilAsserted(() -> assertThat(
                                Scrape.now().value("opencirt_feed_indicators", "cirt", cirt.id(), "feed", feed))
                        .isEqualTo(3.0));

        // the same content again: the server answers 304, nothing is written
        assertThat(Touch.run(cirt.token(), feed)).isEqualTo("not-modified");
        scrape = Scrape.now();
        assertThat(scrape.value("opencirt_feed_runs_total", "cirt", cirt.id(), "result", "not-modified"))
                .isEqualTo(1.0);
        assertThat(scrape.value("opencirt_indicators_ingested_total", "cirt", cirt.id()))
                .isEqualTo(3.0);
        assertThat(scrape.value("opencirt_feed_indicators", "cirt", cirt.id(), "feed", feed))
                .as("the last run that wrote indicators still counts")
                .isEqualTo(3.0);
    }

    @Test
    void aFeedRunOverTheCirtsQuotaCountsAQuotaRejection() {
        var cirt = Touch.newCirt(users);
        var slow = Touch.feed(cirt.token(), server, "/slow.txt");
        var other = Touch.feed(cirt.token(), server, "/other.txt");
        var before = Scrape.now().value("opencirt_quota_rejections_total", "kind", "feed-runs");
        server.hold();
        try {
            Api.as(cirt.token())
                    .post("/api/v1/feeds/%s/runs".formatted(slow))
                    .then()
                    .statusCode(202);
            Api.as(cirt.token())
                    .post("/api/v1/feeds/%s/runs".formatted(other))
                    .then()
                    .statusCode(429);
            assertThat(Scrape.now().value("opencirt_quota_rejections_total", "kind", "feed-runs"))
                    .isEqualTo(before + 1);
        } finally {
            server.release();
        }
    }

    @Test
    void outboxLagIsTheAgeOfTheOldestWaitingChange() throws Exception {
        var id = UUID.randomUUID();
        // a change Elasticsearch refused too often: the relay leaves it, so it waits an hour old
        try (var connection = database.getConnection();
                var insert = connection.prepareStatement("""
                        insert into outbox (aggregate_type, aggregate_id, tenant, created_at, attempts)
                        values ('incident', ?, 'cert-ab', now() - interval '1 hour', 1000000)""")) {
            insert.setObject(1, id);
            insert.executeUpdate();
        }
        try {
            await().atMost(PATIENCE)
                    .untilAsserted(() -> assertThat(Scrape.now().value("opencirt_outbox_lag_seconds"))
                            .isBetween(3600.0, 3600.0 + PATIENCE.toSeconds() + 60));
        } finally {
            try (var connection = database.getConnection();
                    var delete = connection.prepareStatement("delete from outbox where aggregate_id = ?")) {
                delete.setObject(1, id);
                delete.executeUpdate();
            }
        }
        await().atMost(PATIENCE)
                .untilAsserted(() -> assertThat(Scrape.now().value("opencirt_outbox_lag_seconds"))
                        .isLessThan(3600.0));
    }

    @Test
    void signingKeyExpiryIsTheDaysLeftOfEachCirtsActiveKey() {
        var cirt = Touch.newCirt(users);
        // a new CIRT gets a key valid for opencirt.signing.key-validity (P730D)
        await().atMost(PATIENCE)
                .untilAsserted(
                        () -> assertThat(Scrape.now().value("opencirt_signing_key_expiry_days", "cirt", cirt.id()))
                                .isBetween(729.0, 730.0));
    }

    @Test
    void publishedAdvisoriesAreCountedPerCirt() {
        var counted = "opencirt_advisories_published_total";
        var before = Scrape.now().value(counted, "cirt", "cert-ab");

        Touch.publishAdvisory("ab-analyst", "ab-lead");

        assertThat(Scrape.now().value(counted, "cirt", "cert-ab")).isEqualTo(before + 1);
    }

    @Test
    void exchangeRequestsAreCountedPerPartnerAndApiAndTheirQuotaRejections() {
        var cirt = Touch.newCirt(users);
        var remote = Touch.remotePartner(cirt, 2);
        var partner = remote.id();
        var partnerToken = remote.token();
        var rejectionsBefore = Scrape.now().value("opencirt_quota_rejections_total", "kind", "exchange-requests");

        Api.as(cirt.token()).get("/api/v1/indicators?limit=1").then().statusCode(200);
        for (int i = 0; i < 3; i++) {
            Api.as(partnerToken).accept(TAXII).get("/taxii2/%s/collections/".formatted(cirt.id()));
        }

        var scrape = Scrape.now();
        var counted = "opencirt_exchange_requests_total";
        assertThat(scrape.value(counted, "cirt", cirt.id(), "partner", "none", "api", "indicators"))
                .isEqualTo(1.0);
        assertThat(scrape.value(counted, "cirt", cirt.id(), "partner", partner, "api", "taxii"))
                .isEqualTo(3.0);
        assertThat(scrape.value("opencirt_quota_rejections_total", "kind", "exchange-requests"))
                .as("the third request of the minute went over the partner's 2")
                .isGreaterThanOrEqualTo(rejectionsBefore + 1);
    }

    @Test
    void aPlaybookPassIsTimedAndTheIncidentsTriageLatencyRecorded() {
        var cirt = Touch.newCirt(users);
        var tag = "metrics-" + UUID.randomUUID().toString().substring(0, 8);
        Touch.playbook(cirt, tag);
        var passes = "opencirt_playbook_runs_seconds_count";
        var before = Scrape.now().value(passes, "trigger", "incident.created");
        var incident = Touch.incident(cirt.token(), tag);

        assertThat(engine.run(cirt.id(), UUID.fromString(incident), Trigger.INCIDENT_CREATED))
                .isPresent();

        var scrape = Scrape.now();
        assertThat(scrape.value(passes, "trigger", "incident.created")).isEqualTo(before + 1);
        assertThat(scrape.value("opencirt_triage_seconds_count", "cirt", cirt.id()))
                .isEqualTo(1.0);
        assertThat(scrape.value("opencirt_triage_seconds_sum", "cirt", cirt.id()))
                .isGreaterThan(0.0)
                .isLessThan(PATIENCE.toSeconds());
    }
}
