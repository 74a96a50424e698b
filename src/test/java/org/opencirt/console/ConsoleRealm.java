package org.opencirt.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import org.eclipse.microprofile.config.ConfigProvider;
import org.keycloak.admin.client.Keycloak;

/**
 * Keycloak imports the realm file only when it first starts, so a stack started before the console existed
 * does not know the console's test redirect URIs. This copies the {@code opencirt-console} client's redirect
 * and post-logout URIs from the realm file (the truth) into the running Keycloak, through the admin API as
 * the {@code opencirt-service} account (manage-clients). On a fresh stack it changes nothing.
 */
final class ConsoleRealm {

    private static volatile boolean synced;

    private ConsoleRealm() {
    }

    static synchronized void syncFromRealmFile(Keycloak keycloak) {
        if (synced) {
            return;
        }
        JsonNode fileClient;
        try {
            var realm = new ObjectMapper().readTree(Path.of("src/main/keycloak/opencirt-realm.json").toFile());
            fileClient = null;
            for (var client : realm.get("clients")) {
                if ("opencirt-console".equals(client.get("clientId").asText())) {
                    fileClient = client;
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        if (fileClient == null) {
            throw new IllegalStateException("the realm file has no opencirt-console client");
        }
        var clients = keycloak.realm("opencirt").clients();
        var running = clients.findByClientId("opencirt-console").getFirst();
        var attributes = running.getAttributes();
        // what the running client allows already is kept: test runs on other ports share this Keycloak
        var redirects = new LinkedHashSet<>(running.getRedirectUris());
        fileClient.get("redirectUris").forEach(u -> redirects.add(u.asText()));
        var postLogout = new LinkedHashSet<String>();
        for (var value : List.of(String.valueOf(attributes.getOrDefault("post.logout.redirect.uris", "")),
                fileClient.get("attributes").get("post.logout.redirect.uris").asText())) {
            Arrays.stream(value.split("##")).filter(u -> !u.isBlank()).forEach(postLogout::add);
        }
        // a test run on another port than the realm file's (OPENCIRT_TEST_HTTP_PORT) must be able to log in too
        var port = ConfigProvider.getConfig().getValue("quarkus.http.test-port", Integer.class);
        for (var host : List.of("localhost", "127.0.0.1")) {
            redirects.add("http://%s:%d/*".formatted(host, port));
            postLogout.add("http://%s:%d/*".formatted(host, port));
        }
        var joined = String.join("##", postLogout);
        if (!running.getRedirectUris().containsAll(redirects) || !joined.equals(attributes.get("post.logout.redirect.uris"))) {
            running.setRedirectUris(new ArrayList<>(redirects));
            attributes.put("post.logout.redirect.uris", joined);
            running.setAttributes(attributes);
            clients.get(running.getId()).update(running);
        }
        synced = true;
    }
}
