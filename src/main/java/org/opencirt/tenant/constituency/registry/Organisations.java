package org.opencirt.tenant.constituency.registry;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Groups networks and ASNs into organisations: one per organisation handle; without one, one per abuse
 * mailbox; without either, one per network or ASN.
 */
final class Organisations {

    /** An abuse mailbox, where it came from, and the handle of the object that gave it (or null). */
    record Contact(String mailbox, ContactSource source, String handle) {
        static final Contact NONE = new Contact(null, ContactSource.NONE, null);
    }

    /**
     * A network or ASN with what it says about its organisation.
     *
     * @param line where it was read, for warnings and limits
     * @param orgHandle the organisation's handle, or null
     * @param orgName the organisation's name, or null when unknown
     * @param orgCountry the organisation's country, or null
     * @param name the network's or ASN's own name, or null
     * @param country the network's or ASN's country, or null
     */
    record Member(
            long line,
            String orgHandle,
            String orgName,
            String orgCountry,
            String name,
            String country,
            Contact contact,
            List<String> networks,
            List<String> asns) {}

    private static final class Group {
        final String orgHandle;
        final String name;
        final String country;
        Contact contact = Contact.NONE;
        final Set<String> handles = new LinkedHashSet<>();
        final Set<String> networks = new LinkedHashSet<>();
        final Set<String> asns = new LinkedHashSet<>();

        Group(String orgHandle, String name, String country) {
            this.orgHandle = orgHandle;
            this.name = name;
            this.country = country;
        }
    }

    private final int maxOrganisations;
    private final ImportLog log;
    private final Map<String, Group> groups = new LinkedHashMap<>();
    private long unnamed;

    Organisations(int maxOrganisations, ImportLog log) {
        this.maxOrganisations = maxOrganisations;
        this.log = log;
    }

    /** Adds a network or ASN to its organisation, creating it when new. */
    void add(Member m) throws RegistryFormatException {
        var key = key(m);
        var group = groups.get(key);
        if (group == null) {
            if (groups.size() >= maxOrganisations) {
                throw RegistryFormatException.limit(m.line(), "maxOrganisations", maxOrganisations, "organisations");
            }
            var name = m.orgName() != null ? m.orgName() : m.name();
            group = new Group(m.orgHandle(), name, m.orgCountry() != null ? m.orgCountry() : m.country());
            groups.put(key, group);
            if (m.orgHandle() != null) {
                group.handles.add(m.orgHandle());
            }
        }
        addContact(group, m);
        group.networks.addAll(m.networks());
        group.asns.addAll(m.asns());
    }

    private void addContact(Group group, Member m) {
        var contact = m.contact();
        if (contact.mailbox() == null) {
            return;
        }
        if (group.contact.mailbox() == null) {
            group.contact = contact;
            if (contact.handle() != null) {
                group.handles.add(contact.handle());
            }
        } else if (!group.contact.mailbox().equalsIgnoreCase(contact.mailbox())) {
            log.warn(
                    m.line(),
                    "organisation %s: this object's abuse contact differs from the one kept for the organisation (the first read)"
                            .formatted(group.orgHandle));
        }
    }

    private String key(Member m) {
        if (m.orgHandle() != null) {
            return "org " + m.orgHandle();
        }
        if (m.contact().mailbox() != null) {
            return "mailbox " + m.contact().mailbox().toLowerCase(Locale.ROOT);
        }
        return "object " + m.line() + " " + unnamed++;
    }

    /** The organisations, in the order their first network or ASN was added. */
    List<RegistryOrganisation> result() {
        var result = new ArrayList<RegistryOrganisation>(groups.size());
        for (var g : groups.values()) {
            result.add(new RegistryOrganisation(
                    g.name,
                    g.country,
                    g.contact.mailbox(),
                    List.copyOf(g.handles),
                    List.copyOf(g.networks),
                    List.copyOf(g.asns),
                    g.contact.source()));
        }
        return result;
    }
}
