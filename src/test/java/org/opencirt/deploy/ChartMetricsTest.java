package org.opencirt.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.openshift.api.model.monitoring.v1.PrometheusRule;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.opencirt.feed.service.DeadLetterMetricsTest;
import org.opencirt.feed.service.DeadLetters;
import org.opencirt.observability.Scrape;
import org.opencirt.observability.Touch;
import org.opencirt.playbook.definition.Trigger;
import org.opencirt.playbook.engine.PlaybookEngine;
import org.opencirt.testing.Api;
import org.opencirt.testing.KeycloakUsers;
import org.opencirt.testing.LocalFeedServer;

/**
 * The chart's Grafana dashboard and Prometheus rules against what the service exposes: every metric their
 * expressions name is on {@code /q/metrics} once the service has done each thing once, and every
 * {@code opencirt_*} metric the service exposes is used by a panel or a rule.
 */
@QuarkusTest
class ChartMetricsTest {

    /** A selector in PromQL: a metric name followed by its label matchers. */
    private static final Pattern SELECTOR = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)\\{");
    /** The series a timer adds to its family name. */
    private static final Pattern TIMER_SERIES = Pattern.compile("_(count|sum|max|bucket)$");
    /** Series Prometheus makes itself, not the service. */
    private static final Set<String> FROM_PROMETHEUS = Set.of("up");

    private static final String TAXII = "application/taxii+json;version=2.1";

    private static FakeKubernetesApi cluster;
    private static LocalFeedServer server;

    @Inject
    KeycloakUsers users;

    @Inject
    PlaybookEngine engine;

    @Inject
    DeadLetters deadLetters;

    @BeforeAll
    static void start() throws Exception {
        cluster = FakeKubernetesApi.start(Path.of(System.getenv("KUBECONFIG")));
        server = new LocalFeedServer();
    }

    @AfterAll
    static void stop() {
        cluster.close();
        server.close();
    }

    @Test
    void theDashboardAndTheRulesUseExactlyTheServicesMetrics() throws Exception {
        var scrape = touchEveryMetric();

        var objects = HelmChartTest.render(java.util.List.of(), Map.of("metrics.prometheusRule.enabled", "true"));
        var used = new TreeSet<String>();
        var rules = HelmChartTest.one(objects, PrometheusRule.class);
        rules.getSpec()
                .getGroups()
                .forEach(group -> group.getRules()
                        .forEach(rule -> used.addAll(names(rule.getExpr().getStrVal()))));
        var dashboard = new ObjectMapper()
                .readTree(HelmChartTest.one(objects, ConfigMap.class, "release-opencirt-dashboard")
                        .getData()
                        .get("opencirt.json"));
        dashboard
                .path("panels")
                .forEach(panel -> panel.path("targets")
                        .forEach(target -> used.addAll(names(target.path("expr").asText()))));

        var exposed = scrape.names();
        assertThat(used)
                .as("metrics the dashboard and the rules name")
                .allSatisfy(name -> assertThat(exposed).contains(name));

        var usedFamilies = new TreeSet<String>();
        used.forEach(name -> usedFamilies.add(family(name)));
        var domain = new TreeSet<String>();
        exposed.stream().filter(name -> name.startsWith("opencirt_")).forEach(name -> domain.add(family(name)));
        assertThat(domain)
                .as("the domain metrics, each used by a panel or a rule")
                .hasSizeGreaterThanOrEqualTo(12)
                .allSatisfy(name -> assertThat(usedFamilies).contains(name));
        assertThat(usedFamilies).contains("opencirt_outbox_lag_seconds", "opencirt_signing_key_expiry_days");
    }

    /** Does each thing a domain metric counts once, then reads the metrics. */
    private Scrape touchEveryMetric() {
        var cirt = Touch.newCirt(users);
        var tag = "chart-" + UUID.randomUUID().toString().substring(0, 8);
        Touch.playbook(cirt, tag);
        var incident = Touch.incident(cirt.token(), tag);
        assertThat(engine.run(cirt.id(), UUID.fromString(incident), Trigger.INCIDENT_CREATED))
                .isPresent();

        server.serve(Touch.indicators(2), "\"c-" + UUID.randomUUID() + "\"");
        var feed = Touch.feed(cirt.token(), server, "/chart.txt");
        assertThat(Touch.run(cirt.token(), feed)).isEqualTo("succeeded");
        DeadLetterMetricsTest.deadLetter(deadLetters, feed);

        Touch.publishAdvisory("ab-analyst", "ab-lead");

        var partner = Touch.remotePartner(cirt, 1);
        var collections = "/taxii2/%s/collections/".formatted(cirt.id());
        Api.as(partner.token()).accept(TAXII).get(collections).then().statusCode(200);
        Api.as(partner.token()).accept(TAXII).get(collections).then().statusCode(429);

        await().atMost(Duration.ofSeconds(90))
                .until(() -> Scrape.now().has("opencirt_feed_indicators", "feed", feed)
                        && Scrape.now().has("opencirt_signing_key_expiry_days", "cirt", cirt.id()));
        return Scrape.now();
    }

    private static Set<String> names(String expression) {
        var names = new TreeSet<String>();
        var matcher = SELECTOR.matcher(expression);
        while (matcher.find()) {
            names.add(matcher.group(1));
        }
        assertThat(names).as("metrics named in %s", expression).isNotEmpty();
        names.removeAll(FROM_PROMETHEUS);
        return names;
    }

    private static String family(String name) {
        return TIMER_SERIES.matcher(name).replaceFirst("");
    }
}
