package org.opencirt.advisory.provider;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.bouncycastle.bcpg.HashAlgorithmTags;
import org.opencirt.advisory.csaf.CsafFileName;
import org.opencirt.advisory.signing.OpenPgp;
import org.opencirt.common.crypto.Digests;
import org.opencirt.testing.TestTls;

/**
 * A vendor's CSAF trusted provider on 127.0.0.1, as its files would be on its web server: a
 * WHITE folder (directory and ROLIE feed, service and category documents) and an AMBER folder
 * behind a bearer token, signed with a key of its own. Tests break one file at a time.
 */
final class ProviderMirror implements AutoCloseable {

    static final String TOKEN = "amber-reader-token";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final boolean tls;
    final Map<String, byte[]> files = new ConcurrentHashMap<>();
    final Map<String, String> redirects = new ConcurrentHashMap<>();
    volatile boolean amberOpen;
    final OpenPgp.KeyMaterial key;
    final List<String> published = new ArrayList<>();

    private ProviderMirror(boolean tls) throws Exception {
        this.tls = tls;
        if (tls) {
            var https = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            https.setHttpsConfigurator(
                    new HttpsConfigurator(TestTls.selfSigned().context()));
            server = https;
        } else {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        }
        server.createContext("/", exchange -> {
            var path = exchange.getRequestURI().getPath();
            var redirect = redirects.get(path);
            var body = files.get(path);
            var guarded = path.contains("/csaf/amber/") && !amberOpen;
            var authorised =
                    ("Bearer " + TOKEN).equals(exchange.getRequestHeaders().getFirst("Authorization"));
            if (redirect != null) {
                exchange.getResponseHeaders().add("Location", redirect);
                exchange.sendResponseHeaders(302, -1);
            } else if (guarded && !authorised) {
                exchange.sendResponseHeaders(401, -1);
            } else if (body == null) {
                exchange.sendResponseHeaders(404, -1);
            } else {
                exchange.getResponseHeaders()
                        .add(
                                "Content-Type",
                                path.endsWith("/") ? "text/html; charset=utf-8" : "application/octet-stream");
                exchange.sendResponseHeaders(200, body.length);
                try (var out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
            exchange.close();
        });
        server.start();
        key = OpenPgp.generate(
                "Vendor PSIRT <psirt@vendor.test>",
                org.opencirt.advisory.signing.SigningConfig.KeyAlgorithm.ED25519,
                Duration.ofDays(30),
                Instant.now().minusSeconds(60));
    }

    /** A provider with two WHITE advisories (2025 and 2026) and one AMBER advisory, every file in place. */
    static ProviderMirror complete(boolean tls) throws Exception {
        var mirror = new ProviderMirror(tls);
        mirror.publish("white", document("VENDOR-2025-001", "WHITE", "2025-11-02T10:00:00Z", "2026-02-01T09:00:00Z"));
        mirror.publish("white", document("VENDOR-2026-002", "WHITE", "2026-03-01T08:00:00Z", "2026-03-01T08:00:00Z"));
        mirror.publish("amber", document("VENDOR-2026-003", "AMBER", "2026-04-01T08:00:00Z", "2026-04-01T08:00:00Z"));
        mirror.finish();
        return mirror;
    }

    String origin() {
        return (tls ? "https" : "http") + "://127.0.0.1:" + server.getAddress().getPort();
    }

    String base() {
        return origin() + "/.well-known/csaf/";
    }

    String metadataUrl() {
        return base() + "provider-metadata.json";
    }

    static ObjectNode document(String id, String tlp, String initial, String current) {
        var doc = JSON.createObjectNode();
        var document = doc.putObject("document");
        document.put("category", "csaf_base");
        document.put("csaf_version", "2.0");
        document.put("lang", "en");
        document.put("title", "Advisory " + id);
        document.putObject("publisher")
                .put("category", "vendor")
                .put("name", "Vendor")
                .put("namespace", "https://vendor.test");
        document.putObject("distribution").putObject("tlp").put("label", tlp);
        var tracking = document.putObject("tracking");
        tracking.put("id", id);
        tracking.put("status", "final");
        tracking.put("version", "1");
        tracking.put("initial_release_date", initial);
        tracking.put("current_release_date", current);
        tracking.putArray("revision_history")
                .addObject()
                .put("number", "1")
                .put("date", initial)
                .put("summary", "Initial version");
        doc.putObject("product_tree")
                .putArray("branches")
                .addObject()
                .put("category", "vendor")
                .put("name", "Vendor")
                .putArray("branches")
                .addObject()
                .put("category", "product_name")
                .put("name", "Router")
                .putObject("product")
                .put("name", "Vendor Router")
                .put("product_id", "CSAFPID-1");
        return doc;
    }

    /** Writes a document, its hashes and signature into a TLP folder, under the year of its first release. */
    String publish(String tlp, ObjectNode doc) throws IOException {
        var tracking = doc.path("document").path("tracking");
        return publishAs(
                tlp,
                tracking.path("initial_release_date").asText().substring(0, 4),
                CsafFileName.of(tracking.path("id").asText()),
                doc);
    }

    /** Writes a document under the given year folder and file name (for files named or placed wrongly). */
    String publishAs(String tlp, String year, String name, ObjectNode doc) throws IOException {
        var relative = year + "/" + name;
        var path = "/.well-known/csaf/" + tlp + "/" + relative;
        var bytes = JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(doc);
        files.put(path, bytes);
        files.put(path + ".sha256", (Digests.sha256Hex(bytes) + "  " + name + "\n").getBytes(StandardCharsets.UTF_8));
        files.put(path + ".sha512", (Digests.sha512Hex(bytes) + "  " + name + "\n").getBytes(StandardCharsets.UTF_8));
        files.put(path + ".asc", sign(bytes, key).getBytes(StandardCharsets.US_ASCII));
        published.add(tlp + "/" + relative);
        return path;
    }

    static String sign(byte[] bytes, OpenPgp.KeyMaterial key) {
        var secret = OpenPgp.signingSecretKey(key.secretRing(), Instant.now()).orElseThrow();
        return OpenPgp.signDetached(
                bytes,
                OpenPgp.signingKey(key.secretRing(), Instant.now()),
                secret.getPublicKey(),
                HashAlgorithmTags.SHA512,
                Instant.now());
    }

    /** Writes what lists the documents: security.txt, the metadata, each folder's index, changes, feed, listings. */
    void finish() throws IOException {
        var base = base();
        put(
                "/.well-known/security.txt",
                "Contact: mailto:psirt@vendor.test\nExpires: 2099-01-01T00:00:00Z\nCSAF: " + metadataUrl() + "\n");
        var metadata = JSON.createObjectNode();
        metadata.put("canonical_url", metadataUrl());
        var distributions = metadata.putArray("distributions");
        for (var tlp : List.of("white", "amber")) {
            var distribution = distributions.addObject();
            distribution.put("directory_url", base + tlp + "/");
            var rolie = distribution.putObject("rolie");
            rolie.putArray("feeds")
                    .addObject()
                    .put("summary", tlp + " advisories")
                    .put("tlp_label", tlp.toUpperCase())
                    .put("url", base + tlp + "/feed-tlp-" + tlp + ".json");
            rolie.putArray("categories").add(base + tlp + "/categories.json");
            rolie.putArray("services").add(base + "service.json");
            folder(tlp);
        }
        metadata.put("last_updated", "2026-04-01T08:00:00Z");
        metadata.put("list_on_CSAF_aggregators", true);
        metadata.put("metadata_version", "2.0");
        metadata.put("mirror_on_CSAF_aggregators", true);
        metadata.putArray("public_openpgp_keys")
                .addObject()
                .put("fingerprint", key.fingerprint())
                .put("url", base + "openpgp/" + key.fingerprint() + ".asc");
        metadata.putObject("publisher")
                .put("category", "vendor")
                .put("name", "Vendor")
                .put("namespace", "https://vendor.test");
        metadata.put("role", "csaf_trusted_provider");
        put("/.well-known/csaf/provider-metadata.json", metadata.toPrettyString());
        put("/.well-known/csaf/openpgp/" + key.fingerprint() + ".asc", key.publicArmored());
        var service = JSON.createObjectNode();
        var collections = service.putObject("service")
                .putArray("workspace")
                .addObject()
                .put("title", "Vendor")
                .putArray("collection");
        for (var tlp : List.of("white", "amber")) {
            collections.addObject().put("title", tlp).put("href", base + tlp + "/feed-tlp-" + tlp + ".json");
        }
        put("/.well-known/csaf/service.json", service.toPrettyString());
    }

    private void folder(String tlp) throws IOException {
        var prefix = tlp + "/";
        var docs = published.stream()
                .filter(p -> p.startsWith(prefix))
                .map(p -> p.substring(prefix.length()))
                .toList();
        var index = new StringBuilder();
        docs.stream().sorted().forEach(d -> index.append(d).append('\n'));
        put("/.well-known/csaf/" + tlp + "/index.txt", index.toString());
        var rows = new ArrayList<String[]>();
        var feed = JSON.createObjectNode();
        feed.put("id", "vendor-" + tlp).put("title", "Vendor " + tlp).put("updated", "2026-04-01T08:00:00Z");
        var entries = feed.putArray("entry");
        var years = new TreeSet<String>();
        for (var relative : docs) {
            var path = "/.well-known/csaf/" + tlp + "/" + relative;
            var doc = JSON.readTree(files.get(path));
            var tracking = doc.path("document").path("tracking");
            rows.add(new String[] {
                relative, tracking.path("current_release_date").asText()
            });
            years.add(relative.substring(0, 4));
            var url = origin() + path;
            var entry =
                    entries.addObject().put("id", tracking.path("id").asText()).put("title", "t");
            var links = entry.putArray("link");
            links.addObject().put("rel", "self").put("href", url);
            links.addObject().put("rel", "hash").put("href", url + ".sha256");
            links.addObject().put("rel", "hash").put("href", url + ".sha512");
            links.addObject().put("rel", "signature").put("href", url + ".asc");
        }
        rows.sort((a, b) -> b[1].compareTo(a[1]));
        var changes = new StringBuilder();
        rows.forEach(r ->
                changes.append('"').append(r[0]).append("\",\"").append(r[1]).append("\"\n"));
        put("/.well-known/csaf/" + tlp + "/changes.csv", changes.toString());
        files.put(
                "/.well-known/csaf/" + tlp + "/feed-tlp-" + tlp + ".json",
                JSON.writeValueAsBytes(JSON.createObjectNode().set("feed", feed)));
        var listing = new StringBuilder("<html><body><a href=\"index.txt\">index.txt</a>");
        years.forEach(y ->
                listing.append("<a href=\"").append(y).append("/\">").append(y).append("/</a>"));
        put("/.well-known/csaf/" + tlp + "/", listing.append("</body></html>").toString());
        put(
                "/.well-known/csaf/" + tlp + "/categories.json",
                "{\"categories\": {\"category\": [{\"term\": \"Router\"}, {\"term\": \"csaf_base\"}]}}");
    }

    void put(String path, String text) {
        files.put(path, text.getBytes(StandardCharsets.UTF_8));
    }

    String text(String path) {
        return new String(files.get(path), StandardCharsets.UTF_8);
    }

    /** A site that reads this mirror, trusting its certificate, with the AMBER token when asked. */
    HttpSite site(boolean withToken) throws Exception {
        return new HttpSite(TestTls.selfSigned().context(), withToken ? TOKEN : null);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
