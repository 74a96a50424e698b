package org.opencirt.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.keycloak.admin.client.Keycloak;

/**
 * Keycloak imports the realm file only when it first starts, so a stack started before the console existed
 * does not know the console's test redirect URIs. This copies the {@code opencirt-console} client's redirect
 * and post-logout URIs from the realm file (the truth) into the running Keycloak, through the admin API as
 * the {@code opencirt-service} account (manage-clients). On a fresh stack it changes nothing.
 */
public final class ConsoleRealm {

    private static volatile boolean synced;

    private ConsoleRealm() {
    }

    public static synchronized void syncFromRealmFile(Keycloak keycloak) {
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
        List<String> redirects = new ArrayList<>();
        fileClient.get("redirectUris").forEach(u -> redirects.add(u.asText()));
        var postLogout = fileClient.get("attributes").get("post.logout.redirect.uris").asText();
        var clients = keycloak.realm("opencirt").clients();
        var running = clients.findByClientId("opencirt-console").getFirst();
        var attributes = running.getAttributes();
        if (!running.getRedirectUris().containsAll(redirects) || !postLogout.equals(attributes.get("post.logout.redirect.uris"))) {
            running.setRedirectUris(redirects);
            attributes.put("post.logout.redirect.uris", postLogout);
            running.setAttributes(attributes);
            clients.get(running.getId()).update(running);
        }
        synced = true;
    }
}
