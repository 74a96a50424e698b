package org.opencirt.advisory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;

import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.opencirt.advisory.csaf.CsafValidator;
import org.opencirt.advisory.provider.HttpSite;
import org.opencirt.advisory.provider.ProviderCheck;
import org.opencirt.advisory.provider.ProviderCheck.Status;
import org.opencirt.testing.Api;
import org.opencirt.testing.Tokens;

/**
 * The platform's own CSAF directory, checked by the provider check over the test port as another
 * CIRT's tool would: every requirement of a trusted provider holds but those that need what a test
 * port cannot have (TLS, and so https in security.txt; the well-known URL and the DNS path of a
 * domain of its own, which a hub of several CIRTs meets through a reverse proxy, ADR 4). Then the
 * files added for section 7 one by one: security.txt, listings, the ROLIE service and category
 * documents.
 */
@QuarkusTest
class CsafProviderRequirementsTest {

    private static final String DIR = "/.well-known/csaf/cert-ab/";

    @ConfigProperty(name = "opencirt.web.public-url")
    String base;

    private static boolean published;

    /** A WHITE and an AMBER advisory of this run (a static @BeforeAll would run before the service is up). */
    @BeforeEach
    void publish() {
        if (published) {
            return;
        }
        published = true;
        Advisories.publish(
                "ab-analyst", "ab-lead", Advisories.form("Provider check white", "WHITE", Advisories.uniqueCve()));
        Advisories.publish(
                "ab-analyst", "ab-lead", Advisories.form("Provider check amber", "AMBER", Advisories.uniqueCve()));
    }

    @Test
    void theProviderCheckFindsEveryRequirementMetButThoseOfTlsAndADomainOfItsOwn() {
        var site = new HttpSite(null, Tokens.user("ab-analyst"));
        var report = new ProviderCheck(site, new CsafValidator(), 1000).check(base + DIR + "provider-metadata.json");
        var failed = report.results().stream()
                .filter(r -> r.status() == Status.FAIL)
                .map(ProviderCheck.Result::number)
                .toList();
        assertThat(failed).as(report.results().toString()).containsExactly(3, 8, 9, 10);
        assertThat(report.result(3).messages()).singleElement().asString().contains("read without TLS");
        assertThat(report.result(8).messages())
                .allMatch(m -> m.endsWith("does not begin with https://"))
                .anyMatch(m -> m.contains("cert-ab/provider-metadata.json"));
        // the amber and red folders were read with the analyst's token, not just seen closed
        assertThat(report.results()).allMatch(r -> r.messages().stream().noneMatch(m -> m.contains("not checked")));
        assertThat(report.result(1).messages()).isEmpty();
        assertThat(report.declaredRole()).isEqualTo("csaf_trusted_provider");
        assertThat(report.roleMet()).isNull();
    }

    @Test
    void securityTxtAnnouncesEveryCirtsProviderMetadataWithAContactAndAnExpiryWithinAYear() {
        var text = Api.anonymous()
                .accept("*/*")
                .get("/.well-known/security.txt")
                .then()
                .statusCode(200)
                .contentType(containsString("text/plain"))
                .extract()
                .asString();
        var lines = List.of(text.split("\n"));
        assertThat(lines).contains("CSAF: " + base + "/.well-known/csaf/cert-ab/provider-metadata.json");
        assertThat(lines).contains("CSAF: " + base + "/.well-known/csaf/cert-cd/provider-metadata.json");
        assertThat(lines).anyMatch(l -> l.startsWith("Contact: mailto:"));
        assertThat(lines).contains("Canonical: " + base + "/.well-known/security.txt");
        var expires = lines.stream()
                .filter(l -> l.startsWith("Expires: "))
                .map(l -> Instant.parse(l.substring("Expires: ".length())))
                .findFirst()
                .orElseThrow();
        assertThat(expires).isBetween(Instant.now(), Instant.now().plus(Duration.ofDays(365)));
    }

    @Test
    void listingsLinkEveryFileAndShowAProtectedFolderOnlyToWhoMayReadIt() {
        var root = Api.anonymous()
                .accept("*/*")
                .get(DIR)
                .then()
                .statusCode(200)
                .extract()
                .asString();
        assertThat(root)
                .contains("href=\"" + base + DIR + "provider-metadata.json\"")
                .contains("href=\"" + base + DIR + "white/\"")
                .contains("href=\"" + base + DIR + "openpgp/\"")
                .doesNotContain(DIR + "amber/");
        var own = Api.asUser("ab-analyst")
                .accept("*/*")
                .get(DIR)
                .then()
                .statusCode(200)
                .extract()
                .asString();
        assertThat(own).contains("href=\"" + base + DIR + "amber/\"", "href=\"" + base + DIR + "red/\"");

        var year = String.valueOf(java.time.Year.now().getValue());
        Api.anonymous()
                .accept("*/*")
                .get(DIR + "white/")
                .then()
                .statusCode(200)
                .contentType(containsString("text/html"))
                .body(containsString("href=\"" + base + DIR + "white/index.txt\""))
                .body(containsString("href=\"" + base + DIR + "white/" + year + "/\""));
        var index = Api.anonymous()
                .accept("*/*")
                .get(DIR + "white/index.txt")
                .then()
                .extract()
                .asString();
        var first =
                index.lines().filter(l -> l.startsWith(year + "/")).findFirst().orElseThrow();
        Api.anonymous()
                .accept("*/*")
                .get(DIR + "white/" + year + "/")
                .then()
                .statusCode(200)
                .body(containsString("href=\"" + base + DIR + "white/" + first + ".asc\""))
                .body(containsString("href=\"" + base + DIR + "white/" + first + ".sha512\""));
        Api.anonymous().accept("*/*").get(DIR + "amber/").then().statusCode(401);
        Api.as(Tokens.user("cd-analyst"))
                .accept("*/*")
                .get(DIR + "amber/")
                .then()
                .statusCode(404);
        Api.as(Tokens.user("cd-analyst"))
                .accept("*/*")
                .get(DIR + "red/" + year + "/")
                .then()
                .statusCode(404);
        Api.anonymous().accept("*/*").get(DIR + "white/1999/").then().statusCode(404);
        var keys = Api.anonymous()
                .accept("*/*")
                .get(DIR + "openpgp/")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        var fingerprint = Api.anonymous()
                .get(DIR + "provider-metadata.json")
                .then()
                .extract()
                .jsonPath()
                .getString("public_openpgp_keys[0].fingerprint");
        assertThat(keys).contains(fingerprint + ".asc");
    }

    @Test
    void theServiceDocumentListsTheFourFeedsAndTheCategoryDocumentTheTermsOfTheFoldersAdvisories() {
        var metadata = Api.anonymous()
                .get(DIR + "provider-metadata.json")
                .then()
                .extract()
                .jsonPath();
        assertThat(metadata.getList("distributions.rolie.services.flatten()", String.class))
                .containsOnly(base + DIR + "csaf-service.json");
        assertThat(metadata.getList("distributions.rolie.categories.flatten()", String.class))
                .contains(base + DIR + "white/csaf-categories-tlp-white.json");
        var service = Api.anonymous()
                .get(DIR + "csaf-service.json")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(service.getList("service.workspace[0].collection.href", String.class))
                .containsExactlyElementsOf(metadata.getList("distributions.rolie.feeds.flatten().url", String.class));
        var terms = Api.anonymous()
                .get(DIR + "white/csaf-categories-tlp-white.json")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("categories.category.term", String.class);
        assertThat(terms).contains("csaf_security_advisory", "en", "Example Networks", "Router OS");
        Api.anonymous()
                .get(DIR + "amber/csaf-categories-tlp-amber.json")
                .then()
                .statusCode(401)
                .body(not(containsString("Example Networks")));
    }
}
