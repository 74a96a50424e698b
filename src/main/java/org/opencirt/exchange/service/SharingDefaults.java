package org.opencirt.exchange.service;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.transaction.Transactional;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jboss.logging.Logger;
import org.opencirt.common.Tlp;
import org.opencirt.common.WireEnum;
import org.opencirt.common.problem.ApiException;
import org.opencirt.exchange.model.Audience;
import org.opencirt.exchange.model.IncidentPart;
import org.opencirt.exchange.model.SharedObjectType;
import org.opencirt.exchange.repository.ExchangeRepositories;
import org.opencirt.exchange.repository.SharingDefault;
import org.opencirt.incident.service.IncidentChanged;
import org.opencirt.incident.service.IncidentService;

/**
 * A CIRT's default grants, one per TLP label: each incident created with that label is shared at once with the
 * default's audience, as if a lead had granted it (the grant names {@value #ACTOR}). The same TLP rules cap a default
 * as a grant ({@link SharingRules}); a partner or group that a default names cannot be removed. A default applies
 * to new incidents only, with the label they are created with: it never widens what was shared before it was set.
 */
@ApplicationScoped
public class SharingDefaults {

    /** Who the timeline and the grant name as the granter. */
    static final String ACTOR = "sharing-default";

    private static final Logger LOG = Logger.getLogger(SharingDefaults.class);

    private final ExchangeRepositories.Defaults defaults;
    private final GrantService grants;
    private final IncidentService incidents;
    private final Clock clock;

    SharingDefaults(
            ExchangeRepositories.Defaults defaults, GrantService grants, IncidentService incidents, Clock clock) {
        this.defaults = defaults;
        this.grants = grants;
        this.incidents = incidents;
        this.clock = clock;
    }

    /** A default's audience, as a grant names it; {@code parts} default to summary, classification, observables. */
    public record SetDefault(
            @NotNull Audience audience,
            UUID group,
            @Size(max = GrantService.MAX_PARTNERS) List<@NotNull UUID> partners,
            @Size(max = 5) List<@NotNull IncidentPart> parts) {}

    public record DefaultView(
            Tlp tlp,
            Audience audience,
            UUID group,
            List<UUID> partners,
            List<IncidentPart> parts,
            String setBy,
            Instant setAt) {

        static DefaultView of(SharingDefault d) {
            return new DefaultView(
                    d.tlp,
                    d.audience,
                    d.groupId,
                    d.partners,
                    d.parts.stream()
                            .map(p -> WireEnum.fromWire(IncidentPart.class, p))
                            .toList(),
                    d.setBy,
                    d.setAt);
        }
    }

    /** The CIRT's defaults, by label. */
    public List<DefaultView> list(String tenant) {
        return defaults.listFor(tenant).stream().map(DefaultView::of).toList();
    }

    /** @throws ApiException 404 when the CIRT has no default for the label (or the label is not one) */
    public DefaultView get(String tenant, String label) {
        return DefaultView.of(existing(tenant, label));
    }

    /** The result of {@link #set}: the default, and whether it is new. */
    public record Saved(DefaultView view, boolean created) {}

    /**
     * Sets the default for a label, replacing the one there was.
     *
     * @throws ApiException 400 naming the TLP rule the audience would break, or what else is wrong
     */
    @Transactional
    public Saved set(String tenant, String actor, String label, @NotNull @Valid SetDefault command) {
        var tlp = label(label);
        SharingRules.refusal(tlp, command.audience()).ifPresent(rule -> {
            throw ApiException.invalid("/audience", rule);
        });
        var asGrant = new GrantService.CreateGrant(
                SharedObjectType.INCIDENT,
                null,
                command.audience(),
                command.group(),
                command.partners(),
                command.parts());
        var existing = defaults.findFor(tenant, tlp);
        var row = existing.orElseGet(SharingDefault::new);
        if (existing.isEmpty()) {
            row.id = UUID.randomUUID();
            row.tenant = tenant;
            row.tlp = tlp;
        }
        row.audience = command.audience();
        row.groupId = grants.recipientGroup(tenant, asGrant);
        row.partners = grants.recipientPartners(tenant, asGrant);
        row.parts = GrantService.parts(asGrant).stream().map(WireEnum::wire).toList();
        row.setBy = actor;
        row.setAt = clock.instant();
        if (existing.isEmpty()) {
            defaults.persist(row);
        }
        return new Saved(DefaultView.of(row), existing.isEmpty());
    }

    /** Removes the default for a label; incidents shared by it stay shared (revoke their grants to stop). */
    @Transactional
    public void remove(String tenant, String label) {
        defaults.delete(existing(tenant, label));
    }

    /**
     * Shares a new incident by its label's default, once the incident is committed, in a transaction of its own: a
     * default that cannot apply (its group emptied, the label raised by then) shares nothing and is logged, and the
     * incident is never refused because of it.
     */
    void onCreated(@Observes(during = TransactionPhase.AFTER_SUCCESS) IncidentChanged event) {
        if (event.change() != IncidentChanged.Change.CREATED) {
            return;
        }
        try {
            QuarkusTransaction.requiringNew().run(() -> apply(event.tenant(), event.incidentId()));
        } catch (ApiException e) {
            LOG.warnf(
                    "the sharing default of %s did not apply to incident %s: %s",
                    event.tenant(), event.incidentId(), e.getMessage());
        }
    }

    private void apply(String tenant, UUID incident) {
        var tlp = incidents.get(tenant, incident).tlp();
        defaults.findFor(tenant, tlp)
                .ifPresent(d -> grants.grant(
                        tenant,
                        ACTOR,
                        new GrantService.CreateGrant(
                                SharedObjectType.INCIDENT,
                                incident,
                                d.audience,
                                d.groupId,
                                d.partners,
                                d.parts.stream()
                                        .map(p -> WireEnum.fromWire(IncidentPart.class, p))
                                        .toList())));
    }

    private SharingDefault existing(String tenant, String label) {
        return Tlp.ofLabel(label)
                .flatMap(tlp -> defaults.findFor(tenant, tlp))
                .orElseThrow(() -> ApiException.notFound("Sharing default"));
    }

    private static Tlp label(String label) {
        return Tlp.ofLabel(label)
                .orElseThrow(() -> ApiException.invalid("tlp", "CLEAR, GREEN, AMBER, AMBER+STRICT or RED"));
    }
}
