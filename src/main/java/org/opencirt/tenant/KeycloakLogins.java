package org.opencirt.tenant;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.control.ActivateRequestContext;
import jakarta.ws.rs.WebApplicationException;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.representations.idm.EventRepresentation;
import org.keycloak.representations.idm.GroupRepresentation;

/**
 * Logins and failed logins of people and machine clients, as Keycloak's event store records them
 * (the realm's user events, read through the service account's {@code view-events} role), each
 * with the CIRT it belongs to: the CIRT group of the user or of the client's service account.
 */
@ApplicationScoped
public class KeycloakLogins {

    /** The event types read. */
    static final List<String> TYPES = List.of("LOGIN", "LOGIN_ERROR", "CLIENT_LOGIN", "CLIENT_LOGIN_ERROR");

    /**
     * One login or failed login.
     *
     * @param id       Keycloak's id of the event
     * @param tenant   the CIRT of the user or client; null for the platform (a platform admin, an unknown
     *                 name, a client of no CIRT)
     * @param actor    the login name, or the client id of a machine client; null when Keycloak knows no such user
     * @param error    Keycloak's error code of a failed login ({@code invalid_user_credentials}), else null
     * @param ownClient whether it is the service's own admin client getting a token: the platform
     *                 talking to itself, not someone signing in
     */
    public record Login(
            String id,
            Instant at,
            String type,
            String tenant,
            String actor,
            String clientId,
            String ipAddress,
            String error,
            boolean ownClient) {

        public boolean failed() {
            return type.endsWith("_ERROR");
        }

        public boolean ofClient() {
            return type.startsWith("CLIENT_");
        }
    }

    private record Owner(String name, String tenant) {}

    private static final Owner NOBODY = new Owner(null, null);

    private final Keycloak keycloak;
    private final TenancyConfig config;
    private final String ownClientId;

    KeycloakLogins(
            Keycloak keycloak,
            TenancyConfig config,
            @ConfigProperty(name = "quarkus.keycloak.admin-client.client-id") String ownClientId) {
        this.keycloak = keycloak;
        this.config = config;
        this.ownClientId = ownClientId;
    }

    /**
     * The logins Keycloak recorded from {@code fromMillis} on (inclusive), oldest first, at most
     * {@code max}. Each user and client is looked up once per call, so a user who moved to another
     * CIRT is counted in the new one from the next call on.
     */
    @ActivateRequestContext
    public List<Login> since(long fromMillis, int max) {
        var realm = keycloak.realm(config.realm());
        var users = new HashMap<String, Owner>();
        var clients = new HashMap<String, Owner>();
        return realm.getEvents(TYPES, null, null, fromMillis, Long.MAX_VALUE, null, 0, max, "asc").stream()
                .map(e -> login(
                        e,
                        e.getUserId() != null
                                ? users.computeIfAbsent(e.getUserId(), id -> user(realm, id))
                                : e.getType().startsWith("CLIENT_") && e.getClientId() != null
                                        ? clients.computeIfAbsent(e.getClientId(), id -> client(realm, id))
                                        : NOBODY))
                .toList();
    }

    private Login login(EventRepresentation e, Owner owner) {
        var client = e.getType().startsWith("CLIENT_");
        var failed = e.getType().endsWith("_ERROR");
        // a user removed since: the name Keycloak noted at a successful login (a failed one's may be anything typed)
        var removed = owner.name() == null && !failed && e.getDetails() != null
                ? e.getDetails().get("username")
                : null;
        return new Login(
                e.getId(),
                Instant.ofEpochMilli(e.getTime()),
                e.getType(),
                owner.tenant(),
                client ? e.getClientId() : owner.name() != null ? owner.name() : removed,
                e.getClientId(),
                e.getIpAddress(),
                e.getError(),
                ownClientId.equals(e.getClientId()));
    }

    private Owner user(RealmResource realm, String userId) {
        try {
            var user = realm.users().get(userId);
            return new Owner(user.toRepresentation().getUsername(), cirt(user.groups(0, 20, false)));
        } catch (WebApplicationException e) {
            if (e.getResponse().getStatus() == 404) {
                return NOBODY; // removed since it logged in
            }
            throw e;
        }
    }

    private Owner client(RealmResource realm, String clientId) {
        try {
            return realm.clients().findByClientId(clientId).stream()
                    .findFirst()
                    .filter(c -> Boolean.TRUE.equals(c.isServiceAccountsEnabled()))
                    .map(c -> new Owner(
                            clientId,
                            cirt(realm.users()
                                    .get(realm.clients()
                                            .get(c.getId())
                                            .getServiceAccountUser()
                                            .getId())
                                    .groups(0, 20, false))))
                    .orElse(new Owner(clientId, null));
        } catch (WebApplicationException e) {
            if (e.getResponse().getStatus() == 404) {
                return new Owner(clientId, null); // removed since it logged in
            }
            throw e;
        }
    }

    /** The CIRT of a user: the {@code cirt} attribute of its group, the one the token's {@code cirt} claim comes from. */
    private static String cirt(List<GroupRepresentation> groups) {
        return groups.stream()
                .map(g -> g.getAttributes() == null
                        ? List.<String>of()
                        : g.getAttributes().getOrDefault("cirt", List.of()))
                .flatMap(List::stream)
                .findFirst()
                .orElse(null);
    }
}
