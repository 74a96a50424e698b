package org.opencirt.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.Keycloak;

/** The console's foundation: Keycloak login, the CIRT from the login, CSRF, CSP, languages, error pages, logout. */
@QuarkusTest
class ConsoleLoginTest {

    @Inject
    Keycloak keycloak;

    @BeforeEach
    void realmKnowsTheTestPort() {
        ConsoleRealm.syncFromRealmFile(keycloak);
    }

    @Test
    void anonymousVisitorIsSentToKeycloakWithTheConsoleClient() {
        var page = new ConsoleBrowser().get("/console");
        assertThat(page.url())
                .contains("/realms/opencirt/protocol/openid-connect/auth")
                .contains("client_id=opencirt-console")
                .contains("code_challenge_method=S256");
        assertThat(page.body()).contains("kc-form-login");
    }

    @Test
    void analystLogsInThroughKeycloakAndSeesTheirOwnCirt() {
        var ab = new ConsoleBrowser().login("ab-analyst");
        assertThat(ab.status()).isEqualTo(200);
        assertThat(ab.url()).endsWith("/console");
        assertThat(ab.body())
                .contains("data-cirt=\"cert-ab\"")
                .contains("ab-analyst")
                .doesNotContain("data-cirt=\"cert-cd\"");

        var cd = new ConsoleBrowser().login("cd-analyst");
        assertThat(cd.body())
                .contains("data-cirt=\"cert-cd\"")
                .contains("cd-analyst")
                .doesNotContain("data-cirt=\"cert-ab\"");
    }

    @Test
    void consolePagesCarryAStrictContentSecurityPolicy() {
        var page = new ConsoleBrowser().login("ab-analyst");
        var csp = page.header("Content-Security-Policy");
        assertThat(csp)
                .contains("default-src 'self'")
                .contains("script-src 'self'")
                .contains("frame-ancestors 'none'")
                .doesNotContain("unsafe-inline")
                .doesNotContain("unsafe-eval");
        assertThat(page.header("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(page.header("Server-Timing")).matches("app;dur=[0-9]+\\.[0-9]");
        assertThat(page.body())
                .doesNotContainPattern("<script(?![^>]*\\bsrc=)[^>]*>")
                .doesNotContain(" style=\"")
                .doesNotContain("onclick");
    }

    @Test
    void aFormWithoutTheSessionsCsrfTokenIsRefusedWithAnHtmlPage() {
        var browser = new ConsoleBrowser();
        browser.login("ab-analyst");
        var refused = browser.post("/console/language", Map.of("lang", "fr", "return", "/console"));
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.header("Content-Type")).startsWith("text/html");
        assertThat(refused.body()).contains("<h1>").doesNotContain("\"status\"");
        var forged = browser.post("/console/language", Map.of("lang", "fr", "return", "/console", "_csrf", "forged"));
        assertThat(forged.status()).isEqualTo(403);
        // still English: nothing changed
        assertThat(browser.get("/console").body()).contains("lang=\"en\"");
    }

    @Test
    void theCsrfTokenOfOneSessionDoesNotWorkInAnother() {
        var first = new ConsoleBrowser();
        var token = first.login("ab-analyst").csrf();
        var second = new ConsoleBrowser();
        var other = second.login("ab-analyst").csrf();
        assertThat(other).isNotEqualTo(token);
        assertThat(second.post("/console/language", Map.of("lang", "fr", "_csrf", token))
                        .status())
                .isEqualTo(403);
    }

    @Test
    void frenchAndArabicAreChosenByForm() {
        var browser = new ConsoleBrowser();
        var home = browser.login("ab-analyst");
        var french =
                browser.post("/console/language", Map.of("lang", "fr", "return", "/console", "_csrf", home.csrf()));
        assertThat(french.status()).isEqualTo(200);
        assertThat(french.body()).contains("<html lang=\"fr\" dir=\"ltr\">").contains("Se déconnecter");
        var arabic =
                browser.post("/console/language", Map.of("lang", "ar", "return", "/console", "_csrf", home.csrf()));
        assertThat(arabic.body()).contains("<html lang=\"ar\" dir=\"rtl\">");
    }

    @Test
    void theLanguageFormReturnsOnlyToConsolePaths() {
        var browser = new ConsoleBrowser();
        var home = browser.login("ab-analyst");
        var page = browser.post(
                "/console/language", Map.of("lang", "en", "return", "https://evil.example/", "_csrf", home.csrf()));
        assertThat(page.url()).isEqualTo(browser.base() + "/console");
        page = browser.post(
                "/console/language", Map.of("lang", "en", "return", "//evil.example/console", "_csrf", home.csrf()));
        assertThat(page.url()).isEqualTo(browser.base() + "/console");
    }

    @Test
    void anUnknownConsolePathIsAnHtml404Page() {
        var browser = new ConsoleBrowser();
        browser.login("ab-analyst");
        var page = browser.get("/console/no-such-page");
        assertThat(page.status()).isEqualTo(404);
        assertThat(page.header("Content-Type")).startsWith("text/html");
        assertThat(page.body()).contains("<!DOCTYPE html>");
    }

    @Test
    void aLoginWithoutCirtGetsAn403Page() {
        var page = new ConsoleBrowser().login("platform-admin");
        assertThat(page.status()).isEqualTo(403);
        assertThat(page.header("Content-Type")).startsWith("text/html");
    }

    @Test
    void signingOutEndsTheKeycloakSessionToo() {
        var browser = new ConsoleBrowser();
        var home = browser.login("ab-analyst");
        var out = browser.post("/console/logout", Map.of("_csrf", home.csrf()));
        assertThat(out.url()).contains("/console/signed-out");
        assertThat(out.status()).isEqualTo(200);
        // the next visit asks for the password again
        assertThat(browser.get("/console").url()).contains("/protocol/openid-connect/auth");
    }

    @Test
    void aGetOfTheFormerSessionEndPathLeavesTheSessionValid() {
        var browser = new ConsoleBrowser();
        browser.login("ab-analyst");
        // what a link or an <img> on another site would do
        browser.get("/console/session/end");
        browser.get("/console/logout");
        var home = browser.get("/console");
        assertThat(home.status()).isEqualTo(200);
        assertThat(home.url()).isEqualTo(browser.base() + "/console");
        assertThat(home.body()).contains("ab-analyst");
    }

    @Test
    void logoutWithoutTheCsrfTokenIsRefusedAndTheSessionStays() {
        var browser = new ConsoleBrowser();
        browser.login("ab-analyst");
        assertThat(browser.post("/console/logout", Map.of()).status()).isEqualTo(403);
        assertThat(browser.post("/console/logout", Map.of("_csrf", "forged")).status())
                .isEqualTo(403);
        var home = browser.get("/console");
        assertThat(home.url()).isEqualTo(browser.base() + "/console");
        assertThat(home.body()).contains("ab-analyst");
    }

    @Test
    void sessionAndLanguageCookiesAreHttpOnlyAndSameSiteLaxAndNotSecureOnPlainHttp() {
        var browser = new ConsoleBrowser();
        var home = browser.login("ab-analyst");
        browser.post("/console/language", Map.of("lang", "fr", "return", "/console", "_csrf", home.csrf()));
        for (var name : List.of("q_session_console", "opencirt-lang")) {
            var cookie = browser.setCookie(name).toLowerCase(java.util.Locale.ROOT);
            assertThat(cookie)
                    .as(name)
                    .contains("httponly")
                    .contains("samesite=lax")
                    .doesNotContain("secure");
        }
    }

    @Test
    void theApiStillTakesBearerTokensAndIgnoresTheConsoleSession() {
        var browser = new ConsoleBrowser();
        browser.login("ab-analyst");
        assertThat(browser.get("/api/v1/tenants/me").status()).isEqualTo(401);
    }
}
