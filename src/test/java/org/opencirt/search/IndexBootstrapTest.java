package org.opencirt.search;

import static org.assertj.core.api.Assertions.assertThat;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.IOException;
import org.junit.jupiter.api.Test;

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
            assertThat(settings.get(projection.index(config)).settings().index().numberOfReplicas()).isEqualTo("0");
        }
    }

    @Test
    void theLiveIndicesHaveExactlyTheMappingsOfThisVersion() {
        assertThat(bootstrap.outdatedMappings()).isEmpty();
    }

    @Test
    void anIndexWithOtherFieldsIsReportedAsOutdated() throws IOException {
        var alias = Projection.ADVISORIES.alias(config);
        client.indices().putMapping(r -> r.index(alias).properties("added_by_hand", p -> p.keyword(k -> k)));
        try {
            assertThat(bootstrap.tryBootstrap()).isTrue();
            assertThat(bootstrap.outdatedMappings()).containsExactly(alias);
        } finally {
            var indices = client.indices().getAlias(r -> r.name(alias)).aliases().keySet();
            for (var index : indices) {
                client.indices().delete(r -> r.index(index));
            }
            bootstrap.tryBootstrap();
        }
        assertThat(bootstrap.outdatedMappings()).isEmpty();
    }

    @Test
    void bootstrappingAgainChangesNothing() throws IOException {
        var before = client.indices().get(r -> r.index(config.indexPrefix() + "-*")).indices().keySet();
        assertThat(bootstrap.tryBootstrap()).isTrue();
        var after = client.indices().get(r -> r.index(config.indexPrefix() + "-*")).indices().keySet();
        assertThat(after).isEqualTo(before).hasSize(Projection.values().length);
    }

    @Test
    void mappingsAreStrictSoAnUnmappedFieldIsRefused() {
        var alias = Projection.INCIDENTS.alias(config);
        org.junit.jupiter.api.Assertions.assertThrows(co.elastic.clients.elasticsearch._types.ElasticsearchException.class,
                () -> client.index(r -> r.index(alias).id("strict-check").withJson(new java.io.StringReader("{\"no_such_field\": 1}"))));
    }
}
