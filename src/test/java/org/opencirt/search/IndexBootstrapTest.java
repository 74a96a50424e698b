package org.opencirt.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.io.IOException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.opencirt.testing.Api;

@QuarkusTest
class IndexBootstrapTest {

    @Inject
    ElasticsearchClient client;

    @Inject
    SearchConfig config;

    @Inject
    IndexBootstrap bootstrap;

    @Test
    void everyProjectionHasItsTemplateAndAnAliasOnItsFirstIndex() throws IOException {
        assertThat(bootstrap.isReady()).isTrue();
        for (var projection : Projection.values()) {
            var template = client.indices().getIndexTemplate(r -> r.name(projection.alias(config)));
            assertThat(template.indexTemplates()).hasSize(1);
            assertThat(template.indexTemplates().getFirst().indexTemplate().indexPatterns())
                    .containsExactly(projection.indexPattern(config));

            var alias = client.indices().getAlias(r -> r.name(projection.alias(config)));
            assertThat(alias.aliases()).containsOnlyKeys(projection.index(config));

            var settings = client.indices().getSettings(r -> r.index(projection.index(config)));
            assertThat(settings.get(projection.index(config)).settings().index().numberOfReplicas())
                    .isEqualTo("0");
        }
    }

    @Test
    void theLiveIndicesHaveExactlyTheMappingsOfThisVersion() {
        assertThat(bootstrap.outdatedMappings()).isEmpty();
    }

    @Test
    void anIndexWithOtherFieldsIsReportedAsOutdated() throws IOException {
        // under a prefix of its own: the live indices hold what the other tests search
        var installation = withPrefix(config.indexPrefix() + "-outdated");
        var alias = Projection.ADVISORIES.alias(installation);
        var other = new IndexBootstrap(client, installation, json, refillsOf());
        try {
            assertThat(other.tryBootstrap()).isTrue();
            assertThat(other.outdatedMappings()).isEmpty();
            client.indices().putMapping(r -> r.index(alias).properties("added_by_hand", p -> p.keyword(k -> k)));
            assertThat(other.tryBootstrap()).isTrue();
            assertThat(other.outdatedMappings()).containsExactly(alias);
        } finally {
            deleteInstallation(installation);
        }
    }

    @Test
    void bootstrappingAgainChangesNothing() throws IOException {
        var before = client.indices()
                .get(r -> r.index(config.indexPrefix() + "-*"))
                .indices()
                .keySet();
        assertThat(bootstrap.tryBootstrap()).isTrue();
        var after = client.indices()
                .get(r -> r.index(config.indexPrefix() + "-*"))
                .indices()
                .keySet();
        assertThat(after).isEqualTo(before).hasSize(Projection.values().length);
    }

    @Inject
    ObjectMapper json;

    @Inject
    Event<IndexBootstrap.IndexReplaced> replaced;

    @Inject
    EntityManager em;

    /**
     * The service's refills, for the projections a test looks at only: a throw-away installation's other
     * indices are created empty too, and a refill nobody waits for could write into one after the test
     * deleted it (Elasticsearch would create it again, left behind for the other tests).
     */
    @SuppressWarnings("unchecked")
    private Event<IndexBootstrap.IndexReplaced> refillsOf(Projection... projections) {
        var wanted = java.util.Set.of(projections);
        return (Event<IndexBootstrap.IndexReplaced>) Proxy.newProxyInstance(
                Event.class.getClassLoader(), new Class<?>[] {Event.class}, (proxy, method, args) -> {
                    if (!method.getName().equals("fire")) {
                        throw new UnsupportedOperationException(method.getName());
                    }
                    var event = (IndexBootstrap.IndexReplaced) args[0];
                    if (wanted.contains(event.projection())) {
                        replaced.fire(event);
                    }
                    return null;
                });
    }

    /** The service's search settings under another index prefix, so that a whole installation can be played with. */
    private SearchConfig withPrefix(String prefix) {
        return (SearchConfig) Proxy.newProxyInstance(
                SearchConfig.class.getClassLoader(),
                new Class<?>[] {SearchConfig.class},
                (proxy, method, args) -> method.getName().equals("indexPrefix") ? prefix : method.invoke(config, args));
    }

    @Test
    void anIndicatorIndexOfAnOlderVersionIsReplacedByAnEmptyOneAndEveryFeedFetchesEverythingAgain() throws IOException {
        var installation = withPrefix(config.indexPrefix() + "-upgrade");
        var alias = Projection.INDICATORS.alias(installation);
        var feedId = "upgrade-" + UUID.randomUUID().toString().substring(0, 8);
        QuarkusTransaction.requiringNew()
                .run(() -> em.createNativeQuery("""
                insert into feed_state (feed_id, etag, last_modified, checkpoint, updated_at)
                values (?1, '"v7"', 'Mon, 30 Nov 2026 10:00:00 GMT', '2026-11-30T10:00:00Z', now())""").setParameter(1, feedId).executeUpdate());
        // the previous version's installation: its indicators in -v1 behind the alias
        var previous = alias + "-v1";
        client.indices().create(r -> r.index(previous).aliases(alias, a -> a.isWriteIndex(true)));
        client.index(r -> r.index(previous).id("old").document(Map.of("value", "203.0.113.9")));
        try {
            var upgraded = new IndexBootstrap(client, installation, json, refillsOf(Projection.INDICATORS));
            assertThat(upgraded.tryBootstrap()).isTrue();

            assertThat(client.indices().getAlias(r -> r.name(alias)).aliases())
                    .containsOnlyKeys(Projection.INDICATORS.index(installation));
            assertThat(client.indices().exists(r -> r.index(previous)).value()).isFalse();
            assertThat(upgraded.outdatedMappings()).isEmpty();
            var state = (Object[]) QuarkusTransaction.requiringNew()
                    .call(() -> em.createNativeQuery(
                                    "select etag, last_modified, checkpoint from feed_state where feed_id = ?1")
                            .setParameter(1, feedId)
                            .getSingleResult());
            assertThat(state).containsOnlyNulls();

            assertThat(upgraded.tryBootstrap()).isTrue();
            assertThat(client.indices().getAlias(r -> r.name(alias)).aliases())
                    .containsOnlyKeys(Projection.INDICATORS.index(installation));
        } finally {
            for (var index : client.indices()
                    .get(r -> r.index(installation.indexPrefix() + "-*"))
                    .indices()
                    .keySet()) {
                client.indices().delete(r -> r.index(index));
            }
            for (var projection : Projection.values()) {
                client.indices().deleteIndexTemplate(r -> r.name(projection.alias(installation)));
            }
        }
    }

    @Test
    void anAdvisoryIndexOfAnOlderVersionIsReplacedAndFilledAgainFromPostgres() throws IOException {
        var installation = withPrefix(config.indexPrefix() + "-advupgrade");
        var alias = Projection.ADVISORIES.alias(installation);
        var id = Api.asUser("ab-analyst")
                .body("""
                {"title": "Kept over an upgrade", "summary": "s", "products": [{"vendor": "V", "name": "P", "versions": ["1"]}]}""")
                .post("/api/v1/advisories/from-form")
                .then()
                .statusCode(201)
                .extract()
                .jsonPath()
                .getString("id");
        var previous = alias + "-v1";
        client.indices().create(r -> r.index(previous).aliases(alias, a -> a.isWriteIndex(true)));
        try {
            var upgraded = new IndexBootstrap(client, installation, json, refillsOf(Projection.ADVISORIES));
            assertThat(upgraded.tryBootstrap()).isTrue();

            var index = Projection.ADVISORIES.index(installation);
            assertThat(client.indices().getAlias(r -> r.name(alias)).aliases()).containsOnlyKeys(index);
            assertThat(client.indices().exists(r -> r.index(previous)).value()).isFalse();
            // every advisory, and the fill is over before the indices are deleted (a late write would create one again)
            var advisories = (Number) QuarkusTransaction.requiringNew()
                    .call(() -> em.createNativeQuery("select count(*) from advisory")
                            .getSingleResult());
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> client.count(r -> r.index(index)).count() == advisories.longValue());
            var document = client.get(r -> r.index(index).id(id), Map.class).source();
            assertThat(document)
                    .containsEntry("title", "Kept over an upgrade")
                    .containsEntry("tenant", "cert-ab")
                    .containsEntry("visible_to", java.util.List.of("cert-ab"));
        } finally {
            deleteInstallation(installation);
        }
    }

    private void deleteInstallation(SearchConfig installation) throws IOException {
        for (var index : client.indices()
                .get(r -> r.index(installation.indexPrefix() + "-*"))
                .indices()
                .keySet()) {
            client.indices().delete(r -> r.index(index));
        }
        for (var projection : Projection.values()) {
            client.indices().deleteIndexTemplate(r -> r.name(projection.alias(installation)));
        }
    }

    @Test
    void mappingsAreStrictSoAnUnmappedFieldIsRefused() {
        var alias = Projection.INCIDENTS.alias(config);
        org.junit.jupiter.api.Assertions.assertThrows(
                co.elastic.clients.elasticsearch._types.ElasticsearchException.class,
                () -> client.index(r -> r.index(alias)
                        .id("strict-check")
                        .withJson(new java.io.StringReader("{\"no_such_field\": 1}"))));
    }
}
