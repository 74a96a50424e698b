package org.opencirt.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.Keycloak;
import org.opencirt.testing.Api;

/** Constituency and people: the CIRT admin edits the CIRT's own constituency; members listed from Keycloak. */
@QuarkusTest
class ConsoleConstituencyTest {

    @Inject
    Keycloak keycloak;

    @BeforeEach
    void realmKnowsTheTestPort() {
        ConsoleRealm.syncFromRealmFile(keycloak);
    }

    @Test
    void theCirtAdminAddsAndRemovesAnEntryOfTheirOwnConstituencyOnly() {
        var admin = new ConsoleBrowser();
        var page = admin.login("ab-admin", "/console/constituency");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body())
                .contains("ab-analyst")
                .contains("ab-lead")
                .contains("cert-ab-partner")
                .doesNotContain("cd-analyst");
        var added = admin.post(
                "/console/constituency",
                Map.of("_csrf", page.csrf(), "kind", "network", "value", "192.0.2.128/25", "label", "<i>lab</i>"));
        assertThat(added.status()).isEqualTo(200);
        assertThat(added.body()).contains("192.0.2.128/25").contains("&lt;i&gt;lab&lt;/i&gt;");
        assertThat(Api.asUser("ab-admin")
                        .get("/api/v1/constituency")
                        .then()
                        .extract()
                        .jsonPath()
                        .getList("value"))
                .contains("192.0.2.128/25");
        assertThat(Api.asUser("cd-admin")
                        .get("/api/v1/constituency")
                        .then()
                        .extract()
                        .jsonPath()
                        .getList("value"))
                .doesNotContain("192.0.2.128/25");
        var m = Pattern.compile(
                        "/console/constituency/([0-9a-f-]{36})/removal\"(?:(?!</tr>).)*?192\\.0\\.2\\.128/25|192\\.0\\.2\\.128/25(?:(?!</tr>).)*?/console/constituency/([0-9a-f-]{36})/removal",
                        Pattern.DOTALL)
                .matcher(added.body());
        assertThat(m.find()).isTrue();
        var id = m.group(1) != null ? m.group(1) : m.group(2);

        // CERT-CD's admin cannot remove it (404), an analyst of CERT-AB may not (403)
        var cd = new ConsoleBrowser();
        var cdPage = cd.login("cd-admin", "/console/constituency");
        assertThat(cdPage.body()).doesNotContain("192.0.2.128/25");
        assertThat(cd.post("/console/constituency/" + id + "/removal", Map.of("_csrf", cdPage.csrf()))
                        .status())
                .isEqualTo(404);
        var analyst = new ConsoleBrowser();
        var analystPage = analyst.login("ab-analyst", "/console/constituency");
        assertThat(analystPage.body()).contains("192.0.2.128/25").doesNotContain("/removal");
        assertThat(analyst.post("/console/constituency/" + id + "/removal", Map.of("_csrf", analystPage.csrf()))
                        .status())
                .isEqualTo(403);

        var removed = admin.post("/console/constituency/" + id + "/removal", Map.of("_csrf", page.csrf()));
        assertThat(removed.body()).doesNotContain("192.0.2.128/25");
    }
}
