package org.opencirt.incident.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import org.junit.jupiter.api.Test;

/** The RSIT v1.3 taxonomy: exact values for the API, tolerant reading for feeds. */
class RsitTest {

    @Test
    void theTaxonomyHasElevenCategoriesAndEachTypeBelongsToExactlyOne() {
        assertThat(Rsit.categories()).hasSize(11).startsWith("abusive-content").endsWith("other", "test");
        var seen = new HashSet<String>();
        for (var category : Rsit.categories()) {
            for (var type : Rsit.types(category).orElseThrow()) {
                assertThat(seen.add(type))
                        .as("%s is in one category only", type)
                        .isTrue();
                assertThat(Rsit.categoryOf(type)).contains(category);
            }
        }
        assertThat(seen).hasSize(39).contains("c2-server", "phishing", "ddos-amplifier");
    }

    @Test
    void feedsNameATypeInAnyCaseWithSpaceAroundIt() {
        assertThat(Rsit.typeNamed("  C2-Server\t")).contains("c2-server");
        assertThat(Rsit.typeNamed("phishing")).contains("phishing");
        assertThat(Rsit.typeNamed("c2server")).isEmpty();
        assertThat(Rsit.typeNamed("malicious-code"))
                .as("a category is not a type")
                .isEmpty();
        assertThat(Rsit.typeNamed(null)).isEmpty();
    }

    @Test
    void theApiTakesExactValuesOnly() {
        assertThat(Rsit.categoryOf("C2-Server")).isEmpty();
        assertThat(Rsit.types("Fraud")).isEmpty();
    }
}
