package org.opencirt.advisory.service;

import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.opencirt.advisory.repository.AdvisoryVersion;
import org.opencirt.advisory.repository.AdvisoryVersionRepository;
import org.opencirt.common.problem.ApiException;
import org.opencirt.common.problem.ProblemType;
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

    private static String relative(AdvisoryVersion v, String tlp) {
        return v.path.substring(tlp.length() + 1);
    }
}
