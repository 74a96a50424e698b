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
 * the {@code opencirt-service} account (manage-clients), with this run's test port added: it only ever adds, so
 * test runs on other ports that share the Keycloak keep theirs. It checks before every test (one admin call), since
 * a run on another port may have put back the realm file's list meanwhile.
 */
public final class ConsoleRealm {

    private ConsoleRealm() {}

    public static synchronized void syncFromRealmFile(Keycloak keycloak) {
        JsonNode fileClient;
        try {
            var realm = new ObjectMapper()
                    .readTree(Path.of("src/main/keycloak/opencirt-realm.json").toFile());
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
        // the realm file's URIs plus this run's test port; added to what the running Keycloak has, never
        // replacing it, since test runs on other ports share that Keycloak
        var port = ConfigProvider.getConfig().getValue("quarkus.http.test-port", Integer.class);
        var mine = List.of("http://localhost:%d/*".formatted(port), "http://127.0.0.1:%d/*".formatted(port));
        var clients = keycloak.realm("opencirt").clients();
        var running = clients.findByClientId("opencirt-console").getFirst();
        var redirects = new LinkedHashSet<>(running.getRedirectUris());
        fileClient.get("redirectUris").forEach(u -> redirects.add(u.asText()));
        redirects.addAll(mine);
        var attributes = running.getAttributes();
        var postLogout = new LinkedHashSet<String>();
        for (var value : List.of(
                attributes.getOrDefault("post.logout.redirect.uris", ""),
                fileClient.get("attributes").get("post.logout.redirect.uris").asText())) {
            Arrays.stream(value.split("##")).filter(u -> !u.isBlank()).forEach(postLogout::add);
        }
        postLogout.addAll(mine);
        var joined = String.join("##", postLogout);
        if (!new LinkedHashSet<>(running.getRedirectUris()).equals(redirects)
                || !joined.equals(attributes.get("post.logout.redirect.uris"))) {
            running.setRedirectUris(new ArrayList<>(redirects));
            attributes.put("post.logout.redirect.uris", joined);
            running.setAttributes(attributes);
            clients.get(running.getId()).update(running);
        }
    }
}
