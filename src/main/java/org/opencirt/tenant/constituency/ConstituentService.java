package org.opencirt.tenant.constituency;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.opencirt.common.Mailboxes;
import org.opencirt.common.crypto.RecipientKey;
import org.opencirt.common.problem.ApiException;
import org.opencirt.common.problem.Problem;
import org.opencirt.common.problem.ProblemType;
import org.opencirt.tenant.constituency.ConstituencyService.AddEntries;
import org.opencirt.tenant.constituency.ConstituencyService.EntryInput;
import org.opencirt.tenant.constituency.ConstituencyService.EntryView;

/**
 * The constituent directory of each CIRT: the organisations it serves, each with its constituency
 * entries (networks, ASNs, domains, products) and its abuse contacts, and the lookup that finds
 * the constituent of an address by the most specific network holding it.
 */
@ApplicationScoped
public class ConstituentService {

    /** Constituents one CIRT may hold (a country's registry data gives a few thousand). */
    static final int MAX_CONSTITUENTS = 50_000;

    /** Contacts one constituent may have. */
    static final int MAX_CONTACTS = 20;

    /** The languages notifications are written in. */
    public static final Set<String> LANGUAGES = Set.of("en", "fr", "ar");

    private final ConstituentRepository constituents;
    private final ConstituencyRepository entries;
    private final ContactRepository contacts;
    private final ConstituencyService constituency;
    private final EntityManager em;
    private final Clock clock;

    ConstituentService(
            ConstituentRepository constituents,
            ConstituencyRepository entries,
            ContactRepository contacts,
            ConstituencyService constituency,
            EntityManager em,
            Clock clock) {
        this.constituents = constituents;
        this.entries = entries;
        this.contacts = contacts;
        this.constituency = constituency;
        this.em = em;
        this.clock = clock;
    }

    /** A new constituent, with its first entries and contacts. */
    public record ConstituentInput(
            @NotBlank @Size(max = 200) String name,

            @Pattern(regexp = "[A-Za-z]{2}", message = "an ISO 3166-1 alpha-2 code such as LU")
            String country,

            @Size(max = 1000) List<@NotNull @Valid EntryInput> entries,
            @Size(max = MAX_CONTACTS) List<@NotNull @Valid ContactInput> contacts) {}

    /** A constituent's new name and country. */
    public record ConstituentUpdate(
            @NotBlank @Size(max = 200) String name,

            @Pattern(regexp = "[A-Za-z]{2}", message = "an ISO 3166-1 alpha-2 code such as LU")
            String country) {}

    /**
     * An abuse contact as a CIRT declares it.
     *
     * @param language  {@code en}, {@code fr} or {@code ar}; {@code en} when absent
     * @param format    of the events attached to its notifications; {@code csv} when absent
     * @param cadence   how often it is notified; {@code daily} when absent
     * @param openpgpKey an ASCII-armored public key with an encryption key: its notifications are encrypted
     */
    public record ContactInput(
            @NotBlank @Size(max = Mailboxes.MAX_LENGTH) String email,
            String language,
            ContactFormat format,
            Cadence cadence,
            @Size(max = RecipientKey.MAX_CHARS) String openpgpKey) {}

    /** A contact as the API shows it (the key by its fingerprint). */
    public record ContactView(
            UUID id,
            String email,
            String language,
            ContactFormat format,
            Cadence cadence,
            String openpgpFingerprint,
            Instant bouncedAt,
            String bounceReason,
            Instant createdAt,
            Instant updatedAt) {}

    /** A constituent in a list. */
    public record ConstituentSummary(
            UUID id, String name, String country, String source, long entries, long contacts, Instant updatedAt) {}

    /** A constituent with its entries and contacts. */
    public record ConstituentView(
            UUID id,
            String name,
            String country,
            String source,
            String registryKey,
            List<EntryView> entries,
            List<ContactView> contacts,
            Instant createdAt,
            Instant updatedAt) {}

    /** A page of constituents, by name. */
    public record ConstituentPage(List<ConstituentSummary> items, long total, int offset, int limit) {}

    /** The constituents of the CIRT whose name contains {@code q} (any case), by name. */
    @SuppressWarnings("unchecked")
    public ConstituentPage list(String tenant, String q, int offset, int limit) {
        var pattern =
                q == null || q.isBlank() ? "%" : "%" + likeEscaped(q.strip().toLowerCase(Locale.ROOT)) + "%";
        List<Object[]> rows = em.createNativeQuery("""
                select c.id, c.name, c.country, c.source, c.updated_at,
                       (select count(*) from constituency_entry e where e.constituent_id = c.id),
                       (select count(*) from constituent_contact k where k.constituent_id = c.id)
                  from constituent c
                 where c.tenant = ?1 and lower(c.name) like ?2 escape '\\'
                 order by lower(c.name), c.id
                 offset ?3 limit ?4""")
                .setParameter(1, tenant)
                .setParameter(2, pattern)
                .setParameter(3, offset)
                .setParameter(4, limit)
                .getResultList();
        var total = ((Number) em.createNativeQuery("""
                        select count(*) from constituent where tenant = ?1 and lower(name) like ?2 escape '\\'""")
                        .setParameter(1, tenant)
                        .setParameter(2, pattern)
                        .getSingleResult())
                .longValue();
        var items = rows.stream()
                .map(r -> new ConstituentSummary(
                        (UUID) r[0],
                        (String) r[1],
                        (String) r[2],
                        (String) r[3],
                        ((Number) r[5]).longValue(),
                        ((Number) r[6]).longValue(),
                        (Instant) r[4]))
                .toList();
        return new ConstituentPage(items, total, offset, limit);
    }

    /** One constituent of the CIRT, with its entries and contacts; another CIRT's is not found. */
    public ConstituentView get(String tenant, UUID id) {
        return view(require(tenant, id));
    }

    /**
     * Creates a constituent with its entries and contacts, all or nothing.
     *
     * @throws ApiException 400 naming each invalid field, 409 when the CIRT has one of that name
     */
    @Transactional
    public ConstituentView create(String tenant, @NotNull @Valid ConstituentInput input) {
        var contactInputs = input.contacts() == null ? List.<ContactInput>of() : input.contacts();
        var violations = new ArrayList<Problem.Violation>();
        for (int i = 0; i < contactInputs.size(); i++) {
            violations.addAll(contactProblems("/contacts/" + i, contactInputs.get(i)));
        }
        if (!violations.isEmpty()) {
            throw new ApiException(ProblemType.VALIDATION, "a contact is not valid", violations);
        }
        if (constituents.count("tenant", tenant) >= MAX_CONSTITUENTS) {
            throw new ApiException(
                    ProblemType.UNPROCESSABLE, "A CIRT holds at most %d constituents".formatted(MAX_CONSTITUENTS));
        }
        var constituent = persist(tenant, input.name(), input.country(), "manual", null);
        if (input.entries() != null && !input.entries().isEmpty()) {
            var owned = input.entries().stream()
                    .map(e -> new EntryInput(e.kind(), e.value(), e.label(), constituent.id))
                    .toList();
            constituency.add(tenant, new AddEntries(owned));
        }
        var seen = new ArrayList<String>();
        for (var contact : contactInputs) {
            if (!seen.contains(contact.email().toLowerCase(Locale.ROOT))) {
                seen.add(contact.email().toLowerCase(Locale.ROOT));
                persistContact(tenant, constituent.id, contact);
            }
        }
        return view(constituent);
    }

    /** Renames a constituent or changes its country. */
    @Transactional
    public ConstituentView update(String tenant, UUID id, @NotNull @Valid ConstituentUpdate update) {
        var constituent = require(tenant, id);
        var name = update.name().strip();
        constituents.named(tenant, name).filter(other -> !other.id.equals(id)).ifPresent(other -> {
            throw ApiException.conflict("The CIRT already has a constituent named '%s'".formatted(name));
        });
        constituent.name = name;
        constituent.country = country(update.country());
        constituent.updatedAt = clock.instant();
        return view(constituent);
    }

    /** Removes a constituent with its entries and contacts. */
    @Transactional
    public void delete(String tenant, UUID id) {
        var constituent = require(tenant, id);
        contacts.delete("tenant = ?1 and constituentId = ?2", tenant, id);
        entries.delete("tenant = ?1 and constituentId = ?2", tenant, id);
        constituents.delete(constituent);
    }

    /**
     * Adds an abuse contact to a constituent.
     *
     * @throws ApiException 400 for an invalid address, language or key; 409 when the constituent has it
     */
    @Transactional
    public ContactView addContact(String tenant, UUID constituentId, @NotNull @Valid ContactInput input) {
        require(tenant, constituentId);
        var violations = contactProblems("", input);
        if (!violations.isEmpty()) {
            throw new ApiException(ProblemType.VALIDATION, "the contact is not valid", violations);
        }
        var existing = contacts.of(tenant, constituentId);
        if (existing.stream().anyMatch(c -> c.email.equalsIgnoreCase(input.email()))) {
            throw ApiException.conflict("The constituent already has this contact");
        }
        if (existing.size() >= MAX_CONTACTS) {
            throw new ApiException(
                    ProblemType.UNPROCESSABLE, "A constituent has at most %d contacts".formatted(MAX_CONTACTS));
        }
        return contactView(persistContact(tenant, constituentId, input));
    }

    /** Replaces a contact's settings; a bounce recorded on it is cleared (the address was checked again). */
    @Transactional
    public ContactView updateContact(
            String tenant, UUID constituentId, UUID contactId, @NotNull @Valid ContactInput input) {
        var contact = requireContact(tenant, constituentId, contactId);
        var violations = contactProblems("", input);
        if (!violations.isEmpty()) {
            throw new ApiException(ProblemType.VALIDATION, "the contact is not valid", violations);
        }
        if (contacts.of(tenant, constituentId).stream()
                .anyMatch(c -> !c.id.equals(contactId) && c.email.equalsIgnoreCase(input.email()))) {
            throw ApiException.conflict("The constituent already has this contact");
        }
        apply(contact, input);
        contact.bouncedAt = null;
        contact.bounceReason = null;
        contact.updatedAt = clock.instant();
        return contactView(contact);
    }

    @Transactional
    public void removeContact(String tenant, UUID constituentId, UUID contactId) {
        contacts.delete(requireContact(tenant, constituentId, contactId));
    }

    /** A contact to notify, with what its notifications need: its constituent, language, format, cadence and key. */
    public record Recipient(
            UUID constituentId,
            String constituentName,
            UUID contactId,
            String email,
            String language,
            ContactFormat format,
            Cadence cadence,
            String openpgpKey,
            Instant bouncedAt) {}

    /** Every contact of the CIRT's constituents, by constituent name. */
    public List<Recipient> recipients(String tenant) {
        var names = new java.util.HashMap<UUID, String>();
        constituents.list("tenant", tenant).forEach(c -> names.put(c.id, c.name));
        return contacts.list("tenant", tenant).stream()
                .filter(c -> names.containsKey(c.constituentId))
                .map(c -> new Recipient(
                        c.constituentId,
                        names.get(c.constituentId),
                        c.id,
                        c.email,
                        c.language,
                        c.format,
                        c.cadence,
                        c.openpgpKey,
                        c.bouncedAt))
                .sorted(java.util.Comparator.comparing(Recipient::constituentName)
                        .thenComparing(Recipient::email))
                .toList();
    }

    /**
     * Records that mail to an address bounced: every contact of the CIRT with that address is marked (and
     * is not notified again until a lead checks it and saves it).
     *
     * @return the contacts marked
     */
    @Transactional
    public int bounced(String tenant, String email, String reason) {
        var now = clock.instant();
        var marked = 0;
        for (var contact : contacts.list("tenant = ?1 and lower(email) = lower(?2)", tenant, email)) {
            contact.bouncedAt = now;
            contact.bounceReason = reason == null ? null : reason.substring(0, Math.min(300, reason.length()));
            marked++;
        }
        return marked;
    }

    /** What the lookup found: the constituent, the entry that holds the address (or names the ASN or domain), its contacts. */
    public record Found(ConstituentSummary constituent, EntryView entry, List<ContactView> contacts) {}

    /**
     * The constituent of an address (by the most specific network holding it), an ASN (its entry) or a
     * domain (its entry, or its closest parent's); empty when the CIRT's directory has none.
     */
    @SuppressWarnings("unchecked")
    public Optional<Found> lookup(String tenant, ConstituencyKind kind, String value) {
        List<UUID> ids = switch (kind) {
            case NETWORK ->
                em.createNativeQuery("""
                            select id from constituency_entry
                             where tenant = ?1 and kind = 'NETWORK' and constituent_id is not null
                               and cast(?2 as inet) <<= cast(value as inet)
                             order by masklen(cast(value as inet)) desc, value limit 1""")
                        .setParameter(1, tenant)
                        .setParameter(2, value)
                        .getResultList();
            case ASN, DOMAIN ->
                em.createNativeQuery("""
                            select id from constituency_entry
                             where tenant = ?1 and kind = ?2 and constituent_id is not null
                               and (value = ?3 or (?2 = 'DOMAIN' and ?3 like '%.' || value))
                             order by length(value) desc, value limit 1""")
                        .setParameter(1, tenant)
                        .setParameter(2, kind.name())
                        .setParameter(3, value)
                        .getResultList();
            case PRODUCT -> List.of();
        };
        if (ids.isEmpty()) {
            return Optional.empty();
        }
        var entry = entries.findById(ids.getFirst());
        var constituent = require(tenant, entry.constituentId);
        var contactViews = contacts.of(tenant, constituent.id).stream()
                .map(ConstituentService::contactView)
                .toList();
        var view = view(constituent);
        return Optional.of(new Found(
                new ConstituentSummary(
                        view.id(),
                        view.name(),
                        view.country(),
                        view.source(),
                        view.entries().size(),
                        view.contacts().size(),
                        view.updatedAt()),
                ConstituencyService.view(entry),
                contactViews));
    }

    Constituent persist(String tenant, String name, String country, String source, String registryKey) {
        var stripped = name.strip();
        if (constituents.named(tenant, stripped).isPresent()) {
            throw ApiException.conflict("The CIRT already has a constituent named '%s'".formatted(stripped));
        }
        var constituent = new Constituent();
        constituent.id = UUID.randomUUID();
        constituent.tenant = tenant;
        constituent.name = stripped;
        constituent.country = country(country);
        constituent.source = source;
        constituent.registryKey = registryKey;
        constituent.createdAt = clock.instant();
        constituent.updatedAt = constituent.createdAt;
        constituents.persist(constituent);
        return constituent;
    }

    ConstituentContact persistContact(String tenant, UUID constituentId, ContactInput input) {
        var contact = new ConstituentContact();
        contact.id = UUID.randomUUID();
        contact.tenant = tenant;
        contact.constituentId = constituentId;
        apply(contact, input);
        contact.createdAt = clock.instant();
        contact.updatedAt = contact.createdAt;
        contacts.persist(contact);
        return contact;
    }

    private void apply(ConstituentContact contact, ContactInput input) {
        contact.email = input.email().strip();
        contact.language = input.language() == null ? "en" : input.language();
        contact.format = input.format() == null ? ContactFormat.CSV : input.format();
        contact.cadence = input.cadence() == null ? Cadence.DAILY : input.cadence();
        if (input.openpgpKey() == null || input.openpgpKey().isBlank()) {
            contact.openpgpKey = null;
            contact.openpgpFingerprint = null;
        } else {
            contact.openpgpKey = input.openpgpKey().strip();
            contact.openpgpFingerprint =
                    RecipientKey.read(contact.openpgpKey, clock.instant()).fingerprint();
        }
    }

    private List<Problem.Violation> contactProblems(String pointer, ContactInput input) {
        var problems = new ArrayList<Problem.Violation>();
        Mailboxes.problem(input.email() == null ? null : input.email().strip())
                .ifPresent(p -> problems.add(new Problem.Violation(pointer + "/email", p)));
        if (input.language() != null && !LANGUAGES.contains(input.language())) {
            problems.add(new Problem.Violation(pointer + "/language", "one of en, fr, ar"));
        }
        if (input.openpgpKey() != null && !input.openpgpKey().isBlank()) {
            try {
                RecipientKey.read(input.openpgpKey(), clock.instant());
            } catch (IllegalArgumentException e) {
                problems.add(new Problem.Violation(pointer + "/openpgpKey", e.getMessage()));
            }
        }
        return problems;
    }

    private Constituent require(String tenant, UUID id) {
        return constituents.find(tenant, id).orElseThrow(() -> ApiException.notFound("Constituent " + id));
    }

    private ConstituentContact requireContact(String tenant, UUID constituentId, UUID contactId) {
        return contacts.find("tenant = ?1 and constituentId = ?2 and id = ?3", tenant, constituentId, contactId)
                .firstResultOptional()
                .orElseThrow(() -> ApiException.notFound("Contact " + contactId));
    }

    private ConstituentView view(Constituent c) {
        var owned = entries.list("tenant = ?1 and constituentId = ?2 order by kind, value", c.tenant, c.id).stream()
                .map(ConstituencyService::view)
                .toList();
        var contactViews = contacts.of(c.tenant, c.id).stream()
                .map(ConstituentService::contactView)
                .toList();
        return new ConstituentView(
                c.id, c.name, c.country, c.source, c.registryKey, owned, contactViews, c.createdAt, c.updatedAt);
    }

    static ContactView contactView(ConstituentContact c) {
        return new ContactView(
                c.id,
                c.email,
                c.language,
                c.format,
                c.cadence,
                c.openpgpFingerprint,
                c.bouncedAt,
                c.bounceReason,
                c.createdAt,
                c.updatedAt);
    }

    private static String country(String country) {
        return country == null || country.isBlank() ? null : country.strip().toUpperCase(Locale.ROOT);
    }

    private static String likeEscaped(String text) {
        return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }
}
