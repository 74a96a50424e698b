package org.opencirt.feed.shadowserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.opencirt.feed.shadowserver.ShadowserverApi.ApiException;
import org.opencirt.feed.shadowserver.ShadowserverApi.Credentials;
import org.opencirt.feed.shadowserver.ShadowserverApi.ReportListing;

class ShadowserverApiTest {

    private static final String KEY = "key-4f1c9a77";
    private static final String SECRET = "secret-b81e2d05";
    private static final String CSV = "\"timestamp\",\"ip\",\"protocol\",\"port\",\"hostname\",\"tag\",\"asn\"\n"
            + "\"2024-05-01 03:12:44\",\"198.51.100.7\",\"tcp\",3389,,\"rdp\",64496\n";

    private HttpServer server;
    private final List<JsonNode> bodies = new CopyOnWriteArrayList<>();
    private volatile String listAnswer;
    private volatile int listStatus = 200;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/api2/reports/list", this::list);
        server.createContext("/dl/", this::download);
        server.start();
        listAnswer = """
                [{"id": "a1B2c3", "type": "scan_rdp", "report": "xx-country",
                  "timestamp": "2024-05-01", "file": "2024-05-01-scan_rdp-country-geo.csv",
                  "url": "https://dl.shadowserver.org/a1B2c3"},
                 {"id": "d4E5f6", "type": "scan_vnc", "report": "xx-country",
                  "timestamp": "2024-05-01", "file": "2024-05-01-scan_vnc-country-geo.csv",
                  "url": "https://dl.shadowserver.org/d4E5f6"},
                 {"id": "../../etc/passwd", "type": "scan_smb", "file": "x.csv"}]
                """;
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    /** Checks HMAC2 against the exact body under the secret, as the API does: 401 when wrong. */
    private void list(HttpExchange exchange) throws IOException {
        byte[] body = exchange.getRequestBody().readAllBytes();
        String signature = exchange.getRequestHeaders().getFirst("HMAC2");
        if (!"POST".equals(exchange.getRequestMethod())
                || signature == null
                || !signature.equals(ShadowserverApi.hmac2(body, SECRET))) {
            answer(exchange, 401, "{\"error\":\"Invalid HMAC for apikey " + KEY + "\"}");
            return;
        }
        bodies.add(new ObjectMapper().readTree(body));
        answer(exchange, listStatus, listAnswer);
    }

    private void download(HttpExchange exchange) throws IOException {
        String id = exchange.getRequestURI().getPath().substring("/dl/".length());
        if (!"GET".equals(exchange.getRequestMethod()) || !id.equals("a1B2c3")) {
            answer(exchange, 404, "not found");
            return;
        }
        answer(exchange, 200, CSV);
    }

    private static void answer(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length);
        try (var out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** The transport a service would plug in, here plain java.net.http. */
    static final class JdkTransport implements ShadowserverApi.Transport {
        private final HttpClient client =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

        @Override
        public ShadowserverApi.Response post(URI uri, Map<String, String> headers, byte[] body) throws IOException {
            var request = HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.ofByteArray(body));
            headers.forEach(request::header);
            return send(request);
        }

        @Override
        public ShadowserverApi.Response get(URI uri, Map<String, String> headers) throws IOException {
            var request = HttpRequest.newBuilder(uri).GET();
            headers.forEach(request::header);
            return send(request);
        }

        private ShadowserverApi.Response send(HttpRequest.Builder request) throws IOException {
            try {
                HttpResponse<InputStream> response = client.send(
                        request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofInputStream());
                return new ShadowserverApi.Response(response.statusCode(), response.body());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
        }
    }

    private ShadowserverApi api(String secret, int maxListBytes) {
        String base = "http://127.0.0.1:" + server.getAddress().getPort();
        return new ShadowserverApi(
                URI.create(base + "/api2"),
                URI.create(base + "/dl/"),
                new Credentials(KEY, secret),
                new JdkTransport(),
                maxListBytes);
    }

    @Test
    void listingSignsTheBodyAndDownloadingGivesTheCsvThatReadsIntoEvents() throws IOException {
        var api = api(SECRET, 1 << 20);

        List<ReportListing> listings =
                api.list(LocalDate.of(2024, 5, 1), LocalDate.of(2024, 5, 2), List.of("xx-country"), List.of());

        assertThat(listings)
                .as("the entry whose id is no plain token is dropped")
                .containsExactly(
                        new ReportListing(
                                "a1B2c3",
                                "scan_rdp",
                                "xx-country",
                                LocalDate.of(2024, 5, 1),
                                "2024-05-01-scan_rdp-country-geo.csv"),
                        new ReportListing(
                                "d4E5f6",
                                "scan_vnc",
                                "xx-country",
                                LocalDate.of(2024, 5, 1),
                                "2024-05-01-scan_vnc-country-geo.csv"));
        JsonNode sent = bodies.get(0);
        assertThat(sent.path("apikey").asText()).isEqualTo(KEY);
        assertThat(sent.path("date").asText()).isEqualTo("2024-05-01:2024-05-02");
        assertThat(sent.path("reports").get(0).asText()).isEqualTo("xx-country");
        assertThat(sent.has("type")).isFalse();

        var events = new ArrayList<ReportEvent>();
        try (InputStream csv = api.download(listings.get(0))) {
            new ReportReader()
                    .read(
                            csv,
                            ShadowserverMappingsTest.shipped()
                                    .namedOrGeneric(listings.get(0).type()),
                            events::add);
        }
        assertThat(events).singleElement().satisfies(e -> {
            assertThat(e.reportType()).isEqualTo("scan_rdp");
            assertThat(e.ip()).isEqualTo("198.51.100.7");
            assertThat(e.port()).isEqualTo(3389);
        });
    }

    @Test
    void oneTypeIsAskedForInTheBodyAndSeveralAreFilteredFromTheListing() throws IOException {
        var api = api(SECRET, 1 << 20);

        api.list(LocalDate.of(2024, 5, 1), LocalDate.of(2024, 5, 1), List.of(), List.of("scan_rdp"));
        var several = api.list(
                LocalDate.of(2024, 5, 1), LocalDate.of(2024, 5, 1), List.of(), List.of("scan_vnc", "scan_ftp"));

        assertThat(bodies.get(0).path("type").asText()).isEqualTo("scan_rdp");
        assertThat(bodies.get(0).path("date").asText()).isEqualTo("2024-05-01");
        assertThat(bodies.get(1).has("type")).isFalse();
        assertThat(several).extracting(ReportListing::type).containsExactly("scan_vnc");
    }

    @Test
    void aWrongSecretGivesAClearErrorThatLeaksNeitherTheSecretNorTheKeyNorTheAnswer() {
        var api = api("not-the-secret", 1 << 20);

        assertThatThrownBy(() -> api.list(LocalDate.of(2024, 5, 1), LocalDate.of(2024, 5, 1), List.of(), List.of()))
                .isInstanceOf(ApiException.class)
                .hasMessageContaining("HTTP 401")
                .hasMessageContaining("check the key and the secret")
                .satisfies(e -> {
                    assertThat(((ApiException) e).status()).isEqualTo(401);
                    assertThat(e.getMessage())
                            .doesNotContain(KEY)
                            .doesNotContain("not-the-secret")
                            .doesNotContain("Invalid HMAC");
                });
        assertThat(bodies).as("the server refused the signature").isEmpty();
    }

    @Test
    void anErrorObjectFromTheApiBecomesAnExceptionWithoutItsText() {
        listAnswer = "{\"error\": \"Unknown report " + KEY + "\"}";

        assertThatThrownBy(() -> api(SECRET, 1 << 20)
                        .list(LocalDate.of(2024, 5, 1), LocalDate.of(2024, 5, 1), List.of(), List.of()))
                .isInstanceOf(ApiException.class)
                .hasMessageContaining("reports/list answered an error")
                .message()
                .doesNotContain(KEY)
                .doesNotContain("Unknown report");
    }

    @Test
    void anAnswerThatIsNotJsonOrTooLargeOrAServerErrorIsRefused() {
        listAnswer = "<html>maintenance</html>";
        assertThatThrownBy(() -> api(SECRET, 1 << 20)
                        .list(LocalDate.of(2024, 5, 1), LocalDate.of(2024, 5, 1), List.of(), List.of()))
                .isInstanceOf(ApiException.class)
                .hasMessageContaining("not JSON")
                .message()
                .doesNotContain("maintenance");

        listAnswer = "[" + "{\"id\":\"a\",\"type\":\"scan_rdp\",\"file\":\"f.csv\"},".repeat(100) + "{}]";
        assertThatThrownBy(() -> api(SECRET, 1000)
                        .list(LocalDate.of(2024, 5, 1), LocalDate.of(2024, 5, 1), List.of(), List.of()))
                .isInstanceOf(ApiException.class)
                .hasMessageContaining("more than 1000 bytes");

        listStatus = 503;
        assertThatThrownBy(() -> api(SECRET, 1 << 20)
                        .list(LocalDate.of(2024, 5, 1), LocalDate.of(2024, 5, 1), List.of(), List.of()))
                .isInstanceOf(ApiException.class)
                .hasMessageContaining("failed with HTTP 503");
    }

    @Test
    void aReportThatCannotBeDownloadedIsAnErrorAndAnIdThatIsNoPlainTokenIsNeverRequested() {
        var api = api(SECRET, 1 << 20);

        assertThatThrownBy(() -> api.download("zz9"))
                .isInstanceOf(ApiException.class)
                .hasMessageContaining("HTTP 404");
        assertThatThrownBy(() -> api.download("../api2/reports/list")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> api.download("https://evil.example/x")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void hmac2IsTheLowerCaseHexHmacSha256OfTheBody() {
        // RFC 4231, test case 2
        assertThat(ShadowserverApi.hmac2("what do ya want for nothing?".getBytes(StandardCharsets.UTF_8), "Jefe"))
                .isEqualTo("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
    }

    @Test
    void credentialsNeverShowInTheirTextAndBothAreRequired() {
        assertThat(new Credentials(KEY, SECRET).toString()).doesNotContain(KEY).doesNotContain(SECRET);
        assertThatThrownBy(() -> new Credentials(KEY, "")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ShadowserverApi(new Credentials(KEY, SECRET), (ShadowserverApi.Transport) null))
                .isInstanceOf(NullPointerException.class);
    }

    @Test
    void aResponseClosesItsBody() throws IOException {
        var closed = new boolean[1];
        var body = new ByteArrayInputStream(new byte[0]) {
            @Override
            public void close() {
                closed[0] = true;
            }
        };
        new ShadowserverApi.Response(200, body).close();
        assertThat(closed[0]).isTrue();
    }
}
