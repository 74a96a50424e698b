package org.opencirt.advisory;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import java.util.ArrayList;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.opencirt.testing.Api;

/** Every absolute link of the CSAF directory and the advisory pages starts with the configured public URL. */
@QuarkusTest
class CsafPublicUrlTest {

    private static final String FORGED = "evil.example";

    @ConfigProperty(name = "opencirt.web.public-url")
    String publicUrl;

    @Test
    void aForgedHostHeaderDoesNotReachTheDirectorysLinks() {
        var published = Advisories.publish(
                "ab-analyst", "ab-lead", Advisories.form("Public URL", "WHITE", Advisories.uniqueCve()));
        var metadata = Api.anonymous()
                .header("Host", FORGED)
                .header("X-Forwarded-Host", FORGED)
                .get("/.well-known/csaf/cert-ab/provider-metadata.json")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        var links = new ArrayList<String>();
        links.add(metadata.getString("canonical_url"));
        links.addAll(metadata.getList("distributions.rolie.feeds.flatten().url"));
        links.addAll(metadata.getList("public_openpgp_keys.url"));
        assertThat(links)
                .hasSizeGreaterThan(2)
                .allSatisfy(url -> assertThat(url).startsWith(publicUrl + "/.well-known/csaf/cert-ab/"));

        var feed = Api.anonymous()
                .header("Host", FORGED)
                .header("X-Forwarded-Host", FORGED)
                .get("/.well-known/csaf/cert-ab/white/csaf-feed-tlp-white.json")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        assertThat(feed)
                .contains(publicUrl + "/.well-known/csaf/cert-ab/white/"
                        + published.path().substring("white/".length()))
                .doesNotContain(FORGED);

        var page = Api.anonymous()
                .accept("text/html")
                .header("Host", FORGED)
                .header("X-Forwarded-Host", FORGED)
                .get("/advisories/cert-ab/" + published.path().replace(".json", ".html"))
                .then()
                .statusCode(200)
                .extract()
                .asString();
        assertThat(page)
                .contains(publicUrl + "/.well-known/csaf/cert-ab/" + published.path())
                .doesNotContain(FORGED);
    }
}
