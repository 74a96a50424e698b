package org.opencirt.tenant.constituency;

import com.github.packageurl.MalformedPackageURLException;
import com.github.packageurl.PackageURL;
import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import org.opencirt.common.problem.ApiException;
import org.opencirt.common.problem.Problem;
import org.opencirt.common.problem.ProblemType;
import org.opencirt.observable.InvalidObservableException;
import org.opencirt.observable.Normaliser;
import org.opencirt.observable.Observable;
import org.opencirt.observable.ObservableType;
import us.springett.parsers.cpe.CpeParser;
import us.springett.parsers.cpe.exceptions.CpeParsingException;

/**
 * The constituencies of the national CIRTs: what each serves (ASNs, networks, domains), so
 * that feed indicators inside it raise incidents in that CIRT's queue.
 */
@ApplicationScoped
public class ConstituencyService {

    /** Entries one CIRT may declare. */
    static final int MAX_ENTRIES = 100_000;

    private final ConstituencyRepository entries;
    private final ConstituentRepository constituents;
    private final Clock clock;

    ConstituencyService(ConstituencyRepository entries, ConstituentRepository constituents, Clock clock) {
        this.entries = entries;
        this.constituents = constituents;
        this.clock = clock;
    }

    /**
     * An entry as a CIRT admin declares it.
     *
     * @param constituent the constituent (organisation) it belongs to, or null for the CIRT's own
     */
    public record EntryInput(
            @NotNull ConstituencyKind kind,
            @NotBlank @Size(max = 300) String value,
            @Size(max = 200) String label,
            UUID constituent) {

        public EntryInput(ConstituencyKind kind, String value, String label) {
            this(kind, value, label, null);
        }
    }

    /** An entry as the API shows it. */
    public record EntryView(
            UUID id, ConstituencyKind kind, String value, String label, UUID constituent, Instant createdAt) {}

    public record AddEntries(
            @NotNull @Size(min = 1, max = 1000) List<@NotNull @Valid EntryInput> entries) {}

    public List<EntryView> list(String tenant) {
        return entries.listFor(tenant).stream().map(ConstituencyService::view).toList();
    }

    /**
     * Adds entries (normalised; ones already there are kept once). All or nothing.
     *
     * @throws ApiException 400 naming each invalid entry, 422 over the limit
     */
    @Transactional
    public List<EntryView> add(String tenant, @NotNull @Valid AddEntries command) {
        var normalised = new ArrayList<String>();
        var violations = new ArrayList<Problem.Violation>();
        for (int i = 0; i < command.entries().size(); i++) {
            var input = command.entries().get(i);
            try {
                normalised.add(normalise(input.kind(), input.value()));
            } catch (IllegalArgumentException e) {
                normalised.add(null);
                violations.add(new Problem.Violation("/entries/" + i + "/value", e.getMessage()));
            }
        }
        if (!violations.isEmpty()) {
            throw new ApiException(
                    ProblemType.VALIDATION, "%d entry(ies) are not valid".formatted(violations.size()), violations);
        }
        for (int i = 0; i < command.entries().size(); i++) {
            var constituent = command.entries().get(i).constituent();
            if (constituent != null && constituents.find(tenant, constituent).isEmpty()) {
                violations.add(new Problem.Violation("/entries/" + i + "/constituent", "no such constituent"));
            }
        }
        if (!violations.isEmpty()) {
            throw new ApiException(ProblemType.VALIDATION, "an entry names an unknown constituent", violations);
        }
        var existing = entries.listFor(tenant);
        if (existing.size() + command.entries().size() > MAX_ENTRIES) {
            throw new ApiException(
                    ProblemType.UNPROCESSABLE, "A constituency holds at most %d entries".formatted(MAX_ENTRIES));
        }
        var added = new ArrayList<EntryView>();
        var present = new java.util.HashSet<String>();
        existing.forEach(e -> present.add(e.kind + " " + e.value));
        for (int i = 0; i < command.entries().size(); i++) {
            var input = command.entries().get(i);
            var value = normalised.get(i);
            if (!present.add(input.kind() + " " + value)) {
                continue;
            }
            var entry = new ConstituencyEntry();
            entry.id = UUID.randomUUID();
            entry.tenant = tenant;
            entry.kind = input.kind();
            entry.value = value;
            entry.label = input.label();
            entry.constituentId = input.constituent();
            entry.createdAt = clock.instant();
            entries.persist(entry);
            added.add(view(entry));
        }
        return added;
    }

    @Transactional
    public void remove(String tenant, UUID id) {
        var entry = entries.findByIdOptional(id)
                .filter(e -> e.tenant.equals(tenant))
                .orElseThrow(() -> ApiException.notFound("Constituency entry " + id));
        entries.delete(entry);
    }

    /**
     * How the CIRT's entries among {@code ids} are named: the label, or the value when unlabelled;
     * distinct and sorted. Ids of removed entries, or of another CIRT's, name nothing.
     */
    public List<String> names(String tenant, Collection<UUID> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        return entries.list("tenant = ?1 and id in ?2", tenant, ids).stream()
                .map(e -> e.label != null ? e.label : e.value)
                .distinct()
                .sorted()
                .toList();
    }

    /** A constituency entry that an indicator falls into. */
    public record Hit(String tenant, UUID entryId, String entry, String label) {}

    /** A snapshot of the CIRT's constituency, for finding the owners of many hosts quickly. */
    public Owners owners(String tenant) {
        var names = new java.util.HashMap<UUID, String>();
        constituents.list("tenant", tenant).forEach(c -> names.put(c.id, c.name));
        return new Owners(entries.listFor(tenant), names);
    }

    /** A snapshot of every CIRT's constituency, for matching many indicators quickly. */
    public Matcher matcher() {
        return new Matcher(entries.listAll());
    }

    /** Matches indicator values against all constituencies. */
    public static final class Matcher {
        private record Network(IPAddress network, ConstituencyEntry entry) {}

        private final List<Network> networks = new ArrayList<>();
        private final List<ConstituencyEntry> domains = new ArrayList<>();
        private final List<ConstituencyEntry> asns = new ArrayList<>();

        Matcher(List<ConstituencyEntry> all) {
            for (var e : all) {
                switch (e.kind) {
                    case NETWORK -> networks.add(new Network(new IPAddressString(e.value).getAddress(), e));
                    case DOMAIN -> domains.add(e);
                    case ASN -> asns.add(e);
                    case PRODUCT -> {} // matched against vendors' advisories, not indicators
                }
            }
        }

        public boolean isEmpty() {
            return networks.isEmpty() && domains.isEmpty() && asns.isEmpty();
        }

        /** The entries an observable falls into: an address or network inside, a domain or URL host under, an equal ASN. */
        public List<Hit> hits(Observable observable) {
            var hits = new ArrayList<Hit>();
            switch (observable.type()) {
                case IPV4, IPV6, CIDR -> {
                    var address = new IPAddressString(observable.value()).getAddress();
                    for (var n : networks) {
                        if (address != null
                                && n.network().getIPVersion() == address.getIPVersion()
                                && n.network().contains(address)) {
                            hits.add(hit(n.entry()));
                        }
                    }
                }
                case DOMAIN, URL, EMAIL -> {
                    var host = host(observable);
                    for (var d : domains) {
                        if (host != null && (host.equals(d.value) || host.endsWith("." + d.value))) {
                            hits.add(hit(d));
                        }
                    }
                }
                case ASN ->
                    asns.stream()
                            .filter(a -> a.value.equals(observable.value()))
                            .forEach(a -> hits.add(hit(a)));
                default -> {}
            }
            return hits;
        }

        private static String host(Observable o) {
            return switch (o.type()) {
                case DOMAIN -> o.value();
                case EMAIL -> o.value().substring(o.value().lastIndexOf('@') + 1);
                case URL -> URI.create(o.value()).getHost();
                default -> null;
            };
        }

        private static Hit hit(ConstituencyEntry e) {
            return new Hit(e.tenant, e.id, e.value, e.label);
        }
    }

    private static String normalise(ConstituencyKind kind, String value) {
        try {
            return switch (kind) {
                case ASN -> Normaliser.normalise(ObservableType.ASN, value).value();
                case DOMAIN ->
                    Normaliser.normalise(ObservableType.DOMAIN, value).value();
                case NETWORK -> {
                    var detected = Normaliser.detect(value)
                            .orElseThrow(() -> new IllegalArgumentException("'%s' is not a network".formatted(value)));
                    if (detected.type() == ObservableType.CIDR) {
                        yield detected.value();
                    }
                    if (detected.type() == ObservableType.IPV4 || detected.type() == ObservableType.IPV6) {
                        yield Normaliser.normalise(ObservableType.CIDR, detected.value())
                                .value();
                    }
                    throw new IllegalArgumentException("'%s' is not a network".formatted(value));
                }
                case PRODUCT -> product(value.strip());
            };
        } catch (InvalidObservableException e) {
            throw new IllegalArgumentException(e.getMessage());
        }
    }

    /** A product as a CPE 2.3 formatted string or a canonical package URL. */
    private static String product(String value) {
        if (value.startsWith("cpe:2.3:")) {
            try {
                return CpeParser.parse(value).toCpe23FS();
            } catch (CpeParsingException e) {
                throw new IllegalArgumentException("'%s' is not a CPE 2.3 name".formatted(value));
            }
        }
        if (value.startsWith("pkg:")) {
            try {
                return new PackageURL(value).canonicalize();
            } catch (MalformedPackageURLException e) {
                throw new IllegalArgumentException("'%s' is not a package URL".formatted(value));
            }
        }
        throw new IllegalArgumentException(
                "a product is a CPE 2.3 name (cpe:2.3:...) or a package URL (pkg:...), not '%s'".formatted(value));
    }

    /**
     * A product a constituent of the CIRT runs: its CPE 2.3 name or package URL, and who runs it (the
     * constituent's name, else the entry's label, else the value).
     */
    public record Product(String value, String constituent) {}

    /** The products the CIRT's constituents declared. */
    public List<Product> products(String tenant) {
        var names = new java.util.HashMap<UUID, String>();
        constituents.list("tenant", tenant).forEach(c -> names.put(c.id, c.name));
        return entries.listFor(tenant).stream()
                .filter(e -> e.kind == ConstituencyKind.PRODUCT)
                .map(e -> new Product(e.value, ownerName(e, names)))
                .toList();
    }

    private static String ownerName(ConstituencyEntry e, java.util.Map<UUID, String> constituents) {
        if (e.constituentId != null && constituents.containsKey(e.constituentId)) {
            return constituents.get(e.constituentId);
        }
        return e.label != null && !e.label.isBlank() ? e.label : e.value;
    }

    static EntryView view(ConstituencyEntry e) {
        return new EntryView(e.id, e.kind, e.value, e.label, e.constituentId, e.createdAt);
    }
}
