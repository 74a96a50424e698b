package org.opencirt.exchange.service;

import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.UUID;
import org.opencirt.common.Mailboxes;
import org.opencirt.common.Tlp;
import org.opencirt.common.problem.ApiException;
import org.opencirt.common.problem.Problem;
import org.opencirt.common.problem.ProblemType;
import org.opencirt.exchange.model.PartnerKind;
import org.opencirt.exchange.repository.ExchangeRepositories;
import org.opencirt.exchange.repository.Partner;
import org.opencirt.exchange.repository.SharingGroup;
import org.opencirt.tenant.CountryCode;
import org.opencirt.tenant.PartnerClients;
import org.opencirt.tenant.TenantService;

/**
 * A CIRT's partners (other CIRTs on this platform, remote organisations) and its sharing groups
 * (named sets of them). Only the CIRT's admin changes them; its analysts pick from them.
 */
@ApplicationScoped
public class PartnerService {

    static final int MAX_PARTNERS = 500;
    static final int MAX_GROUPS = 100;

    private final ExchangeRepositories.Partners partners;
    private final ExchangeRepositories.Groups groups;
    private final ExchangeRepositories.Grants grants;
    private final ExchangeRepositories.Defaults defaults;
    private final TenantService tenants;
    private final PartnerClients clients;
    private final ExchangeQuota quota;
    private final Clock clock;

    private final SharedCopies copies;

    PartnerService(
            ExchangeRepositories.Partners partners,
            ExchangeRepositories.Groups groups,
            ExchangeRepositories.Grants grants,
            ExchangeRepositories.Defaults defaults,
            TenantService tenants,
            PartnerClients clients,
            ExchangeQuota quota,
            SharedCopies copies,
            Clock clock) {
        this.copies = copies;
        this.partners = partners;
        this.groups = groups;
        this.grants = grants;
        this.defaults = defaults;
        this.tenants = tenants;
        this.clients = clients;
        this.quota = quota;
        this.clock = clock;
    }

    /**
     * A new partner. For a CIRT on this platform, {@code cirt} names it (its name is the default);
     * for a remote organisation, {@code name} is required.
     */
    public record CreatePartner(
            @NotNull PartnerKind kind,
            @Size(max = 32) String cirt,
            @Size(max = 200) String name,
            @CountryCode String country,
            @Size(max = 20) List<@NotBlank String> contacts,
            Tlp defaultTlp) {

        /** A partner whose unmarked STIX objects get AMBER. */
        public CreatePartner(PartnerKind kind, String cirt, String name, String country, List<String> contacts) {
            this(kind, cirt, name, country, contacts, null);
        }
    }

    /**
     * A partner's own quotas; null keeps the platform's default. {@code requestsPerMinute} only for a remote partner:
     * a CIRT on this platform makes its requests under its own CIRT's quota.
     */
    public record Quota(
            @Min(1) @Max(1_000_000) Integer requestsPerMinute,
            @Min(1) Long objectsPerDay) {}

    /**
     * What a partner used of its quotas: its client's requests this minute (a remote partner's only) and the objects
     * it took from the CIRT's TAXII collections and pushed into its inbox today (UTC), against its limits.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record PartnerUsage(
            Long requestsThisMinute, Integer requestsPerMinute, long objectsToday, long objectsPerDay) {}

    /** The label given to what a partner sends without a TLP marking (STIX import). */
    public record DefaultTlp(@NotNull Tlp defaultTlp) {}

    /**
     * A partner as the API shows it. {@code clientSecret} only in the answer that creates a remote
     * partner: OpenCIRT does not keep it.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record PartnerView(
            UUID id,
            PartnerKind kind,
            String cirt,
            String name,
            String country,
            List<String> contacts,
            String clientId,
            String clientSecret,
            String defaultTlp,
            Integer requestsPerMinute,
            Long objectsPerDay,
            String createdBy,
            Instant createdAt) {

        static PartnerView of(Partner p) {
            return of(p, null);
        }

        static PartnerView of(Partner p, String secret) {
            return new PartnerView(
                    p.id,
                    p.kind,
                    p.cirt,
                    p.name,
                    p.country,
                    p.contacts,
                    p.clientId,
                    secret,
                    p.defaultTlp,
                    p.requestsPerMinute,
                    p.objectsPerDay,
                    p.createdBy,
                    p.createdAt);
        }
    }

    public record CreateGroup(
            @NotBlank @Size(max = 100) String name,
            @NotNull @Size(max = 200) List<@NotNull UUID> members) {}

    public record Members(@NotNull @Size(max = 200) List<@NotNull UUID> members) {}

    public record GroupView(UUID id, String name, List<UUID> members, String createdBy, Instant createdAt) {

        static GroupView of(SharingGroup g) {
            return new GroupView(g.id, g.name, g.members, g.createdBy, g.createdAt);
        }
    }

    public List<PartnerView> list(String tenant) {
        return partners.listFor(tenant).stream().map(PartnerView::of).toList();
    }

    public PartnerView get(String tenant, UUID id) {
        return PartnerView.of(partner(tenant, id));
    }

    @Transactional
    public PartnerView create(String tenant, String actor, @NotNull @Valid CreatePartner command) {
        if (partners.countFor(tenant) >= MAX_PARTNERS) {
            throw new ApiException(ProblemType.UNPROCESSABLE, "A CIRT has at most %d partners".formatted(MAX_PARTNERS));
        }
        var partner = new Partner();
        partner.id = UUID.randomUUID();
        partner.tenant = tenant;
        partner.kind = command.kind();
        partner.country = command.country();
        partner.contacts = contacts(command.contacts());
        partner.defaultTlp = command.defaultTlp() == null
                ? Tlp.AMBER.wire()
                : command.defaultTlp().wire();
        partner.createdBy = actor;
        partner.createdAt = clock.instant();
        if (command.kind() == PartnerKind.CIRT) {
            if (command.cirt() == null || command.cirt().isBlank()) {
                throw ApiException.invalid("/cirt", "names the national CIRT on this platform that is the partner");
            }
            if (command.cirt().equals(tenant) || !tenants.exists(command.cirt())) {
                throw ApiException.invalid(
                        "/cirt", "no other national CIRT '%s' on this platform".formatted(command.cirt()));
            }
            if (partners.cirtTaken(tenant, command.cirt())) {
                throw ApiException.conflict("'%s' is already a partner".formatted(command.cirt()));
            }
            partner.cirt = command.cirt();
            partner.name = command.name() == null || command.name().isBlank()
                    ? tenants.get(command.cirt()).name()
                    : command.name().strip();
        } else {
            if (command.cirt() != null) {
                throw ApiException.invalid("/cirt", "only a partner of kind 'cirt' names a CIRT on this platform");
            }
            if (command.name() == null || command.name().isBlank()) {
                throw ApiException.invalid("/name", "a remote partner needs a name");
            }
            partner.name = command.name().strip();
        }
        if (partners.nameTaken(tenant, partner.name)) {
            throw ApiException.conflict("A partner is already named '%s'".formatted(partner.name));
        }
        String secret = null;
        if (partner.kind == PartnerKind.REMOTE) {
            var client = clients.create(tenant, partner.id.toString(), partner.name);
            partner.clientId = client.clientId();
            secret = client.secret();
        }
        partners.persist(partner);
        return PartnerView.of(partner, secret);
    }

    /** Sets the label that what the partner sends unmarked gets from now on (AMBER unless set). */
    @Transactional
    public PartnerView setDefaultTlp(String tenant, UUID id, @NotNull @Valid DefaultTlp command) {
        var partner = partner(tenant, id);
        partner.defaultTlp = command.defaultTlp().wire();
        return PartnerView.of(partner);
    }

    /** Sets a partner's own quotas, or (null) gives it the platform's defaults again. */
    @Transactional
    public PartnerView setQuota(String tenant, UUID id, @NotNull @Valid Quota command) {
        var partner = partner(tenant, id);
        if (partner.kind == PartnerKind.CIRT && command.requestsPerMinute() != null) {
            throw ApiException.invalid(
                    "/requestsPerMinute", "a CIRT on this platform makes its requests under its own CIRT's quota");
        }
        partner.requestsPerMinute = command.requestsPerMinute();
        partner.objectsPerDay = command.objectsPerDay();
        return PartnerView.of(partner);
    }

    /** What a partner used of its quotas. */
    public PartnerUsage usage(String tenant, UUID id) {
        var partner = partner(tenant, id);
        var used = quota.usage(quota.partner(partner));
        var remote = partner.kind == PartnerKind.REMOTE;
        return new PartnerUsage(
                remote ? used.requestsThisMinute() : null,
                remote ? used.requestsPerMinute() : null,
                used.objectsToday(),
                used.objectsPerDay());
    }

    /** Removes a partner and takes it out of the CIRT's groups; refused while a grant names it. */
    @Transactional
    public void remove(String tenant, UUID id) {
        var partner = partner(tenant, id);
        if (grants.activeNaming(tenant, id)) {
            throw ApiException.conflict("A grant still shares with this partner: revoke it first");
        }
        if (defaults.naming(tenant, id)) {
            throw ApiException.conflict("A sharing default names this partner: change or remove it first");
        }
        if (partner.clientId != null) {
            // first, so that a partner whose client Keycloak keeps is not removed from the list
            clients.remove(partner.clientId);
        }
        var holding = groups.listFor(tenant).stream()
                .filter(g -> g.members.contains(id))
                .map(g -> g.id)
                .toList();
        groups.removeMember(tenant, id);
        partners.delete(partner);
        partners.flush();
        // the incidents shared through those groups are no longer shared with that CIRT
        holding.forEach(group -> copies.refreshGroup(tenant, group));
    }

    public List<GroupView> groups(String tenant) {
        return groups.listFor(tenant).stream().map(GroupView::of).toList();
    }

    public GroupView group(String tenant, UUID id) {
        return GroupView.of(sharingGroup(tenant, id));
    }

    @Transactional
    public GroupView createGroup(String tenant, String actor, @NotNull @Valid CreateGroup command) {
        if (groups.countFor(tenant) >= MAX_GROUPS) {
            throw new ApiException(
                    ProblemType.UNPROCESSABLE, "A CIRT has at most %d sharing groups".formatted(MAX_GROUPS));
        }
        var name = command.name().strip();
        if (groups.nameTaken(tenant, name)) {
            throw ApiException.conflict("A sharing group is already named '%s'".formatted(name));
        }
        var group = new SharingGroup();
        group.id = UUID.randomUUID();
        group.tenant = tenant;
        group.name = name;
        group.members = ownPartners(tenant, command.members(), "/members");
        group.createdBy = actor;
        group.createdAt = clock.instant();
        groups.persist(group);
        return GroupView.of(group);
    }

    /** Replaces a group's members: its active grants share with the new members from now on. */
    @Transactional
    public GroupView setMembers(String tenant, UUID id, @NotNull @Valid Members command) {
        var group = sharingGroup(tenant, id);
        group.members = ownPartners(tenant, command.members(), "/members");
        copies.refreshGroup(tenant, id);
        return GroupView.of(group);
    }

    @Transactional
    public void removeGroup(String tenant, UUID id) {
        var group = sharingGroup(tenant, id);
        if (grants.activeThroughGroup(tenant, id)) {
            throw ApiException.conflict("A grant still shares with this group: revoke it first");
        }
        if (defaults.throughGroup(tenant, id)) {
            throw ApiException.conflict("A sharing default names this group: change or remove it first");
        }
        groups.delete(group);
    }

    /**
     * The partner ids, each checked to be one of the CIRT's partners, in order and once each.
     *
     * @throws ApiException 400 naming each id that is not
     */
    List<UUID> ownPartners(String tenant, List<UUID> ids, String pointer) {
        var violations = new ArrayList<Problem.Violation>();
        for (int i = 0; i < ids.size(); i++) {
            if (partners.findFor(tenant, ids.get(i)).isEmpty()) {
                violations.add(new Problem.Violation(pointer + "/" + i, "not one of your partners"));
            }
        }
        if (!violations.isEmpty()) {
            throw new ApiException(
                    ProblemType.VALIDATION, "%d partner(s) are not yours".formatted(violations.size()), violations);
        }
        return List.copyOf(new LinkedHashSet<>(ids));
    }

    SharingGroup sharingGroup(String tenant, UUID id) {
        return groups.findFor(tenant, id).orElseThrow(() -> ApiException.notFound("Sharing group"));
    }

    private Partner partner(String tenant, UUID id) {
        return partners.findFor(tenant, id).orElseThrow(() -> ApiException.notFound("Partner"));
    }

    private static List<String> contacts(List<String> given) {
        if (given == null) {
            return List.of();
        }
        var violations = new ArrayList<Problem.Violation>();
        for (int i = 0; i < given.size(); i++) {
            var problem = Mailboxes.problem(given.get(i).strip());
            if (problem.isPresent()) {
                violations.add(new Problem.Violation("/contacts/" + i, problem.get()));
            }
        }
        if (!violations.isEmpty()) {
            throw new ApiException(
                    ProblemType.VALIDATION, "%d contact(s) are not valid".formatted(violations.size()), violations);
        }
        return given.stream().map(String::strip).distinct().toList();
    }
}
