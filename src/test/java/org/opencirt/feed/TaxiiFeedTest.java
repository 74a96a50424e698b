package org.opencirt.feed;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.junit.QuarkusTest;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.opencirt.testing.Api;
import org.opencirt.testing.Tokens;

/**
 * A partner's TAXII 2.1 collection, served by a local server in its place: the run pages through
 * it with the TAXII media type, and the next run resumes with {@code added_after} set to the
 * latest object it read.
 */
@QuarkusTest
class TaxiiFeedTest {

    private static final String TAXII = "application/taxii+json;version=2.1";

    @Test
    void aTaxiiCollectionIsPagedAndTheNextRunResumesAfterTheLastObject() throws Exception {
        var requests = new CopyOnWriteArrayList<String>();
        var server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/api1/collections/sample/objects/", exchange -> {
            var query = String.valueOf(exchange.getRequestURI().getRawQuery());
            requests.add(exchange.getRequestHeaders().getFirst("Accept") + " " + query);
            if (!TAXII.equals(exchange.getRequestHeaders().getFirst("Accept"))) {
                exchange.sendResponseHeaders(406, -1);
                exchange.close();
                return;
            }
            var page = query.contains("next=") ? "page2.json" : "page1.json";
            var body = Files.readAllBytes(Path.of("threat-feeds/samples/taxii", page));
            exchange.getResponseHeaders().add("Content-Type", TAXII);
            exchange.getResponseHeaders()
                    .add(
                            "X-TAXII-Date-Added-Last",
                            page.equals("page1.json") ? "2024-06-10T00:00:00.000Z" : "2024-06-11T00:00:00.000Z");
            exchange.sendResponseHeaders(200, body.length);
            try (var out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        try {
            var admin = Tokens.user("cd-admin");
            var id = "taxii-" + UUID.randomUUID().toString().substring(0, 8);
            Api.as(admin)
                    .contentType("application/yaml")
                    .body("""
                    id: %s
                    name: Partner TAXII
                    url: http://127.0.0.1:%d/api1/collections/sample/objects/
                    format: taxii-collection
                    enabled: true
                    defaults:
                      tlp: AMBER
                    """.formatted(id, server.getAddress().getPort()))
                    .post("/api/v1/feeds")
                    .then()
                    .statusCode(201);

            var first = FeedIngestionTest.runAndWait(admin, id);
            assertThat(first.getString("status")).isEqualTo("partial");
            assertThat(first.getLong("created") + first.getLong("updated") + first.getLong("warninglisted"))
                    .isEqualTo(7);
            assertThat(first.getLong("invalid")).isEqualTo(3);
            assertThat(requests).hasSize(2).allMatch(r -> r.startsWith(TAXII));
            assertThat(requests.get(1)).contains("next=");

            assertThat(requests.getFirst()).doesNotContain("added_after");
            FeedIngestionTest.runAndWait(admin, id);
            assertThat(requests.get(2)).contains("added_after=2024-06-08T10%3A00%3A00.000Z");
        } finally {
            server.stop(0);
        }
    }
}
