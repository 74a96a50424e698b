package org.opencirt.testing;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;
import org.keycloak.admin.client.CreatedResponseUtil;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.representations.idm.CredentialRepresentation;
import org.keycloak.representations.idm.UserRepresentation;

/** Creates throw-away users in the real Keycloak, for the cases the demo realm does not have. */
@ApplicationScoped
public class KeycloakUsers {

    private final Keycloak keycloak;

    KeycloakUsers(Keycloak keycloak) {
        this.keycloak = keycloak;
    }

    /**
     * A new user with the given realm roles, member of the given groups (by name), password {@code demo}.
     *
     * @return the username
     */
    public String create(List<String> roles, List<String> groups) {
        var realm = keycloak.realm("opencirt");
        var username = "test-" + UUID.randomUUID().toString().substring(0, 8);
        var user = new UserRepresentation();
        user.setUsername(username);
        user.setEnabled(true);
        user.setEmail(username + "@test.example.org");
        user.setEmailVerified(true);
        user.setFirstName("Test");
        user.setLastName(username);
        var password = new CredentialRepresentation();
        password.setType(CredentialRepresentation.PASSWORD);
        password.setValue(Tokens.DEMO_PASSWORD);
        password.setTemporary(false);
        user.setCredentials(List.of(password));
        String id;
        try (var response = realm.users().create(user)) {
            id = CreatedResponseUtil.getCreatedId(response);
        }
        var resource = realm.users().get(id);
        resource.roles()
                .realmLevel()
                .add(roles.stream()
                        .map(r -> realm.roles().get(r).toRepresentation())
                        .toList());
        for (var group : groups) {
            var match = realm.groups().groups(group, 0, 10, true).stream()
                    .filter(g -> g.getName().equals(group))
                    .findFirst()
                    .orElseThrow();
            resource.joinGroup(match.getId());
        }
        return username;
    }

    /** Removes a user made by {@link #create}. */
    public void remove(String username) {
        var users = keycloak.realm("opencirt").users();
        users.search(username, true).forEach(u -> users.delete(u.getId()).close());
    }
}
