package org.opencirt.advisory.provider;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import java.io.IOException;
import java.net.URI;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import org.bouncycastle.openpgp.PGPPublicKeyRing;
import org.opencirt.advisory.csaf.CsafFileName;
import org.opencirt.advisory.csaf.CsafValidator;
import org.opencirt.advisory.signing.OpenPgp;
import org.opencirt.common.crypto.Digests;

/**
 * Reads a CSAF provider as a consumer does and tells a {@link Listener} what it finds, by the
 * number of the requirement of section 7.1 it concerns: it finds the {@code provider-metadata.json}
 * (security.txt, the well-known URL, the DNS path, section 7.3.1), reads every distribution (ROLIE
 * feeds with their service and category documents, directories with {@code index.txt},
 * {@code changes.csv} and listings), then each document the listener wants, with its hashes and
 * signature against the keys the metadata lists. {@link ProviderCheck} judges the findings; the
 * CSAF downloader keeps the documents that broke nothing.
 *
 * <p>What it cannot see it does not claim: TLP:AMBER and RED folders are read only with the
 * credentials the {@link Site} holds (without them they are only checked to be closed), and at
 * most {@code maxDocuments} documents are read. One walk, one thread.
 */
final class ProviderWalk {

    /** What a walk tells. */
    interface Listener {

        /** A requirement broken, with the file that breaks it. */
        void fail(int requirement, String message);

        /** Something to know that breaks nothing (a file not readable with the credentials given). */
        void note(int requirement, String message);

        /** Whether to read a document listed at {@code url} with this date (null when none is listed). */
        default boolean wanted(URI url, Instant listed) {
            return true;
        }

        /**
         * A document read: its JSON, its exact bytes, the fingerprint of the primary key whose
         * signature holds (null when none does), and the requirements it broke (1 invalid, 2 file
         * name, 4 and 5 TLP, 11 year folder, 13 changes.csv, 18 hash, 19 signature); empty when none.
         */
        default void document(URI url, JsonNode document, byte[] bytes, String signer, Set<Integer> broken) {}
    }

    /** Where the metadata was found (null when nowhere), the role it declares, and the optional requirements not used. */
    record Outcome(URI metadata, String declaredRole, Set<Integer> notUsed) {}

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_HOPS = 5;
    private static final Pattern HEX = Pattern.compile("^[0-9a-fA-F]{32,128}(\\s.*)?$", Pattern.DOTALL);
    private static final Set<String> PROTECTED = Set.of("AMBER", "RED");
    private static final JsonSchema PROVIDER_SCHEMA = providerSchema();

    /** A document to read: where, under which feed's label, and its hash and signature files. */
    private record DocumentRef(
            URI url, String tlp, List<URI> hashes, URI signature, String directoryPath, String listed) {}

    private final Site site;
    private final CsafValidator validator;
    private final Listener listener;
    private final boolean probeAll;
    private final int maxDocuments;

    /**
     * @param probeAll whether to try every way of finding the metadata (the check judges each);
     *                 otherwise the first that answers is taken, as section 7.3.1 says
     */
    ProviderWalk(Site site, CsafValidator validator, Listener listener, boolean probeAll, int maxDocuments) {
        this.site = site;
        this.validator = validator;
        this.listener = listener;
        this.probeAll = probeAll;
        this.maxDocuments = maxDocuments;
    }

    /** The requirements the document being read broke; null between documents. */
    private Set<Integer> broken;
    /** The primary key fingerprint of the good signature of the document being read, if it has one. */
    private String signer;

    private final Set<Integer> notUsed = new LinkedHashSet<>();
    private final Set<URI> fetched = new LinkedHashSet<>();
    private final List<String> redirects = new ArrayList<>();
    private final Map<URI, DocumentRef> documents = new LinkedHashMap<>();
    private final List<PGPPublicKeyRing> keys = new ArrayList<>();
    /** changes.csv of each directory: document URL -> the date it states. */
    private final Map<URI, String> changes = new LinkedHashMap<>();

    /**
     * Reads the provider a target names (a domain, or the URL of its {@code provider-metadata.json}).
     * Never throws for what the provider serves.
     */
    Outcome walk(String target) {
        URI origin;
        URI metadataUrl = null;
        try {
            if (target.contains("://")) {
                var url = URI.create(target);
                origin = URI.create(url.getScheme() + "://" + url.getRawAuthority());
                if (url.getPath().endsWith("/provider-metadata.json")) {
                    metadataUrl = url;
                }
            } else {
                origin = URI.create("https://" + target);
            }
            if (origin.getHost() == null) {
                throw new IllegalArgumentException("no host");
            }
        } catch (IllegalArgumentException e) {
            fail(7, "'%s' is neither a domain nor a URL".formatted(cut(target)));
            return new Outcome(null, null, Set.copyOf(notUsed));
        }
        if (probeAll) {
            // the check judges all three ways; 7.3.1 takes the first that gives a metadata file
            var announced = securityTxt(origin, metadataUrl);
            var wellKnown = wellKnown(origin);
            var dnsPath = dnsPath(origin);
            if (metadataUrl == null) {
                metadataUrl = announced != null ? announced : wellKnown != null ? wellKnown : dnsPath;
            }
        } else if (metadataUrl == null) {
            metadataUrl = securityTxt(origin, null);
            if (metadataUrl == null) {
                metadataUrl = wellKnown(origin);
            }
            if (metadataUrl == null) {
                metadataUrl = dnsPath(origin);
            }
        }
        if (metadataUrl == null) {
            fail(7, "no provider-metadata.json found (security.txt, the well-known URL, the DNS path)");
            return new Outcome(null, null, Set.copyOf(notUsed));
        }
        var metadata = metadata(metadataUrl);
        if (metadata == null) {
            return new Outcome(metadataUrl, null, Set.copyOf(notUsed));
        }
        publicKeys(metadata);
        distributions(metadata);
        // oldest listed first, so that a walk cut short by the limit resumes where it stopped
        var ordered = new ArrayList<>(documents.values());
        ordered.sort(Comparator.comparing(this::listed, Comparator.nullsLast(Comparator.naturalOrder())));
        var count = 0;
        for (var ref : ordered) {
            if (count == maxDocuments) {
                note(1, "more documents not read (limit %d a walk)".formatted(maxDocuments));
                break;
            }
            if (listener.wanted(ref.url(), listed(ref))) {
                count++;
                document(ref);
            }
        }
        if (documents.isEmpty()) {
            note(1, "the provider lists no document that could be read");
        }
        transport();
        return new Outcome(metadataUrl, metadata.path("role").asText(null), Set.copyOf(notUsed));
    }

    /** The date a document is listed with: its line in changes.csv, else its ROLIE entry's update; null when none. */
    private Instant listed(DocumentRef ref) {
        var date = ref.directoryPath() != null ? changes.get(ref.url()) : null;
        return instant(date != null ? date : ref.listed());
    }

    /** Requirement 8; gives the first CSAF URL announced (7.3.1), or null. */
    private URI securityTxt(URI origin, URI metadataUrl) {
        var answer = fetch(origin.resolve("/.well-known/security.txt"), false);
        if (answer == null || !answer.ok()) {
            fail(8, "%s answers %s".formatted(origin.resolve("/.well-known/security.txt"), status(answer)));
            return null;
        }
        var fields = new ArrayList<String>();
        for (var line : answer.text().split("\\R")) {
            var colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).strip().equalsIgnoreCase("CSAF")) {
                fields.add(line.substring(colon + 1).strip());
            }
        }
        if (fields.isEmpty()) {
            fail(8, "security.txt has no CSAF field");
            return null;
        }
        for (var field : fields) {
            if (!field.startsWith("https://")) {
                fail(8, "the CSAF field %s does not begin with https://".formatted(cut(field)));
            }
        }
        if (metadataUrl != null && !fields.contains(metadataUrl.toString())) {
            fail(8, "security.txt has no CSAF field for %s".formatted(metadataUrl));
        }
        for (var field : fields) {
            try {
                var url = URI.create(field);
                var found = fetch(url, false);
                if (found != null && found.ok()) {
                    return url;
                }
            } catch (IllegalArgumentException e) {
                fail(8, "the CSAF field %s is not a URL".formatted(cut(field)));
            }
        }
        return null;
    }

    /** Requirement 9. */
    private URI wellKnown(URI origin) {
        var url = origin.resolve("/.well-known/csaf/provider-metadata.json");
        var answer = fetch(url, false);
        if (answer == null || !answer.ok()) {
            fail(9, "%s answers %s".formatted(url, status(answer)));
            return null;
        }
        return url;
    }

    /** Requirement 10. */
    private URI dnsPath(URI origin) {
        URI url;
        try {
            url = URI.create("https://csaf.data.security." + origin.getHost() + "/");
        } catch (IllegalArgumentException e) {
            fail(10, "csaf.data.security.%s is no host name".formatted(origin.getHost()));
            return null;
        }
        var answer = fetch(url, false);
        if (answer == null || !answer.ok()) {
            fail(10, "%s answers %s".formatted(url, status(answer)));
            return null;
        }
        return url;
    }

    /** Requirement 7: the metadata, valid against the provider metadata schema and read where it says it is. */
    private JsonNode metadata(URI url) {
        var answer = fetch(url, false);
        if (answer == null || !answer.ok()) {
            fail(7, "%s answers %s".formatted(url, status(answer)));
            return null;
        }
        JsonNode metadata;
        try {
            metadata = JSON.readTree(answer.body());
        } catch (IOException e) {
            fail(7, "%s is not JSON".formatted(url));
            return null;
        }
        if (metadata == null || !metadata.isObject()) {
            fail(7, "%s is not a JSON object".formatted(url));
            return null;
        }
        for (var error : PROVIDER_SCHEMA.validate(metadata)) {
            fail(7, "%s: %s".formatted(error.getInstanceLocation(), error.getMessage()));
        }
        var canonical = metadata.path("canonical_url").asText("");
        if (!canonical.equals(url.toString())) {
            fail(7, "canonical_url %s is not where the metadata was read (%s)".formatted(cut(canonical), url));
        }
        return metadata;
    }

    /** Requirement 20: every key listed can be fetched and has the fingerprint stated. */
    private void publicKeys(JsonNode metadata) {
        var listed = metadata.path("public_openpgp_keys");
        if (listed.isEmpty()) {
            fail(20, "provider-metadata.json lists no public_openpgp_keys");
        }
        for (var key : listed) {
            var url = uri(key.path("url").asText(""), 20);
            if (url == null) {
                continue;
            }
            var answer = fetch(url, false);
            if (answer == null || !answer.ok()) {
                fail(20, "%s answers %s".formatted(url, status(answer)));
                continue;
            }
            try {
                var ring = OpenPgp.readPublicRing(answer.text());
                var fingerprint = OpenPgp.fingerprint(ring.getPublicKey());
                var stated = key.path("fingerprint").asText("");
                if (!stated.isEmpty() && !stated.equalsIgnoreCase(fingerprint)) {
                    fail(20, "%s holds key %s, not %s".formatted(url, fingerprint, cut(stated)));
                }
                keys.add(ring);
            } catch (RuntimeException e) {
                fail(20, "%s is not an OpenPGP public key".formatted(url));
            }
        }
    }

    /** Requirements 11 to 17: every distribution, and the documents they list. */
    private void distributions(JsonNode metadata) {
        var rolie = false;
        var directory = false;
        var services = false;
        var categories = false;
        var feedUrls = new LinkedHashSet<String>();
        for (var distribution : metadata.path("distributions")) {
            var feeds = distribution.path("rolie").path("feeds");
            String folderTlp = null;
            for (var feed : feeds) {
                rolie = true;
                var url = uri(feed.path("url").asText(""), 15);
                feedUrls.add(feed.path("url").asText(""));
                var tlp = feed.path("tlp_label").asText("UNLABELED");
                folderTlp = tlp;
                if (url != null) {
                    rolieFeed(url, tlp);
                }
            }
            for (var service : distribution.path("rolie").path("services")) {
                services = true;
                serviceDocument(uri(service.asText(""), 16), feedUrls);
            }
            for (var category : distribution.path("rolie").path("categories")) {
                categories = true;
                categoryDocument(uri(category.asText(""), 17), folderTlp);
            }
            if (distribution.hasNonNull("directory_url")) {
                directory = true;
                var url = uri(distribution.path("directory_url").asText(""), 12);
                if (url != null) {
                    directory(url, folderTlp == null ? "UNLABELED" : folderTlp);
                }
            }
        }
        if (!rolie) {
            notUsed.add(15);
        }
        if (!services) {
            notUsed.add(16);
        }
        if (!categories) {
            notUsed.add(17);
        }
        if (!directory) {
            notUsed.addAll(List.of(12, 13, 14));
        }
        if (!rolie && !directory) {
            fail(15, "provider-metadata.json names neither a ROLIE feed nor a directory");
        }
    }

    /** Requirement 15, and 5 for a protected feed. */
    private void rolieFeed(URI url, String tlp) {
        var answer = read(url, tlp, 15);
        if (answer == null) {
            return;
        }
        var feed = json(answer, 15).path("feed");
        for (var field : List.of("id", "title", "updated")) {
            if (!feed.path(field).isTextual()) {
                fail(15, "%s: feed has no %s".formatted(url, field));
            }
        }
        if (!feed.path("entry").isArray()) {
            fail(15, "%s: feed has no entry array".formatted(url));
            return;
        }
        for (var entry : feed.path("entry")) {
            URI self = null;
            var hashes = new ArrayList<URI>();
            URI signature = null;
            for (var link : entry.path("link")) {
                var href = uri(link.path("href").asText(""), 15);
                switch (link.path("rel").asText("")) {
                    case "self" -> self = href;
                    case "hash" -> hashes.add(href);
                    case "signature" -> signature = href;
                    default -> {}
                }
            }
            var id = cut(entry.path("id").asText("(no id)"));
            if (self == null) {
                fail(15, "%s: entry %s has no self link".formatted(url, id));
                continue;
            }
            if (hashes.isEmpty()) {
                fail(18, "%s: entry %s lists no hash".formatted(url, id));
            }
            if (signature == null) {
                fail(19, "%s: entry %s lists no signature".formatted(url, id));
            }
            hashes.removeIf(Objects::isNull);
            documents.putIfAbsent(
                    self,
                    new DocumentRef(
                            self,
                            tlp,
                            hashes,
                            signature,
                            null,
                            entry.path("updated").asText(null)));
        }
    }

    /** Requirement 16: a service document lists the feeds as collections. */
    private void serviceDocument(URI url, Set<String> feedUrls) {
        if (url == null) {
            return;
        }
        var answer = read(url, "WHITE", 16);
        if (answer == null) {
            return;
        }
        var listed = new LinkedHashSet<String>();
        for (var workspace : json(answer, 16).path("service").path("workspace")) {
            for (var collection : workspace.path("collection")) {
                listed.add(collection.path("href").asText(""));
            }
        }
        if (listed.isEmpty()) {
            fail(16, "%s lists no collection".formatted(url));
        }
        for (var feed : feedUrls) {
            if (!listed.contains(feed)) {
                fail(16, "%s does not list the feed %s".formatted(url, cut(feed)));
            }
        }
    }

    /** Requirement 17: a category document holds terms. */
    private void categoryDocument(URI url, String tlp) {
        if (url == null) {
            return;
        }
        var answer = read(url, tlp == null ? "UNLABELED" : tlp, 17);
        if (answer == null) {
            return;
        }
        var category = json(answer, 17).path("categories").path("category");
        if (!category.isArray()) {
            fail(17, "%s has no categories.category array".formatted(url));
            return;
        }
        for (var term : category) {
            if (!term.path("term").isTextual()) {
                fail(17, "%s: a category has no term".formatted(url));
            }
        }
    }

    /** Requirements 12 to 14 for a directory: index.txt, changes.csv sorted newest first, a listing. */
    private void directory(URI dir, String tlp) {
        var index = read(dir.resolve("index.txt"), tlp, 12);
        var years = new LinkedHashSet<String>();
        if (index != null) {
            for (var line : index.text().split("\\R")) {
                if (line.isBlank()) {
                    continue;
                }
                var url = uri(dir + line.strip(), 12);
                if (url == null) {
                    continue;
                }
                var slash = line.indexOf('/');
                if (slash > 0) {
                    years.add(line.substring(0, slash));
                }
                var ref = documents.get(url);
                var hashes = ref != null && !ref.hashes().isEmpty()
                        ? ref.hashes()
                        : List.of(URI.create(url + ".sha256"), URI.create(url + ".sha512"));
                var signature = ref != null && ref.signature() != null ? ref.signature() : URI.create(url + ".asc");
                documents.put(url, new DocumentRef(url, tlp, hashes, signature, line.strip(), null));
            }
        }
        var csv = read(dir.resolve("changes.csv"), tlp, 13);
        if (csv != null) {
            changesCsv(dir, csv.text());
        }
        var listing = read(dir, tlp, 14);
        if (listing != null) {
            if (!listing.contentType().toLowerCase(Locale.ROOT).startsWith("text/")) {
                fail(14, "%s answers %s, not a listing".formatted(dir, cut(listing.contentType())));
            }
            var body = listing.text();
            for (var year : years) {
                if (!body.contains(year + "/\"")) {
                    fail(14, "the listing of %s has no link to %s/".formatted(dir, year));
                }
            }
        }
    }

    private void changesCsv(URI dir, String text) {
        String previous = null;
        var line = 0;
        for (var row : text.split("\\R")) {
            line++;
            if (row.isBlank()) {
                continue;
            }
            var cells = row.split(",", -1);
            if (cells.length != 2 || !cells[0].startsWith("\"") || !cells[1].startsWith("\"")) {
                fail(13, "%schanges.csv line %d is not \"path\",\"date\"".formatted(dir, line));
                continue;
            }
            var path = cells[0].replace("\"", "").strip();
            var date = cells[1].replace("\"", "").strip();
            if (instant(date) == null) {
                fail(13, "%schanges.csv line %d: '%s' is no date-time".formatted(dir, line, cut(date)));
                continue;
            }
            if (previous != null && instant(date).isAfter(instant(previous))) {
                fail(13, "%schanges.csv line %d is newer than the line before: not newest first".formatted(dir, line));
            }
            previous = date;
            var url = uri(dir + path, 13);
            if (url != null) {
                changes.put(url, date);
            }
        }
    }

    /** Requirements 1, 2, 4, 5, 11, 13, 18 and 19 for one document. */
    private void document(DocumentRef ref) {
        broken = new HashSet<>();
        signer = null;
        try {
            read(ref);
        } finally {
            broken = null;
        }
    }

    private void read(DocumentRef ref) {
        var name = ref.url().getPath().substring(ref.url().getPath().lastIndexOf('/') + 1);
        // a file the index or the feed lists but the server does not give breaks that list
        var answer = read(ref.url(), ref.tlp(), ref.directoryPath() != null ? 12 : 15);
        if (answer == null) {
            return;
        }
        JsonNode doc;
        try {
            doc = JSON.readTree(answer.body());
        } catch (IOException e) {
            fail(1, "%s is not JSON".formatted(ref.url()));
            return;
        }
        var errors = validator.validate(doc);
        if (!errors.isEmpty()) {
            fail(
                    1,
                    "%s: %d error%s, the first at %s: %s"
                            .formatted(
                                    name,
                                    errors.size(),
                                    errors.size() == 1 ? "" : "s",
                                    errors.getFirst().pointer(),
                                    cut(errors.getFirst().message())));
        }
        var tracking = doc.path("document").path("tracking");
        var id = tracking.path("id").asText("");
        if (!id.isEmpty() && !CsafFileName.of(id).equals(name)) {
            fail(2, "%s should be named %s (tracking id %s)".formatted(ref.url(), CsafFileName.of(id), cut(id)));
        }
        var initial = tracking.path("initial_release_date").asText("");
        var segments = ref.url().getPath().split("/");
        var folder = segments.length > 1 ? segments[segments.length - 2] : "";
        if (initial.length() >= 4 && !folder.equals(initial.substring(0, 4))) {
            fail(
                    11,
                    "%s is in folder '%s', its initial release is in %s"
                            .formatted(name, folder, initial.substring(0, 4)));
        }
        var label = doc.path("document")
                .path("distribution")
                .path("tlp")
                .path("label")
                .asText("");
        if (label.equals("WHITE") && PROTECTED.contains(ref.tlp())) {
            fail(4, "%s is TLP:WHITE but served only in the protected %s folder".formatted(name, ref.tlp()));
        }
        if (PROTECTED.contains(label) && !PROTECTED.contains(ref.tlp())) {
            fail(5, "%s is TLP:%s but listed in a %s distribution".formatted(name, label, ref.tlp()));
        }
        if (PROTECTED.contains(label)) {
            var open = fetch(ref.url(), false);
            if (open != null && open.ok()) {
                fail(5, "%s (TLP:%s) can be downloaded without authentication".formatted(name, label));
            }
        }
        if (ref.directoryPath() != null) {
            var date = changes.get(ref.url());
            var current = instant(tracking.path("current_release_date").asText(""));
            if (date == null) {
                fail(13, "changes.csv has no line for %s".formatted(ref.directoryPath()));
            } else if (current != null && !current.equals(instant(date))) {
                fail(
                        13,
                        "changes.csv gives %s for %s, its current_release_date is %s"
                                .formatted(
                                        date,
                                        ref.directoryPath(),
                                        tracking.path("current_release_date").asText()));
            }
        }
        hashes(ref, name, answer.body());
        signature(ref, name, answer.body());
        listener.document(ref.url(), doc, answer.body(), signer, Set.copyOf(broken));
    }

    private void hashes(DocumentRef ref, String name, byte[] body) {
        var good = 0;
        var bad = false;
        for (var url : ref.hashes()) {
            var path = url.getPath();
            var algorithm = path.substring(path.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
            var answer = read(url, ref.tlp(), 18);
            if (answer == null) {
                continue;
            }
            var text = answer.text().strip();
            if (!HEX.matcher(text).matches()) {
                fail(18, "%s does not start with a hexadecimal hash".formatted(url));
                bad = true;
                continue;
            }
            var stated = text.split("\\s+")[0].toLowerCase(Locale.ROOT);
            String actual;
            switch (algorithm) {
                case "sha256" -> actual = Digests.sha256Hex(body);
                case "sha512" -> actual = Digests.sha512Hex(body);
                case "md5", "sha1" -> {
                    note(18, "%s: MD5 and SHA-1 should not be used".formatted(url));
                    continue;
                }
                default -> {
                    note(18, "%s: hash algorithm '%s' not checked".formatted(url, cut(algorithm)));
                    continue;
                }
            }
            if (!stated.equals(actual)) {
                fail(18, "%s does not match %s".formatted(url, name));
                bad = true;
            } else {
                good++;
            }
        }
        if (good == 0 && !bad) {
            fail(18, "%s has no SHA-256 or SHA-512 hash file".formatted(name));
        }
    }

    private void signature(DocumentRef ref, String name, byte[] body) {
        if (ref.signature() == null) {
            return;
        }
        var answer = read(ref.signature(), ref.tlp(), 19);
        if (answer == null) {
            return;
        }
        try {
            var verification = OpenPgp.verify(body, answer.text(), keys);
            if (!verification.valid()) {
                fail(19, "%s: %s".formatted(name, verification.reason()));
            } else {
                signer = verification.primaryFingerprint();
            }
        } catch (IllegalArgumentException e) {
            fail(19, "%s %s".formatted(ref.signature(), e.getMessage()));
        }
    }

    /** Requirements 3 and 6, from every URL read. */
    private void transport() {
        var plain = fetched.stream()
                .filter(url -> !"https".equalsIgnoreCase(url.getScheme()))
                .toList();
        if (!plain.isEmpty()) {
            fail(
                    3,
                    "%d URL%s read without TLS, such as %s"
                            .formatted(plain.size(), plain.size() == 1 ? "" : "s", plain.getFirst()));
        }
        redirects.forEach(redirect -> fail(6, redirect));
    }

    /**
     * Reads a file of a distribution labelled {@code tlp}. AMBER and RED must refuse a reader
     * without credentials (requirement 5) and are read with them; WHITE must open without
     * (requirement 4); GREEN and unlabeled may be behind access control, so a refusal there is
     * asked again with the credentials. What the credentials do not open is noted as not checked.
     */
    private Site.Answer read(URI url, String tlp, int requirement) {
        var guarded = PROTECTED.contains(tlp);
        var answer = fetch(url, false);
        if (answer != null && answer.ok()) {
            if (guarded) {
                fail(5, "%s (TLP:%s) can be read without authentication".formatted(url, tlp));
            }
            return answer;
        }
        var refused = answer != null && (answer.status() == 401 || answer.status() == 403);
        if (refused && tlp.equals("WHITE")) {
            fail(4, "%s (TLP:WHITE) needs authentication".formatted(url));
            return null;
        }
        if (refused || guarded && answer != null && answer.status() == 404) {
            answer = fetch(url, true);
            if (answer != null && answer.ok()) {
                return answer;
            }
            if (answer != null && (answer.status() == 401 || answer.status() == 403 || answer.status() == 404)) {
                note(
                        requirement,
                        "%s (TLP:%s) not readable with the credentials given: not checked".formatted(url, tlp));
                return null;
            }
        }
        fail(requirement, "%s answers %s".formatted(url, status(answer)));
        return null;
    }

    /** Gets a URL, following at most {@value #MAX_HOPS} redirects (each recorded for requirement 6); null when there is no answer. */
    private Site.Answer fetch(URI url, boolean credentials) {
        var current = url;
        for (var hop = 0; hop <= MAX_HOPS; hop++) {
            fetched.add(current);
            Site.Answer answer;
            try {
                answer = site.get(current, credentials);
            } catch (IOException | IllegalArgumentException e) {
                // no answer; anything else the site throws (a run asked to stop) ends the walk
                return null;
            }
            if (!answer.redirect()) {
                return answer;
            }
            URI next;
            try {
                next = current.resolve(answer.location());
            } catch (IllegalArgumentException e) {
                return answer;
            }
            var redirect = "%s redirects (%d) to %s".formatted(current, answer.status(), cut(next.toString()));
            if (!redirects.contains(redirect)) {
                redirects.add(redirect);
            }
            current = next;
        }
        return null;
    }

    private JsonNode json(Site.Answer answer, int requirement) {
        try {
            var node = JSON.readTree(answer.body());
            return node == null ? JSON.missingNode() : node;
        } catch (IOException e) {
            fail(requirement, "%s is not JSON".formatted(answer.url()));
            return JSON.missingNode();
        }
    }

    /**
     * A URL the provider gives, only when it is an absolute http(s) URL: whatever else it writes (a
     * {@code file:} URL, a relative path) is a finding and is never fetched, so a provider cannot
     * make a feed run read the server's files.
     */
    private URI uri(String text, int requirement) {
        try {
            var url = URI.create(text);
            var scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
            if (!(scheme.equals("https") || scheme.equals("http")) || url.getHost() == null) {
                throw new IllegalArgumentException("not http(s)");
            }
            return url;
        } catch (IllegalArgumentException e) {
            fail(requirement, "'%s' is not an absolute http(s) URL".formatted(cut(text)));
            return null;
        }
    }

    private void fail(int requirement, String message) {
        if (broken != null) {
            broken.add(requirement);
        }
        listener.fail(requirement, message);
    }

    private void note(int requirement, String message) {
        listener.note(requirement, message);
    }

    private static String status(Site.Answer answer) {
        return answer == null ? "nothing (no connection, a time-out or too much data)" : "HTTP " + answer.status();
    }

    static Instant instant(String text) {
        if (text == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** A value from the provider, cut to a length a message can show. */
    static String cut(String text) {
        var oneLine = text.replaceAll("\\p{Cntrl}", " ");
        return oneLine.length() > 120 ? oneLine.substring(0, 120) + "..." : oneLine;
    }

    private static JsonSchema providerSchema() {
        var factory = JsonSchemaFactory.getInstance(
                SpecVersion.VersionFlag.V202012,
                b -> b.schemaMappers(
                        m -> m.mapPrefix("https://docs.oasis-open.org/csaf/csaf/v2.0/", "classpath:advisory/csaf/")));
        var config =
                SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();
        var schema = factory.getSchema(SchemaLocation.of("classpath:advisory/csaf/provider_json_schema.json"), config);
        schema.initializeValidators();
        return schema;
    }
}
