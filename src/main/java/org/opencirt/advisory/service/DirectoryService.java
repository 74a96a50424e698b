package org.opencirt.advisory.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.opencirt.advisory.repository.AdvisoryVersion;
import org.opencirt.advisory.repository.AdvisoryVersionRepository;
import org.opencirt.common.problem.ApiException;
import org.opencirt.common.problem.ProblemType;
import org.opencirt.tenant.TenantApi.TenantView;
import org.opencirt.tenant.TenantService;

/**
 * The CSAF trusted-provider directory of each CIRT, built from the published versions in PostgreSQL:
 * {@code provider-metadata.json}, per TLP label {@code index.txt}, {@code changes.csv}, a ROLIE
 * feed, the documents with {@code .asc}, {@code .sha256}, {@code .sha512}, and the public keys.
 *
 * <p>Who may read a TLP folder ({@link #mayRead}): WHITE anyone; GREEN any token of a CIRT of the
 * platform; AMBER the owning CIRT's users and partner clients of any CIRT of the platform; RED only
 * the owning CIRT's analysts, leads and admins. See ADR 4.
 */
@ApplicationScoped
public class DirectoryService {

    public static final List<String> TLP_FOLDERS = List.of("white", "green", "amber", "red");
    private static final Set<String> OWN_STAFF = Set.of("analyst", "lead", "cirt-admin");
    private static final Set<String> BRANCH_TERMS = Set.of("vendor", "product_family", "product_name");

    private final AdvisoryVersionRepository versions;
    private final SigningKeyService keys;
    private final TenantService tenants;

    DirectoryService(AdvisoryVersionRepository versions, SigningKeyService keys, TenantService tenants) {
        this.versions = versions;
        this.keys = keys;
        this.tenants = tenants;
    }

    /** Who asks: nobody (no token), or a token's CIRT (null if it names none) and roles. */
    public record Reader(boolean anonymous, String tenant, Set<String> roles) {

        public static Reader nobody() {
            return new Reader(true, null, Set.of());
        }
    }

    /** Whether {@code reader} may read the TLP folder {@code tlp} (lower case) of {@code owner}'s directory. */
    public static boolean mayRead(String owner, String tlp, Reader reader) {
        if (tlp.equals("white")) {
            return true;
        }
        if (reader.anonymous() || reader.tenant() == null) {
            return false;
        }
        var own = owner.equals(reader.tenant());
        return switch (tlp) {
            case "green" -> true;
            case "amber" -> own || reader.roles().contains("partner");
            case "red" -> own && reader.roles().stream().anyMatch(OWN_STAFF::contains);
            default -> false;
        };
    }

    /**
     * Refuses a reader who may not see a folder: 401 without a token (so a client knows to bring one),
     * 404 with a token that is not allowed (as if the folder did not exist). Never a redirect.
     */
    public void requireRead(String owner, String tlp, Reader reader) {
        requireTenant(owner);
        if (!TLP_FOLDERS.contains(tlp)) {
            throw ApiException.notFound("Folder '%s'".formatted(tlp));
        }
        if (!mayRead(owner, tlp, reader)) {
            if (reader.anonymous()) {
                throw new ApiException(
                        ProblemType.UNAUTHORIZED,
                        "TLP:%s advisories are served only to authenticated, authorised clients"
                                .formatted(tlp.toUpperCase(Locale.ROOT)));
            }
            throw ApiException.notFound("Folder '%s'".formatted(tlp));
        }
    }

    public void requireTenant(String owner) {
        if (!tenants.exists(owner)) {
            throw ApiException.notFound("CSAF provider '%s'".formatted(owner));
        }
    }

    /** The URL of a CIRT's directory, ending in a slash. */
    public static String directoryUrl(String base, String tenant) {
        return base + "/.well-known/csaf/" + tenant + "/";
    }

    public static String feedName(String tlp) {
        return "csaf-feed-tlp-" + tlp + ".json";
    }

    /** The ROLIE category document of a TLP folder (requirement 17). */
    public static String categoriesName(String tlp) {
        return "csaf-categories-tlp-" + tlp + ".json";
    }

    /** The ROLIE service document beside {@code provider-metadata.json} (requirement 16). */
    public static final String SERVICE_DOCUMENT = "csaf-service.json";

    /** The folder of the CIRT's public OpenPGP keys, beside {@code provider-metadata.json}. */
    public static final String KEYS_FOLDER = "openpgp";

    public ObjectNode providerMetadata(String tenant, String base) {
        requireTenant(tenant);
        var profile = tenants.get(tenant);
        var dir = directoryUrl(base, tenant);
        var json = CsafDocuments.JSON.objectNode();
        json.put("canonical_url", dir + "provider-metadata.json");
        var distributions = json.putArray("distributions");
        var newest = Instant.EPOCH;
        for (var tlp : TLP_FOLDERS) {
            var current = versions.currentByTlp(tenant, tlp.toUpperCase(Locale.ROOT));
            if (!current.isEmpty() && current.getFirst().currentReleaseDate.isAfter(newest)) {
                newest = current.getFirst().currentReleaseDate;
            }
            var distribution = distributions.addObject();
            distribution.put("directory_url", dir + tlp + "/");
            var feed = distribution.putObject("rolie").putArray("feeds").addObject();
            feed.put("summary", "%s advisories of %s".formatted(tlp.toUpperCase(Locale.ROOT), profile.name()));
            feed.put("tlp_label", tlp.toUpperCase(Locale.ROOT));
            feed.put("url", dir + tlp + "/" + feedName(tlp));
            distribution.withObject("rolie").putArray("categories").add(dir + tlp + "/" + categoriesName(tlp));
            distribution.withObject("rolie").putArray("services").add(dir + SERVICE_DOCUMENT);
        }
        json.put("last_updated", CsafDocuments.date(newest.equals(Instant.EPOCH) ? profile.createdAt() : newest));
        json.put("list_on_CSAF_aggregators", true);
        json.put("metadata_version", "2.0");
        json.put("mirror_on_CSAF_aggregators", true);
        var keyList = json.putArray("public_openpgp_keys");
        for (var key : keys.publicKeys(tenant)) {
            keyList.addObject()
                    .put("fingerprint", key.fingerprint)
                    .put("url", dir + "openpgp/" + key.fingerprint + ".asc");
        }
        var publisher = json.putObject("publisher");
        publisher.put("category", "coordinator");
        publisher.put("contact_details", "Contact: " + profile.contactEmail());
        publisher.put("name", profile.name());
        publisher.put("namespace", AdvisoryService.namespace(profile.contactEmail(), tenant));
        json.put("role", "csaf_trusted_provider");
        return json;
    }

    /**
     * The installation's {@code security.txt} (RFC 9116) with the {@code CSAF} field of every CIRT on
     * it (CSAF requirement 8): one {@code Contact} per CIRT (its contact address), an {@code Expires}
     * 30 days ahead (it is made on each request, so it never goes stale), the canonical URL, and one
     * {@code CSAF} line per CIRT pointing at its {@code provider-metadata.json}.
     */
    public String securityTxt(String base, Instant now) {
        var cirts = tenants.list().stream()
                .sorted(Comparator.comparing(TenantView::id))
                .toList();
        var out = new StringBuilder();
        out.append("# The CIRTs served by this OpenCIRT installation and their CSAF providers\n");
        for (var cirt : cirts) {
            if (oneLine(cirt.contactEmail())) {
                out.append("Contact: mailto:").append(cirt.contactEmail()).append('\n');
            }
        }
        out.append("Expires: ")
                .append(CsafDocuments.date(now.plus(Duration.ofDays(30))))
                .append('\n');
        out.append("Canonical: ").append(base).append("/.well-known/security.txt\n");
        for (var cirt : cirts) {
            out.append("CSAF: ").append(directoryUrl(base, cirt.id())).append("provider-metadata.json\n");
        }
        return out.toString();
    }

    private static boolean oneLine(String value) {
        return value != null && !value.isBlank() && value.chars().noneMatch(c -> c < 0x20);
    }

    /** The current version of every advisory in a TLP folder, newest first. */
    public List<AdvisoryVersion> current(String tenant, String tlp) {
        return versions.currentByTlp(tenant, tlp.toUpperCase(Locale.ROOT));
    }

    /** {@code index.txt}: one path (relative to the TLP folder) a line. */
    public String index(String tenant, String tlp) {
        var out = new StringBuilder();
        current(tenant, tlp).stream()
                .map(v -> relative(v, tlp))
                .sorted()
                .forEach(p -> out.append(p).append('\n'));
        return out.toString();
    }

    /** {@code changes.csv}: {@code "path","current_release_date"}, newest first, no header. */
    public String changes(String tenant, String tlp) {
        var out = new StringBuilder();
        current(tenant, tlp).stream()
                .sorted(Comparator.comparing((AdvisoryVersion v) -> v.currentReleaseDate)
                        .reversed()
                        .thenComparing(v -> v.path))
                .forEach(v -> out.append('"')
                        .append(relative(v, tlp))
                        .append("\",\"")
                        .append(CsafDocuments.date(v.currentReleaseDate))
                        .append("\"\n"));
        return out.toString();
    }

    /** The ROLIE feed (RFC 8322, JSON) of a TLP folder: each entry links the document, its hashes and signature. */
    public ObjectNode rolie(String tenant, String tlp, String base) {
        var profile = tenants.get(tenant);
        var dir = directoryUrl(base, tenant) + tlp + "/";
        var root = CsafDocuments.JSON.objectNode();
        var feed = root.putObject("feed");
        feed.put("id", "%s-csaf-feed-tlp-%s".formatted(tenant, tlp));
        feed.put("title", "%s CSAF feed (TLP:%s)".formatted(profile.name(), tlp.toUpperCase(Locale.ROOT)));
        feed.putArray("link").addObject().put("rel", "self").put("href", dir + feedName(tlp));
        feed.putArray("category")
                .addObject()
                .put("scheme", "urn:ietf:params:rolie:category:information-type")
                .put("term", "csaf");
        var current = current(tenant, tlp);
        feed.put(
                "updated",
                CsafDocuments.date(current.isEmpty() ? profile.createdAt() : current.getFirst().currentReleaseDate));
        var entries = feed.putArray("entry");
        for (var v : current) {
            var url = directoryUrl(base, tenant) + v.path;
            var entry = entries.addObject();
            entry.put("id", v.trackingId);
            entry.put("title", v.title);
            var links = entry.putArray("link");
            links.addObject().put("rel", "self").put("href", url);
            links.addObject().put("rel", "hash").put("href", url + ".sha256");
            links.addObject().put("rel", "hash").put("href", url + ".sha512");
            links.addObject().put("rel", "signature").put("href", url + ".asc");
            entry.put("published", CsafDocuments.date(v.initialReleaseDate));
            entry.put("updated", CsafDocuments.date(v.currentReleaseDate));
            entry.putObject("content").put("type", "application/json").put("src", url);
            entry.putObject("format")
                    .put("schema", "https://docs.oasis-open.org/csaf/csaf/v2.0/csaf_json_schema.json")
                    .put("version", "2.0");
        }
        return root;
    }

    /**
     * The ROLIE service document (RFC 8322): one workspace whose collections are the four TLP feeds.
     * Public, as {@code provider-metadata.json}: it names the feeds, each feed keeps its own access.
     */
    public ObjectNode serviceDocument(String tenant, String base) {
        requireTenant(tenant);
        var profile = tenants.get(tenant);
        var dir = directoryUrl(base, tenant);
        var root = CsafDocuments.JSON.objectNode();
        var workspace = root.putObject("service").putArray("workspace").addObject();
        workspace.put("title", "CSAF advisories of " + profile.name());
        var collections = workspace.putArray("collection");
        for (var tlp : TLP_FOLDERS) {
            var collection = collections.addObject();
            collection.put("title", "%s CSAF feed (TLP:%s)".formatted(profile.name(), tlp.toUpperCase(Locale.ROOT)));
            collection.put("href", dir + tlp + "/" + feedName(tlp));
            collection.putObject("categories").putArray("category").add(informationType());
        }
        return root;
    }

    /**
     * The ROLIE category document of a TLP folder (RFC 8322): the terms its current advisories can be
     * told apart by, as requirement 17 suggests: document category, language, and the vendors,
     * product families and product names of their product trees.
     */
    public ObjectNode categories(String tenant, String tlp) {
        var terms = new TreeSet<String>();
        for (var v : current(tenant, tlp)) {
            var doc = CsafDocuments.parse(v.document);
            var document = doc.path("document");
            addTerm(terms, document.path("category"));
            addTerm(terms, document.path("lang"));
            branchTerms(doc.path("product_tree").path("branches"), terms);
        }
        var root = CsafDocuments.JSON.objectNode();
        var list = root.putObject("categories").putArray("category");
        terms.forEach(term -> list.addObject().put("term", term));
        return root;
    }

    /** The entries of a folder of the directory, for its server-side listing (requirement 14). */
    public record Listing(String title, List<ListingEntry> entries) {}

    /** One file or folder of a listing: its name and absolute URL. */
    public record ListingEntry(String name, String url) {}

    /** The listing of a CIRT's directory: the metadata, the service document, the keys and the TLP folders the reader may read. */
    public Listing rootListing(String tenant, String base, Reader reader) {
        requireTenant(tenant);
        var dir = directoryUrl(base, tenant);
        var entries = new ArrayList<ListingEntry>();
        entries.add(new ListingEntry("provider-metadata.json", dir + "provider-metadata.json"));
        entries.add(new ListingEntry(SERVICE_DOCUMENT, dir + SERVICE_DOCUMENT));
        entries.add(new ListingEntry(KEYS_FOLDER + "/", dir + KEYS_FOLDER + "/"));
        for (var tlp : TLP_FOLDERS) {
            if (mayRead(tenant, tlp, reader)) {
                entries.add(new ListingEntry(tlp + "/", dir + tlp + "/"));
            }
        }
        return new Listing("/.well-known/csaf/" + tenant + "/", entries);
    }

    /** The listing of the public keys folder. */
    public Listing keysListing(String tenant, String base) {
        requireTenant(tenant);
        var dir = directoryUrl(base, tenant) + KEYS_FOLDER + "/";
        var entries = keys.publicKeys(tenant).stream()
                .map(k -> new ListingEntry(k.fingerprint + ".asc", dir + k.fingerprint + ".asc"))
                .toList();
        return new Listing("/.well-known/csaf/" + tenant + "/" + KEYS_FOLDER + "/", entries);
    }

    /** The listing of a TLP folder: its index, changes, feed, category document and year folders. */
    public Listing tlpListing(String tenant, String tlp, String base) {
        var dir = directoryUrl(base, tenant) + tlp + "/";
        var entries = new ArrayList<ListingEntry>();
        for (var name : List.of("index.txt", "changes.csv", feedName(tlp), categoriesName(tlp))) {
            entries.add(new ListingEntry(name, dir + name));
        }
        current(tenant, tlp).stream()
                .map(v -> v.path.substring(tlp.length() + 1, tlp.length() + 5))
                .distinct()
                .sorted()
                .forEach(year -> entries.add(new ListingEntry(year + "/", dir + year + "/")));
        return new Listing("/.well-known/csaf/" + tenant + "/" + tlp + "/", entries);
    }

    /** The listing of a year folder: each current document with its signature and hashes. */
    public Listing yearListing(String tenant, String tlp, String year, String base) {
        var prefix = tlp + "/" + year + "/";
        var entries = new ArrayList<ListingEntry>();
        current(tenant, tlp).stream()
                .map(v -> v.path)
                .filter(path -> path.startsWith(prefix))
                .sorted()
                .forEach(path -> {
                    var name = path.substring(prefix.length());
                    for (var suffix : List.of("", ".asc", ".sha256", ".sha512")) {
                        entries.add(new ListingEntry(name + suffix, directoryUrl(base, tenant) + path + suffix));
                    }
                });
        if (entries.isEmpty()) {
            throw ApiException.notFound("Folder '%s'".formatted(year));
        }
        return new Listing("/.well-known/csaf/" + tenant + "/" + prefix, entries);
    }

    /** The current version served at {@code path} (tlp/year/file.json) of a CIRT's directory. */
    public Optional<AdvisoryService.PublishedFile> document(String tenant, String path) {
        return versions.currentAt(tenant, path).map(AdvisoryService.PublishedFile::of);
    }

    /** The page model of the current version at {@code path}. */
    public Optional<AdvisoryPages.Page> page(String tenant, String path, String jsonUrl, AdvisoryPages pages) {
        return versions.currentAt(tenant, path).map(v -> pages.of(v, jsonUrl));
    }

    /** A public key of the CIRT (current or retired), armored. */
    public Optional<String> publicKey(String tenant, String fingerprint) {
        return keys.publicKeys(tenant).stream()
                .filter(k -> k.fingerprint.equalsIgnoreCase(fingerprint))
                .findFirst()
                .map(k -> k.publicKey);
    }

    private static ObjectNode informationType() {
        return CsafDocuments.JSON
                .objectNode()
                .put("scheme", "urn:ietf:params:rolie:category:information-type")
                .put("term", "csaf");
    }

    private static void branchTerms(JsonNode branches, Set<String> terms) {
        for (var branch : branches) {
            if (BRANCH_TERMS.contains(branch.path("category").asText())) {
                addTerm(terms, branch.path("name"));
            }
            branchTerms(branch.path("branches"), terms);
        }
    }

    private static void addTerm(Set<String> terms, JsonNode value) {
        if (value.isTextual() && !value.asText().isBlank()) {
            terms.add(value.asText());
        }
    }

    private static String relative(AdvisoryVersion v, String tlp) {
        return v.path.substring(tlp.length() + 1);
    }
}
