package org.opencirt.tenant;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.control.ActivateRequestContext;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.representations.idm.UserRepresentation;

/**
 * Who works in a national CIRT, as Keycloak knows it: the enabled members of its group that hold
 * a realm role. Read through the service account (view and query users, nothing more) and kept
 * for a minute, so a busy triage does not ask Keycloak for every incident.
 */
@ApplicationScoped
public class TenantDirectory {

    private static final Duration KEEP = Duration.ofMinutes(1);

    /** A member of a CIRT: login and e-mail address (null when Keycloak has none). */
    public record Member(String username, String email) {}

    private record Cached(List<Member> members, Instant until) {}

    private final Keycloak keycloak;
    private final TenancyConfig config;
    private final Clock clock;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    TenantDirectory(Keycloak keycloak, TenancyConfig config, Clock clock) {
        this.keycloak = keycloak;
        this.config = config;
        this.clock = clock;
    }

    /** The members of a CIRT with a role, by login. */
    @ActivateRequestContext
    public List<Member> members(String tenant, String role) {
        var key = tenant + "|" + role;
        var cached = cache.get(key);
        if (cached != null && cached.until().isAfter(clock.instant())) {
            return cached.members();
        }
        var members = load(tenant, role);
        cache.put(key, new Cached(members, clock.instant().plus(KEEP)));
        return members;
    }

    private List<Member> load(String tenant, String role) {
        var realm = keycloak.realm(config.realm());
        var group = realm.groups().groups(tenant, 0, 10, false).stream()
                .filter(g -> tenant.equals(g.getName()))
                .findFirst();
        if (group.isEmpty()) {
            return List.of();
        }
        var inGroup = realm.groups().group(group.get().getId()).members(0, 1000).stream()
                .filter(u -> Boolean.TRUE.equals(u.isEnabled()))
                .map(UserRepresentation::getUsername)
                .toList();
        return realm.roles().get(role).getUserMembers(0, 1000).stream()
                .filter(u -> inGroup.contains(u.getUsername()))
                .filter(u -> !u.getUsername().startsWith("service-account-"))
                .map(u -> new Member(u.getUsername(), u.getEmail()))
                .sorted(Comparator.comparing(Member::username))
                .toList();
    }
}
