package org.opencirt.tenant.constituency;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import org.opencirt.common.Mailboxes;
import org.opencirt.common.problem.ApiException;
import org.opencirt.common.problem.ProblemType;
import org.opencirt.tenant.constituency.ConstituentService.ContactInput;
import org.opencirt.tenant.constituency.registry.RdapReader;
import org.opencirt.tenant.constituency.registry.RegistryFormatException;
import org.opencirt.tenant.constituency.registry.RegistryImport;
import org.opencirt.tenant.constituency.registry.RegistryLimits;
import org.opencirt.tenant.constituency.registry.RegistryOrganisation;
import org.opencirt.tenant.constituency.registry.RegistryWarning;
import org.opencirt.tenant.constituency.registry.RpslReader;

/**
 * Fills a CIRT's constituent directory from what regional registries publish, offline: a whois
 * database dump in RPSL, or RDAP answers. Each organisation of the registry becomes a constituent
 * (updated when imported again, by its registry handle), its networks and ASNs its entries, its abuse
 * mailbox a contact. All or nothing; a dry run says what would change and changes nothing.
 */
@ApplicationScoped
public class RegistryImports {

    /** Warnings an answer lists at most (the counts say how many more there were). */
    static final int MAX_WARNINGS = 100;

    /** What an import reads. */
    public enum Format {
        RPSL,
        RDAP
    }

    private final ConstituentRepository constituents;
    private final ConstituencyRepository entries;
    private final ContactRepository contacts;
    private final ConstituentService directory;
    private final Clock clock;

    RegistryImports(
            ConstituentRepository constituents,
            ConstituencyRepository entries,
            ContactRepository contacts,
            ConstituentService directory,
            Clock clock) {
        this.constituents = constituents;
        this.entries = entries;
        this.contacts = contacts;
        this.directory = directory;
        this.clock = clock;
    }

    /**
     * What an import did (or, dry, would do).
     *
     * @param entriesKept entries the CIRT already had (under whichever constituent): left as they are
     */
    public record ImportOutcome(
            boolean dryRun,
            long objectsRead,
            long filteredOut,
            long constituentsCreated,
            long constituentsUpdated,
            long entriesAdded,
            long entriesKept,
            long contactsAdded,
            long withoutContact,
            List<RegistryWarning> warnings,
            long warningsOmitted) {}

    /**
     * Reads a registry file and brings its organisations into the CIRT's directory.
     *
     * @param countries only networks and ASNs of these ISO codes (upper or lower case); empty: all
     * @throws ApiException 400 naming the line and what is wrong (never quoting the file), 422 over a limit
     */
    @Transactional
    public ImportOutcome importFrom(
            String tenant, Format format, InputStream body, Set<String> countries, boolean dryRun) {
        var read = read(format, body, countries);
        var byKey = new HashMap<String, Constituent>();
        constituents.list("tenant", tenant).forEach(c -> {
            if (c.registryKey != null) {
                byKey.put(c.registryKey, c);
            }
        });
        var present = new HashSet<String>();
        entries.listFor(tenant).forEach(e -> present.add(e.kind + " " + e.value));
        long created = 0, updated = 0, added = 0, kept = 0, contactsAdded = 0, withoutContact = 0;
        long newEntries = 0;
        for (var organisation : read.organisations()) {
            newEntries += organisation.networks().size() + organisation.asns().size();
        }
        if (present.size() + newEntries > ConstituencyService.MAX_ENTRIES) {
            throw new ApiException(
                    ProblemType.UNPROCESSABLE,
                    "The import would make the constituency hold more than %d entries; import one country at a time"
                            .formatted(ConstituencyService.MAX_ENTRIES));
        }
        var source = format.name().toLowerCase(Locale.ROOT);
        for (var organisation : read.organisations()) {
            var key = registryKey(format, organisation);
            var constituent = byKey.get(key);
            if (constituent == null) {
                created++;
                if (!dryRun) {
                    constituent = directory.persist(
                            tenant, uniqueName(tenant, organisation.name()), organisation.country(), source, key);
                    byKey.put(key, constituent);
                }
            } else {
                updated++;
                if (!dryRun && organisation.country() != null) {
                    constituent.country = organisation.country();
                    constituent.updatedAt = clock.instant();
                }
            }
            for (var network : organisation.networks()) {
                if (present.add(ConstituencyKind.NETWORK + " " + network)) {
                    added++;
                    if (!dryRun) {
                        persistEntry(tenant, ConstituencyKind.NETWORK, network, constituent.id);
                    }
                } else {
                    kept++;
                }
            }
            for (var asn : organisation.asns()) {
                if (present.add(ConstituencyKind.ASN + " " + asn)) {
                    added++;
                    if (!dryRun) {
                        persistEntry(tenant, ConstituencyKind.ASN, asn, constituent.id);
                    }
                } else {
                    kept++;
                }
            }
            var mailbox = organisation.abuseMailbox();
            if (mailbox == null || !Mailboxes.valid(mailbox)) {
                withoutContact++;
            } else if (constituent == null
                    || contacts.of(tenant, constituent.id).stream().noneMatch(c -> c.email.equalsIgnoreCase(mailbox))) {
                contactsAdded++;
                if (!dryRun) {
                    directory.persistContact(tenant, constituent.id, new ContactInput(mailbox, null, null, null, null));
                }
            }
        }
        var warnings = read.warnings();
        return new ImportOutcome(
                dryRun,
                read.counts().objects(),
                read.counts().filteredOut(),
                created,
                updated,
                added,
                kept,
                contactsAdded,
                withoutContact,
                warnings.subList(0, Math.min(MAX_WARNINGS, warnings.size())),
                read.counts().warningsOmitted() + Math.max(0, warnings.size() - MAX_WARNINGS));
    }

    private static RegistryImport read(Format format, InputStream body, Set<String> countries) {
        try {
            var limits = RegistryLimits.DEFAULTS;
            return switch (format) {
                case RPSL ->
                    countries.isEmpty()
                            ? new RpslReader(limits).read(body)
                            : new RpslReader(limits).read(body, countries);
                case RDAP ->
                    countries.isEmpty()
                            ? new RdapReader(limits).read(body)
                            : new RdapReader(limits).read(body, countries);
            };
        } catch (RegistryFormatException e) {
            throw ApiException.invalid("/body", e.getMessage());
        } catch (IllegalArgumentException e) {
            throw ApiException.invalid("/query/country", e.getMessage());
        } catch (IOException e) {
            throw ApiException.invalid("/body", "the file could not be read to its end");
        }
    }

    /** The handle an organisation is known by at its registry, so that a second import finds it. */
    private static String registryKey(Format format, RegistryOrganisation organisation) {
        var handle = organisation.handles().isEmpty()
                ? organisation.name()
                : organisation.handles().getFirst();
        var key = format.name().toLowerCase(Locale.ROOT) + ":" + handle;
        return key.length() > 100 ? key.substring(0, 100) : key;
    }

    /** The organisation's name, or with its handle's suffix when another constituent of the CIRT has that name. */
    private String uniqueName(String tenant, String name) {
        var base = name.length() > 180 ? name.substring(0, 180) : name;
        var candidate = base;
        for (int n = 2; constituents.named(tenant, candidate).isPresent(); n++) {
            candidate = base + " (" + n + ")";
        }
        return candidate;
    }

    private void persistEntry(String tenant, ConstituencyKind kind, String value, UUID constituent) {
        var entry = new ConstituencyEntry();
        entry.id = UUID.randomUUID();
        entry.tenant = tenant;
        entry.kind = kind;
        entry.value = value;
        entry.constituentId = constituent;
        entry.createdAt = clock.instant();
        entries.persist(entry);
    }
}
