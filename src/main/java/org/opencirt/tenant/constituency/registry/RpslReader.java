package org.opencirt.tenant.constituency.registry;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.opencirt.common.Mailboxes;

/**
 * Reads a whois database dump in RPSL (RFC 2622, as RIPE, AFRINIC, APNIC and LACNIC publish it) into the
 * organisations of a constituent directory: networks ({@code inetnum}, {@code inet6num}) and ASNs
 * ({@code aut-num}) with their organisation and abuse mailbox.
 *
 * <p>The dump is streamed line by line. Objects may refer to ones later in the file, so only the small facts
 * needed to resolve them are kept (handle to mailbox, organisation handle to name and abuse-c) and networks
 * in a compact form; everything is resolved at the end. A reader holds no state between reads.
 */
public final class RpslReader {

    private static final Pattern ATTRIBUTE = Pattern.compile("([A-Za-z][A-Za-z0-9_-]{0,63}):(.*)");
    private static final Set<String> READ =
            Set.of("inetnum", "inet6num", "aut-num", "organisation", "role", "person", "irt");
    private static final String NO_MAILBOX = "";

    private final RegistryLimits limits;

    /** A reader with {@link RegistryLimits#DEFAULTS}. */
    public RpslReader() {
        this(RegistryLimits.DEFAULTS);
    }

    /** A reader that stops with a {@link RegistryFormatException} beyond these limits. */
    public RpslReader(RegistryLimits limits) {
        this.limits = limits;
    }

    /**
     * Reads a whole dump, every country. The stream is read to its end, not closed.
     *
     * @throws RegistryFormatException beyond a limit, naming the line and the limit
     */
    public RegistryImport read(InputStream in) throws IOException {
        return new Parse(Set.of()).run(in);
    }

    /**
     * Reads a dump keeping only the networks and ASNs of these countries (ISO 3166 alpha-2 codes, any case): a
     * national CIRT imports its own country. A network or ASN without {@code country:} takes its organisation's;
     * one with neither is left out.
     *
     * @throws IllegalArgumentException when {@code countries} is empty or holds something else than a code
     * @throws RegistryFormatException beyond a limit, naming the line and the limit
     */
    public RegistryImport read(InputStream in, Set<String> countries) throws IOException {
        return new Parse(codes(countries)).run(in);
    }

    static Set<String> codes(Set<String> countries) {
        if (countries.isEmpty()) {
            throw new IllegalArgumentException("name at least one country, or read every country");
        }
        var codes = new HashSet<String>();
        for (var c : countries) {
            var code = Resources.country(c);
            if (code == null) {
                throw new IllegalArgumentException("a country is an ISO 3166 alpha-2 code such as NL");
            }
            codes.add(code);
        }
        return codes;
    }

    /** A network or ASN as read, before its references are resolved. */
    private record Pending(
            long line,
            List<String> networks,
            String asn,
            String name,
            String country,
            String org,
            String abuseC,
            String irt) {}

    /** What an organisation object says. */
    private record Org(String name, String country, String abuseC) {}

    /** The state of one read. */
    private final class Parse {
        private final Set<String> countries;
        private final ImportLog log = new ImportLog(limits.maxWarnings());
        private final List<Pending> pending = new ArrayList<>();
        private final Map<String, String> mailboxes = new HashMap<>();
        private final Map<String, String> irts = new HashMap<>();
        private final Map<String, Org> orgs = new HashMap<>();
        private final Map<String, long[]> skippedKinds = new LinkedHashMap<>();
        private final Set<String> unresolved = new HashSet<>();

        private final List<String[]> attributes = new ArrayList<>();
        private long objectLine;
        private String kind;
        private int attributeCount;

        Parse(Set<String> countries) {
            this.countries = countries;
        }

        RegistryImport run(InputStream in) throws IOException {
            var lines = new RpslLines(in, limits.maxBytes(), limits.maxLineLength());
            for (var line = lines.next(); line != null; line = lines.next()) {
                accept(line, lines.number());
            }
            endObject();
            for (var e : skippedKinds.entrySet()) {
                log.warn(
                        e.getValue()[0],
                        "%d object(s) of kind %s skipped: not read".formatted(e.getValue()[1], e.getKey()));
            }
            var organisations = new Organisations(limits.maxOrganisations(), log);
            for (var p : pending) {
                resolve(p, organisations);
            }
            return log.result(organisations.result());
        }

        private void accept(String line, long number) throws RegistryFormatException {
            if (line.isBlank()) {
                endObject();
                return;
            }
            char first = line.charAt(0);
            if (first == '%' || first == '#') {
                return;
            }
            if (first == ' ' || first == '\t' || first == '+') {
                continuation(line.substring(1), number);
                return;
            }
            var m = ATTRIBUTE.matcher(line);
            if (!m.matches()) {
                log.warn(number, "not an attribute line: skipped");
                return;
            }
            var name = m.group(1).toLowerCase(Locale.ROOT);
            if (kind == null) {
                startObject(name, number);
            }
            if (++attributeCount > limits.maxAttributesPerObject()) {
                throw RegistryFormatException.limit(
                        number, "maxAttributesPerObject", limits.maxAttributesPerObject(), "attributes in one object");
            }
            if (READ.contains(kind)) {
                attributes.add(new String[] {name, value(m.group(2))});
            }
        }

        private void startObject(String name, long number) throws RegistryFormatException {
            if (++log.objects > limits.maxObjects()) {
                throw RegistryFormatException.limit(number, "maxObjects", limits.maxObjects(), "objects");
            }
            kind = name;
            objectLine = number;
        }

        private void continuation(String rest, long number) {
            if (kind == null) {
                log.warn(number, "a continuation line outside an object: skipped");
                return;
            }
            if (!attributes.isEmpty()) {
                var last = attributes.getLast();
                var more = value(rest);
                last[1] = last[1].isEmpty() ? more : more.isEmpty() ? last[1] : last[1] + " " + more;
            }
        }

        /** A value without its end-of-line comment and surrounding blanks. */
        private static String value(String raw) {
            var hash = raw.indexOf('#');
            return (hash < 0 ? raw : raw.substring(0, hash)).strip();
        }

        private void endObject() {
            if (kind != null) {
                if (READ.contains(kind)) {
                    object();
                } else {
                    log.skipped++;
                    if (skippedKinds.size() < 100 || skippedKinds.containsKey(kind)) {
                        skippedKinds.computeIfAbsent(kind, k -> new long[] {objectLine, 0})[1]++;
                    }
                }
            }
            kind = null;
            attributes.clear();
            attributeCount = 0;
        }

        private void object() {
            switch (kind) {
                case "inetnum" -> network(Resources.inetnum(first(kind)));
                case "inet6num" -> {
                    var prefix = Resources.prefix(first(kind));
                    network(prefix == null ? List.of() : List.of(prefix));
                }
                case "aut-num" -> autNum();
                case "organisation" -> organisation();
                case "role", "person" -> contact(first("nic-hdl"), mailboxes);
                case "irt" -> contact(first("irt"), irts);
                default -> throw new IllegalStateException("not a kind read");
            }
        }

        private void network(List<String> blocks) {
            if (blocks.isEmpty()) {
                log.skipped++;
                log.warn(objectLine, "%s whose range or prefix is not valid: skipped".formatted(kind));
                return;
            }
            member(blocks, null, first("netname"));
        }

        private void autNum() {
            var asn = Resources.asn(first("aut-num"));
            if (asn == null) {
                log.skipped++;
                log.warn(objectLine, "aut-num whose AS number is not valid: skipped");
                return;
            }
            member(List.of(), asn, first("as-name"));
        }

        private void member(List<String> networks, String asn, String name) {
            var country = Resources.country(first("country"));
            if (country != null && !countries.isEmpty() && !countries.contains(country)) {
                log.filteredOut++;
                return;
            }
            pending.add(new Pending(
                    objectLine, networks, asn, name, country, handle("org"), handle("abuse-c"), handle("mnt-irt")));
        }

        private void organisation() {
            var handle = handle("organisation");
            if (handle == null) {
                log.warn(objectLine, "organisation without a valid handle: skipped");
                return;
            }
            orgs.put(handle, new Org(first("org-name"), Resources.country(first("country")), handle("abuse-c")));
        }

        private void contact(String rawHandle, Map<String, String> into) {
            var handle = Resources.handle(rawHandle);
            if (handle == null) {
                log.warn(objectLine, "%s without a valid handle: skipped".formatted(kind));
                return;
            }
            var mailbox = first("abuse-mailbox");
            if (!Mailboxes.valid(mailbox)) {
                mailbox = first("e-mail");
            }
            into.put(handle, Mailboxes.valid(mailbox) ? mailbox : NO_MAILBOX);
        }

        /** The first value of an attribute in the current object, or null. */
        private String first(String name) {
            for (var a : attributes) {
                if (a[0].equals(name)) {
                    return a[1].isEmpty() ? null : a[1];
                }
            }
            return null;
        }

        private String handle(String name) {
            var value = first(name);
            if (value == null) {
                return null;
            }
            var handle = Resources.handle(value);
            if (handle == null) {
                log.warn(objectLine, "%s is not a valid handle: ignored".formatted(name));
            }
            return handle;
        }

        private void resolve(Pending p, Organisations organisations) throws RegistryFormatException {
            var org = p.org() == null ? null : orgs.get(p.org());
            if (p.org() != null && org == null) {
                unresolved(p.line(), "org", p.org());
            }
            var country = p.country() != null ? p.country() : org == null ? null : org.country();
            if (!countries.isEmpty() && (country == null || !countries.contains(country))) {
                log.filteredOut++;
                return;
            }
            if (p.asn() == null) {
                log.networks++;
            } else {
                log.asns++;
            }
            organisations.add(new Organisations.Member(
                    p.line(),
                    p.org(),
                    org == null ? null : org.name(),
                    org == null ? null : org.country(),
                    p.name(),
                    p.country(),
                    contact(p, org),
                    p.networks(),
                    p.asn() == null ? List.of() : List.of(p.asn())));
        }

        /** The abuse contact: the object's own abuse-c, else its organisation's, else its irt, else none. */
        private Organisations.Contact contact(Pending p, Org org) {
            var own = mailbox(mailboxes, "abuse-c", p.abuseC(), p.line());
            if (own != null) {
                return new Organisations.Contact(own, ContactSource.OWN_ABUSE_C, p.abuseC());
            }
            var orgs = org == null ? null : mailbox(mailboxes, "abuse-c", org.abuseC(), p.line());
            if (orgs != null) {
                return new Organisations.Contact(orgs, ContactSource.ORGANISATION_ABUSE_C, org.abuseC());
            }
            var irt = mailbox(irts, "mnt-irt", p.irt(), p.line());
            if (irt != null) {
                return new Organisations.Contact(irt, ContactSource.IRT, p.irt());
            }
            return Organisations.Contact.NONE;
        }

        private String mailbox(Map<String, String> from, String attribute, String handle, long line) {
            if (handle == null) {
                return null;
            }
            var mailbox = from.get(handle);
            if (mailbox == null) {
                unresolved(line, attribute, handle);
                return null;
            }
            if (mailbox.isEmpty()) {
                if (unresolved.add(attribute + " " + handle)) {
                    log.warn(line, "%s %s has no valid abuse-mailbox or e-mail".formatted(attribute, handle));
                }
                return null;
            }
            return mailbox;
        }

        private void unresolved(long line, String attribute, String handle) {
            if (unresolved.add(attribute + " " + handle)) {
                log.warn(line, "%s %s is not in the file: unresolved".formatted(attribute, handle));
            }
        }
    }
}
