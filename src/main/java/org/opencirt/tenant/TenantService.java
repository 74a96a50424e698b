package org.opencirt.tenant;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.transaction.Transactional;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import org.jboss.logging.Logger;
import org.opencirt.common.problem.ApiException;
import org.opencirt.common.problem.ProblemType;
import org.opencirt.tenant.TenantApi.CreateTenant;
import org.opencirt.tenant.TenantApi.TenantCreated;
import org.opencirt.tenant.TenantApi.TenantView;
import org.opencirt.tenant.TenantApi.UpdateTenant;

/** National CIRTs: onboarding (database and Keycloak together), profile, lookup. */
@ApplicationScoped
public class TenantService {

    private static final Logger LOG = Logger.getLogger(TenantService.class);

    private final TenantRepository tenants;
    private final KeycloakProvisioner keycloak;
    private final OffboardedCirts offboarded;
    private final Event<TenantOnboarded> onboarded;
    private final Clock clock;

    TenantService(
            TenantRepository tenants,
            KeycloakProvisioner keycloak,
            OffboardedCirts offboarded,
            Event<TenantOnboarded> onboarded,
            Clock clock) {
        this.tenants = tenants;
        this.keycloak = keycloak;
        this.offboarded = offboarded;
        this.onboarded = onboarded;
        this.clock = clock;
    }

    /** Outcome of {@link #create}: whether this call created the CIRT or found it already there. */
    public record Creation(TenantCreated body, boolean created) {}

    /**
     * Onboards a national CIRT: provisions its Keycloak group and partner client, then stores it.
     * Calling again with the same values changes nothing in the database and repairs whatever
     * is missing in Keycloak; the same id with other values is a conflict. If Keycloak fails,
     * nothing is stored and what this call created in Keycloak is removed.
     *
     * @throws ApiException 400 for a reserved id ({@link TenantApi#RESERVED_IDS})
     */
    public Creation create(@NotNull @Valid CreateTenant request) {
        if (TenantApi.RESERVED_IDS.contains(request.id())) {
            throw ApiException.invalid(
                    "/id", "'%s' is reserved for the platform; choose another id".formatted(request.id()));
        }
        var existing = tenants.findByIdOptional(request.id());
        if (existing.isPresent() && existing.get().offboardedAt != null) {
            throw ApiException.conflict(
                    "The id '%s' was a national CIRT's that was offboarded; only that CIRT's archive can bring it back"
                            .formatted(request.id()));
        }
        if (existing.isPresent()) {
            var tenant = existing.get();
            if (!sameProfile(tenant, request)) {
                throw ApiException.conflict(
                        "A national CIRT with id '%s' already exists with other values".formatted(request.id()));
            }
            var provisioned = provision(request);
            return new Creation(
                    new TenantCreated(
                            TenantView.of(tenant), provisioned.partnerClientId(), provisioned.partnerClientSecret()),
                    false);
        }
        var provisioned = provision(request);
        Tenant tenant;
        try {
            tenant = QuarkusTransaction.requiringNew().call(() -> insert(request, provisioned));
            LOG.infof("onboarded national CIRT %s", tenant.id);
        } catch (RuntimeException e) {
            if (provisioned.groupCreated() || provisioned.clientCreated()) {
                keycloak.remove(request.id(), provisioned);
            }
            throw e;
        }
        // after the commit and outside the undo above: observers set up per-CIRT things and never fail onboarding
        onboarded.fire(new TenantOnboarded(tenant.id));
        return new Creation(
                new TenantCreated(
                        TenantView.of(tenant), provisioned.partnerClientId(), provisioned.partnerClientSecret()),
                true);
    }

    /** All national CIRTs on the platform, by name. */
    public List<TenantView> list() {
        return tenants.listByName().stream().map(TenantView::of).toList();
    }

    /** True when a national CIRT with this id is on the platform. */
    public boolean exists(String id) {
        return tenants.active(id).isPresent();
    }

    /** One national CIRT, or 404. */
    public TenantView get(String id) {
        return tenants.active(id)
                .map(TenantView::of)
                .orElseThrow(() -> ApiException.notFound("National CIRT '%s'".formatted(id)));
    }

    /**
     * Changes a CIRT's profile. A platform admin may change any CIRT; a CIRT admin only their
     * own (any other answers 404, as if it did not exist).
     */
    @Transactional
    public TenantView update(
            String id, @NotNull @Valid UpdateTenant change, SecurityIdentity caller, TenantContext context) {
        if (!caller.hasRole("platform-admin") && !context.tenantId().equals(id)) {
            throw ApiException.notFound("National CIRT '%s'".formatted(id));
        }
        var tenant = tenants.active(id).orElseThrow(() -> ApiException.notFound("National CIRT '%s'".formatted(id)));
        if (change.name() != null) {
            tenant.name = change.name();
        }
        if (change.contactEmail() != null) {
            tenant.contactEmail = change.contactEmail();
        }
        if (change.constituency() != null) {
            tenant.constituency = change.constituency();
        }
        tenant.updatedAt = clock.instant();
        tenants.flush();
        return TenantView.of(tenant);
    }

    /** Makes sure a CIRT exists in the database (for the demo data); Keycloak is left alone. */
    @Transactional
    public void ensureStored(CreateTenant request) {
        if (tenants.findByIdOptional(request.id()).isEmpty()) {
            insert(
                    request,
                    new KeycloakProvisioner.Provisioned(
                            null, false, KeycloakProvisioner.partnerClientId(request.id()), null, false));
        }
    }

    /** Where a CIRT id stands on this installation. */
    public enum Standing {
        ABSENT,
        ACTIVE,
        /** Its rows were deleted; its row is a tombstone that only its own archive revives. */
        OFFBOARDED
    }

    /** True for the ids the platform keeps for itself ({@link TenantApi#RESERVED_IDS}). */
    public boolean reserved(String id) {
        return TenantApi.RESERVED_IDS.contains(id);
    }

    /** Where a CIRT id stands on this installation. */
    public Standing standing(String id) {
        return tenants.findByIdOptional(id)
                .map(t -> t.offboardedAt == null ? Standing.ACTIVE : Standing.OFFBOARDED)
                .orElse(Standing.ABSENT);
    }

    /**
     * The Keycloak side of a CIRT whose rows an import is about to store: its group and partner client,
     * made as onboarding makes them (and repaired when they are there).
     *
     * @throws ApiException 409 or 502 naming the step that failed
     */
    public KeycloakProvisioner.Provisioned provisionImported(String id, String name) {
        return provision(id, name);
    }

    /** Undoes what {@link #provisionImported} created, when the import's transaction did not commit. */
    public void undoImported(String id, KeycloakProvisioner.Provisioned provisioned) {
        if (provisioned.groupCreated() || provisioned.clientCreated()) {
            keycloak.remove(id, provisioned);
        }
    }

    /** Points an imported CIRT's row at this installation's Keycloak group and partner client, in the import's transaction. */
    public void linkImported(Connection transaction, String id, KeycloakProvisioner.Provisioned provisioned)
            throws SQLException {
        try (var link = transaction.prepareStatement(
                "update tenant set keycloak_group_id = ?, partner_client_id = ? where id = ?")) {
            link.setString(1, provisioned.groupId());
            link.setString(2, provisioned.partnerClientId());
            link.setString(3, id);
            link.executeUpdate();
        }
    }

    /**
     * Makes a CIRT's row a tombstone, in a transaction of its own before the offboarding deletes
     * anything: from its commit on, a token issued before for the CIRT acts for it no more (within
     * {@link OffboardedCirts#KEEP} on other replicas), and the database lets its audit trail be deleted
     * with the rest of its rows.
     */
    public void markOffboarded(String id) {
        QuarkusTransaction.requiringNew()
                .run(() ->
                        tenants.update("offboardedAt = coalesce(offboardedAt, ?1) where id = ?2", clock.instant(), id));
        offboarded.forget(id);
    }

    /** After an import's commit: the CIRT acts again at once on this replica. */
    public void imported(String id) {
        offboarded.forget(id);
    }

    /** Removes a CIRT's Keycloak group and partner client: nobody acts for it any more (offboarding). */
    public void removeFromKeycloak(String id) {
        try {
            keycloak.removeAll(id);
        } catch (RuntimeException e) {
            throw new ApiException(
                    ProblemType.UPSTREAM,
                    "The Keycloak side of national CIRT '%s' could not be removed; nothing was deleted, try again"
                            .formatted(id),
                    List.of(),
                    e);
        }
    }

    private KeycloakProvisioner.Provisioned provision(CreateTenant request) {
        return provision(request.id(), request.name());
    }

    private KeycloakProvisioner.Provisioned provision(String id, String name) {
        try {
            return keycloak.provision(id, name);
        } catch (KeycloakProvisioner.ProvisioningFailed e) {
            throw new ApiException(
                    e.isConflict() ? ProblemType.CONFLICT : ProblemType.UPSTREAM,
                    "National CIRT '%s' was not created: Keycloak provisioning failed at step '%s': %s. Completed steps: %s. Undone: %s."
                            .formatted(id, e.step(), e.getMessage(), e.done(), e.undone()),
                    List.of(),
                    e);
        }
    }

    private Tenant insert(CreateTenant request, KeycloakProvisioner.Provisioned provisioned) {
        var now = clock.instant();
        var tenant = new Tenant();
        tenant.id = request.id();
        tenant.name = request.name();
        tenant.countryCode = request.countryCode();
        tenant.contactEmail = request.contactEmail();
        tenant.constituency = Objects.requireNonNullElse(request.constituency(), "");
        tenant.keycloakGroupId = provisioned.groupId();
        tenant.partnerClientId = provisioned.partnerClientId();
        tenant.createdAt = now;
        tenant.updatedAt = now;
        tenants.persist(tenant);
        return tenant;
    }

    private static boolean sameProfile(Tenant tenant, CreateTenant request) {
        return tenant.name.equals(request.name())
                && tenant.countryCode.equals(request.countryCode())
                && tenant.contactEmail.equals(request.contactEmail())
                && tenant.constituency.equals(Objects.requireNonNullElse(request.constituency(), ""));
    }
}
