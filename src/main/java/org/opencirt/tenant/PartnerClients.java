package org.opencirt.tenant;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;
import org.keycloak.admin.client.Keycloak;
import org.opencirt.common.problem.ApiException;
import org.opencirt.common.problem.ProblemType;

/**
 * The Keycloak clients of a CIRT's remote partners: one confidential client per partner, through
 * which the partner's tools pull and push. Its service account is in the CIRT's group with the
 * partner role (so its tokens name the CIRT, as every partner client's do), and its tokens also
 * name the partner ({@value #PARTNER_CLAIM}), so that what it may see can be decided per partner.
 */
@ApplicationScoped
public class PartnerClients {

    /** The claim naming the partner (its id in the CIRT's partner list) in the client's tokens. */
    public static final String PARTNER_CLAIM = "opencirt_partner";

    private static final Logger LOG = Logger.getLogger(PartnerClients.class);

    private final Keycloak keycloak;
    private final TenancyConfig config;
    private final KeycloakProvisioner provisioner;

    PartnerClients(Keycloak keycloak, TenancyConfig config, KeycloakProvisioner provisioner) {
        this.keycloak = keycloak;
        this.config = config;
        this.provisioner = provisioner;
    }

    /** A partner's client: its id, and its secret (shown once, never stored by OpenCIRT). */
    public record Created(String clientId, String secret) {}

    /**
     * Creates a remote partner's client; on a failure removes what it created.
     *
     * @throws ApiException 502 when Keycloak does not accept it
     */
    public Created create(String tenantId, String partnerId, String partnerName) {
        var realm = keycloak.realm(config.realm());
        var clientId = "%s-partner-%s".formatted(tenantId, partnerId.substring(0, 8));
        String clientUuid = null;
        try {
            var group = realm.groups().groups(tenantId, 0, 100, false).stream()
                    .filter(g -> g.getName().equals(tenantId))
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException("no group for " + tenantId));
            var mappers = new ArrayList<>(provisioner.apiMappers());
            mappers.add(KeycloakProvisioner.mapper(
                    PARTNER_CLAIM,
                    "oidc-hardcoded-claim-mapper",
                    Map.of(
                            "claim.name", PARTNER_CLAIM,
                            "claim.value", partnerId,
                            "jsonType.label", "String",
                            "access.token.claim", "true",
                            "id.token.claim", "false",
                            "introspection.token.claim", "true")));
            var client = KeycloakProvisioner.machineClient(
                    clientId, partnerName + " (partner of " + tenantId + ")", mappers);
            clientUuid = KeycloakProvisioner.created(realm.clients().create(client));
            var account = realm.users()
                    .get(realm.clients().get(clientUuid).getServiceAccountUser().getId());
            account.joinGroup(group.getId());
            account.roles()
                    .realmLevel()
                    .add(List.of(realm.roles().get(config.partnerRole()).toRepresentation()));
            return new Created(
                    clientId, realm.clients().get(clientUuid).getSecret().getValue());
        } catch (RuntimeException e) {
            LOG.warnf(
                    "creating the Keycloak client of a partner of %s failed: %s",
                    tenantId, e.getClass().getSimpleName());
            if (clientUuid != null) {
                try {
                    remove(clientId);
                } catch (ApiException undoFailed) {
                    LOG.errorf(
                            "the half-made Keycloak client %s of a partner of %s is left to remove",
                            clientId, tenantId);
                }
            }
            throw new ApiException(
                    ProblemType.UPSTREAM,
                    "Keycloak did not create the partner's client; nothing was stored",
                    List.of(),
                    e);
        }
    }

    /** Removes a partner's client (nothing when it is gone already). */
    public void remove(String clientId) {
        var realm = keycloak.realm(config.realm());
        realm.clients()
                .findByClientId(clientId)
                .forEach(c -> realm.clients().get(c.getId()).remove());
    }
}
