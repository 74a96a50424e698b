package org.opencirt.tenant;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;
import org.keycloak.admin.client.CreatedResponseUtil;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.representations.idm.GroupRepresentation;
import org.keycloak.representations.idm.ProtocolMapperRepresentation;

/**
 * The one place that changes Keycloak: gives a national CIRT its group (whose {@code cirt}
 * attribute becomes the tenant claim of its members' tokens) and its partner client.
 *
 * <p>Every step finds before it creates, so provisioning the same CIRT again repairs what is
 * missing and duplicates nothing. When a step fails, what this attempt created is removed
 * again, newest first, and the failure names the step.
 */
@ApplicationScoped
public class KeycloakProvisioner {

    private static final Logger LOG = Logger.getLogger(KeycloakProvisioner.class);

    private final Keycloak keycloak;
    private final TenancyConfig config;

    KeycloakProvisioner(Keycloak keycloak, TenancyConfig config) {
        this.keycloak = keycloak;
        this.config = config;
    }

    /** What Keycloak holds for a CIRT after provisioning. */
    public record Provisioned(
            String groupId,
            boolean groupCreated,
            String partnerClientId,
            String partnerClientSecret,
            boolean clientCreated) {}

    /** A provisioning step failed; what it had created was removed again. */
    public static class ProvisioningFailed extends RuntimeException {

        private final String step;
        private final List<String> done;
        private final List<String> undone;

        ProvisioningFailed(String step, String reason, List<String> done, List<String> undone, RuntimeException cause) {
            super(reason, cause);
            this.step = step;
            this.done = List.copyOf(done);
            this.undone = List.copyOf(undone);
        }

        public String step() {
            return step;
        }

        /** True when Keycloak already holds something of that name that cannot be used. */
        public boolean isConflict() {
            return getCause() instanceof IllegalStateException;
        }

        /** Steps that had succeeded before the failure. */
        public List<String> done() {
            return done;
        }

        /** What was removed again from Keycloak after the failure. */
        public List<String> undone() {
            return undone;
        }
    }

    /** The partner client id of a CIRT: {@code <tenant>-partner}. */
    public static String partnerClientId(String tenantId) {
        return tenantId + "-partner";
    }

    /**
     * Makes sure Keycloak holds the CIRT's group, partner client, and the client's service
     * account in the group with the partner role.
     *
     * @throws ProvisioningFailed naming the step that failed, after undoing this attempt
     */
    public Provisioned provision(String tenantId, String tenantName) {
        var realm = keycloak.realm(config.realm());
        var done = new ArrayList<String>();
        Deque<Runnable> undo = new ArrayDeque<>();
        var undone = new ArrayList<String>();
        var step = "find or create group '%s'".formatted(tenantId);
        try {
            var undoBefore = undo.size();
            var groupId = ensureGroup(realm, tenantId, undo, undone);
            var groupCreated = undo.size() > undoBefore;
            done.add(step);

            var clientId = partnerClientId(tenantId);
            step = "find or create partner client '%s'".formatted(clientId);
            var existing = realm.clients().findByClientId(clientId);
            String clientUuid;
            boolean clientCreated = existing.isEmpty();
            if (clientCreated) {
                clientUuid = created(realm.clients().create(partnerClient(tenantId, tenantName)));
                undo.push(() -> {
                    realm.clients().get(clientUuid).remove();
                    undone.add("removed client '%s'".formatted(clientId));
                });
            } else {
                var client = existing.getFirst();
                if (Boolean.TRUE.equals(client.isPublicClient())
                        || !Boolean.TRUE.equals(client.isServiceAccountsEnabled())) {
                    throw new IllegalStateException(
                            "a client '%s' exists but is not a confidential client with a service account"
                                    .formatted(clientId));
                }
                clientUuid = client.getId();
            }
            done.add(step);

            step = "put the partner client's service account in group '%s' with role '%s'"
                    .formatted(tenantId, config.partnerRole());
            var serviceAccount = realm.clients().get(clientUuid).getServiceAccountUser();
            var user = realm.users().get(serviceAccount.getId());
            user.joinGroup(groupId);
            user.roles()
                    .realmLevel()
                    .add(List.of(realm.roles().get(config.partnerRole()).toRepresentation()));
            done.add(step);

            String secret =
                    clientCreated ? realm.clients().get(clientUuid).getSecret().getValue() : null;
            return new Provisioned(groupId, groupCreated, clientId, secret, clientCreated);
        } catch (RuntimeException e) {
            var reason = describe(e);
            LOG.warnf("provisioning %s failed at '%s': %s; undoing %d step(s)", tenantId, step, reason, undo.size());
            while (!undo.isEmpty()) {
                try {
                    undo.pop().run();
                } catch (RuntimeException undoFailure) {
                    LOG.errorf(undoFailure, "could not undo a provisioning step of %s", tenantId);
                }
            }
            throw new ProvisioningFailed(step, reason, done, undone, e);
        }
    }

    /**
     * Removes the partner client and the group of a CIRT whose provisioning was undone by the
     * caller (the database refused the tenant after Keycloak accepted it).
     */
    public void remove(String tenantId, Provisioned provisioned) {
        var realm = keycloak.realm(config.realm());
        if (provisioned.clientCreated()) {
            realm.clients()
                    .findByClientId(provisioned.partnerClientId())
                    .forEach(c -> realm.clients().get(c.getId()).remove());
        }
        if (provisioned.groupCreated()) {
            realm.groups().group(provisioned.groupId()).remove();
        }
        LOG.infof("removed the Keycloak side of %s", tenantId);
    }

    /** Removes a CIRT's group and partner client, whichever are there (offboarding; a re-run finds none). */
    public void removeAll(String tenantId) {
        var realm = keycloak.realm(config.realm());
        realm.clients()
                .findByClientId(partnerClientId(tenantId))
                .forEach(c -> realm.clients().get(c.getId()).remove());
        realm.groups().groups(tenantId, 0, 100, false).stream()
                .filter(g -> g.getName().equals(tenantId))
                .forEach(g -> realm.groups().group(g.getId()).remove());
        LOG.infof("removed the Keycloak side of %s", tenantId);
    }

    private String ensureGroup(RealmResource realm, String tenantId, Deque<Runnable> undo, List<String> undone) {
        var match = realm.groups().groups(tenantId, 0, 100, false).stream()
                .filter(g -> g.getName().equals(tenantId))
                .findFirst();
        if (match.isPresent()) {
            var group = match.get();
            var claim =
                    group.getAttributes() == null ? null : group.getAttributes().get(config.claim());
            if (claim == null || !claim.equals(List.of(tenantId))) {
                throw new IllegalStateException("a group '%s' exists with attribute %s=%s instead of [%s]"
                        .formatted(tenantId, config.claim(), claim, tenantId));
            }
            return group.getId();
        }
        var group = new GroupRepresentation();
        group.setName(tenantId);
        group.setAttributes(Map.of(config.claim(), List.of(tenantId)));
        var groupId = created(realm.groups().add(group));
        undo.push(() -> {
            realm.groups().group(groupId).remove();
            undone.add("removed group '%s'".formatted(tenantId));
        });
        return groupId;
    }

    private ClientRepresentation partnerClient(String tenantId, String tenantName) {
        return machineClient(partnerClientId(tenantId), tenantName + " (partner machine client)", apiMappers());
    }

    /** A confidential client with a service account and no other flow: what a partner's tools log in with. */
    static ClientRepresentation machineClient(
            String clientId, String name, List<ProtocolMapperRepresentation> mappers) {
        var client = new ClientRepresentation();
        client.setClientId(clientId);
        client.setName(name);
        client.setEnabled(true);
        client.setProtocol("openid-connect");
        client.setPublicClient(false);
        client.setClientAuthenticatorType("client-secret");
        client.setServiceAccountsEnabled(true);
        client.setStandardFlowEnabled(false);
        client.setDirectAccessGrantsEnabled(false);
        client.setImplicitFlowEnabled(false);
        client.setProtocolMappers(mappers);
        return client;
    }

    /** The two mappers every API client carries: the API audience and the tenant claim. */
    List<ProtocolMapperRepresentation> apiMappers() {
        var audience = mapper(
                config.audience() + " audience",
                "oidc-audience-mapper",
                Map.of(
                        "included.custom.audience", config.audience(),
                        "access.token.claim", "true",
                        "id.token.claim", "false",
                        "introspection.token.claim", "true"));
        var tenant = mapper(
                config.claim(),
                "oidc-usermodel-attribute-mapper",
                Map.of(
                        "user.attribute", config.claim(),
                        "claim.name", config.claim(),
                        "jsonType.label", "String",
                        "multivalued", "true",
                        "aggregate.attrs", "true",
                        "access.token.claim", "true",
                        "id.token.claim", "true",
                        "userinfo.token.claim", "true",
                        "introspection.token.claim", "true"));
        return List.of(audience, tenant);
    }

    static ProtocolMapperRepresentation mapper(String name, String type, Map<String, String> settings) {
        var mapper = new ProtocolMapperRepresentation();
        mapper.setName(name);
        mapper.setProtocol("openid-connect");
        mapper.setProtocolMapper(type);
        mapper.setConfig(settings);
        return mapper;
    }

    static String created(Response response) {
        try (response) {
            return CreatedResponseUtil.getCreatedId(response);
        }
    }

    private static String describe(RuntimeException e) {
        if (e instanceof WebApplicationException wae) {
            return "Keycloak answered HTTP %d".formatted(wae.getResponse().getStatus());
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
