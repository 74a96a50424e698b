package org.opencirt.advisory.service;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.opencirt.advisory.csaf.CsafValidator;
import org.opencirt.advisory.csaf.Cvss3;
import org.opencirt.advisory.csaf.VersionRange;
import org.opencirt.common.problem.Problem.Violation;

/**
 * Builds and fixes up CSAF documents: the form model to a document, the fields the platform owns
 * (publisher, tracking) into any draft, and the one serialisation that is signed.
 */
final class CsafDocuments {

    static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    /** Rejects duplicate keys: what is validated must be what is signed, with no ambiguity. */
    static final ObjectMapper READER = new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    /** The published form: pretty-printed, UTF-8, ending in a newline. */
    private static final ObjectMapper WRITER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private CsafDocuments() {}

    static String date(Instant instant) {
        return DateTimeFormatter.ISO_INSTANT.format(instant.truncatedTo(ChronoUnit.SECONDS));
    }

    static byte[] serialise(JsonNode document) {
        try {
            var text = WRITER.writeValueAsString(document) + "\n";
            return text.getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String compact(JsonNode document) {
        try {
            return READER.writeValueAsString(document);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ObjectNode parse(String json) {
        try {
            return (ObjectNode) READER.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ObjectNode parse(byte[] json) {
        try {
            return (ObjectNode) READER.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A form violation is reported against the form's own fields. */
    record Built(ObjectNode document, List<Violation> violations) {}

    /** Turns the form into a CSAF security advisory (tracking and publisher are filled in later). */
    static Built fromForm(AdvisoryForm form, CsafValidator validator) {
        var violations = new ArrayList<Violation>();
        var doc = JSON.objectNode();
        var document = doc.putObject("document");
        document.put("category", "csaf_security_advisory");
        document.put("csaf_version", "2.0");
        document.put("title", form.title().strip());
        document.put("lang", Objects.requireNonNullElse(form.lang(), "en"));
        if (form.severity() != null && !form.severity().isBlank()) {
            document.putObject("aggregate_severity").put("text", form.severity().strip());
        }
        var tlp = document.putObject("distribution").putObject("tlp");
        tlp.put("label", Objects.requireNonNullElse(form.tlp(), "WHITE"));
        tlp.put("url", "https://www.first.org/tlp/");
        var notes = document.putArray("notes");
        notes.addObject()
                .put("category", "summary")
                .put("title", "Summary")
                .put("text", form.summary().strip());
        if (form.references() != null && !form.references().isEmpty()) {
            var references = document.putArray("references");
            for (var reference : form.references()) {
                references
                        .addObject()
                        .put("category", "external")
                        .put("summary", reference.summary().strip())
                        .put("url", reference.url().strip());
            }
        }
        var tracking = document.putObject("tracking");
        if (form.trackingId() != null && !form.trackingId().isBlank()) {
            tracking.put("id", form.trackingId().strip());
        }
        if (form.changeSummary() != null && !form.changeSummary().isBlank()) {
            tracking.putArray("revision_history")
                    .addObject()
                    .put("summary", form.changeSummary().strip());
        }

        // product tree: vendor -> product name -> version (or range); one product id per version
        var affected = new ArrayList<String>();
        var fixed = new ArrayList<String>();
        var vendors = new LinkedHashMap<String, ObjectNode>();
        var branches = JSON.arrayNode();
        var counter = new int[] {0};
        var seenProducts = new HashSet<String>();
        for (int p = 0; p < form.products().size(); p++) {
            var product = form.products().get(p);
            var key = product.vendor().strip() + "\u0000" + product.name().strip();
            if (!seenProducts.add(key)) {
                violations.add(new Violation("/products/" + p + "/name", "this vendor and product are listed twice"));
                continue;
            }
            var vendor = vendors.computeIfAbsent(product.vendor().strip(), v -> {
                var branch = branches.addObject().put("category", "vendor").put("name", v);
                branch.putArray("branches");
                return branch;
            });
            var productBranch = ((ArrayNode) vendor.get("branches"))
                    .addObject()
                    .put("category", "product_name")
                    .put("name", product.name().strip());
            var versions = productBranch.putArray("branches");
            var seenVersions = new HashSet<String>();
            addVersions(
                    product,
                    product.versions(),
                    "/products/" + p + "/versions",
                    versions,
                    seenVersions,
                    affected,
                    counter,
                    violations);
            if (product.fixedVersions() != null) {
                addVersions(
                        product,
                        product.fixedVersions(),
                        "/products/" + p + "/fixedVersions",
                        versions,
                        seenVersions,
                        fixed,
                        counter,
                        violations);
            }
        }
        doc.putObject("product_tree").set("branches", branches);

        var vulnerabilities = doc.putArray("vulnerabilities");
        var forms = form.vulnerabilities() == null || form.vulnerabilities().isEmpty()
                ? List.of(new AdvisoryForm.Vulnerability(null, form.title(), form.summary(), null, null))
                : form.vulnerabilities();
        var cves = new HashSet<String>();
        for (int v = 0; v < forms.size(); v++) {
            var input = forms.get(v);
            var at = "/vulnerabilities/" + v;
            var vulnerability = vulnerabilities.addObject();
            if (input.cve() != null) {
                if (!cves.add(input.cve())) {
                    violations.add(new Violation(at + "/cve", input.cve() + " is listed twice"));
                }
                vulnerability.put("cve", input.cve());
            }
            if (input.title() != null && !input.title().isBlank()) {
                vulnerability.put("title", input.title().strip());
            }
            if (input.cwe() != null) {
                var name = validator.cweName(input.cwe());
                if (name == null) {
                    violations.add(new Violation(at + "/cwe", input.cwe() + " is not in the CWE catalogue"));
                } else {
                    vulnerability.putObject("cwe").put("id", input.cwe()).put("name", name);
                }
            }
            vulnerability
                    .putArray("notes")
                    .addObject()
                    .put("category", "description")
                    .put("title", "Description")
                    .put("text", input.description().strip());
            var status = vulnerability.putObject("product_status");
            ids(status.putArray("known_affected"), affected);
            if (!fixed.isEmpty()) {
                ids(status.putArray("fixed"), fixed);
            }
            if (input.cvssVector() != null && !input.cvssVector().isBlank()) {
                var vector = Cvss3.parse(input.cvssVector().strip());
                if (vector.isEmpty()) {
                    violations.add(new Violation(
                            at + "/cvssVector",
                            "is not a complete CVSS 3.0 or 3.1 vector (CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H)"));
                } else {
                    var cvss = JSON.objectNode();
                    cvss.put("version", vector.get().version());
                    cvss.put("vectorString", input.cvssVector().strip());
                    vector.get().properties().forEach(cvss::put);
                    var scores = Cvss3.score(vector.get());
                    cvss.put("baseScore", scores.base());
                    cvss.put("baseSeverity", scores.baseSeverity());
                    if (vector.get().hasTemporal()) {
                        cvss.put("temporalScore", scores.temporal());
                        cvss.put("temporalSeverity", scores.temporalSeverity());
                    }
                    if (vector.get().hasEnvironmental()) {
                        cvss.put("environmentalScore", scores.environmental());
                        cvss.put("environmentalSeverity", scores.environmentalSeverity());
                    }
                    var score = vulnerability.putArray("scores").addObject();
                    score.set("cvss_v3", cvss);
                    ids(score.putArray("products"), affected);
                }
            }
            if (form.recommendations() != null && !form.recommendations().isBlank() && !affected.isEmpty()) {
                var remediation = vulnerability.putArray("remediations").addObject();
                remediation.put("category", fixed.isEmpty() ? "mitigation" : "vendor_fix");
                remediation.put("details", form.recommendations().strip());
                ids(remediation.putArray("product_ids"), affected);
            }
        }
        return new Built(doc, violations);
    }

    /**
     * The form that builds this document, if there is one: read back field by field, then built again and compared
     * with the document (all but the publisher and tracking, which the platform owns). Anything the form cannot
     * express (another category, product structure, notes, scores, acknowledgments...) makes the comparison fail, so
     * the answer is empty rather than a form that would drop content.
     */
    static Optional<AdvisoryForm> toForm(JsonNode doc, CsafValidator validator) {
        try {
            var document = doc.path("document");
            var references = new ArrayList<AdvisoryForm.Reference>();
            for (var reference : document.path("references")) {
                references.add(new AdvisoryForm.Reference(
                        reference.path("url").asText(),
                        reference.path("summary").asText()));
            }
            var vulnerabilities = doc.path("vulnerabilities");
            var fixedIds = new HashSet<String>();
            vulnerabilities.path(0).path("product_status").path("fixed").forEach(id -> fixedIds.add(id.asText()));
            var products = new ArrayList<AdvisoryForm.Product>();
            for (var vendor : doc.path("product_tree").path("branches")) {
                for (var product : vendor.path("branches")) {
                    var affected = new ArrayList<String>();
                    var fixed = new ArrayList<String>();
                    for (var version : product.path("branches")) {
                        (fixedIds.contains(version.path("product")
                                                .path("product_id")
                                                .asText())
                                        ? fixed
                                        : affected)
                                .add(version.path("name").asText());
                    }
                    products.add(new AdvisoryForm.Product(
                            vendor.path("name").asText(), product.path("name").asText(), affected, fixed));
                }
            }
            var forms = new ArrayList<AdvisoryForm.Vulnerability>();
            for (var v : vulnerabilities) {
                forms.add(new AdvisoryForm.Vulnerability(
                        text(v.path("cve")),
                        text(v.path("title")),
                        v.path("notes").path(0).path("text").asText(),
                        text(v.path("cwe").path("id")),
                        text(v.path("scores").path(0).path("cvss_v3").path("vectorString"))));
            }
            var form = new AdvisoryForm(
                    null,
                    document.path("title").asText(),
                    document.path("notes").path(0).path("text").asText(),
                    text(document.path("distribution").path("tlp").path("label")),
                    text(document.path("lang")),
                    text(document.path("aggregate_severity").path("text")),
                    products,
                    forms,
                    text(vulnerabilities.path(0).path("remediations").path(0).path("details")),
                    references,
                    null);
            var built = fromForm(form, validator);
            return built.violations().isEmpty() && content(built.document()).equals(content(doc))
                    ? Optional.of(form)
                    : Optional.empty();
        } catch (RuntimeException e) {
            // a document shaped unlike the form's (a missing or mistyped field): edited as JSON
            return Optional.empty();
        }
    }

    /** The document without what the platform owns. */
    private static JsonNode content(JsonNode doc) {
        var copy = (ObjectNode) doc.deepCopy();
        var document = (ObjectNode) copy.get("document");
        document.remove(List.of("publisher", "tracking"));
        return copy;
    }

    private static String text(JsonNode node) {
        return node.isTextual() ? node.asText() : null;
    }

    private static void addVersions(
            AdvisoryForm.Product product,
            List<String> versions,
            String at,
            ArrayNode into,
            HashSet<String> seen,
            List<String> ids,
            int[] counter,
            List<Violation> violations) {
        for (int i = 0; i < versions.size(); i++) {
            var version = versions.get(i).strip();
            if (!seen.add(version)) {
                violations.add(new Violation(
                        at + "/" + i, "version '%s' is listed twice for this product".formatted(version)));
                continue;
            }
            var id = String.format(Locale.ROOT, "CSAFPID-%04d", ++counter[0]);
            var branch = into.addObject()
                    .put("category", VersionRange.looksLikeRange(version) ? "product_version_range" : "product_version")
                    .put("name", version);
            branch.putObject("product")
                    .put(
                            "name",
                            "%s %s %s"
                                    .formatted(
                                            product.vendor().strip(),
                                            product.name().strip(),
                                            version))
                    .put("product_id", id);
            ids.add(id);
        }
    }

    private static void ids(ArrayNode array, List<String> ids) {
        ids.forEach(array::add);
    }

    /** Fills in what the platform owns; the tracking fields for the version the draft will become. */
    static void stamp(ObjectNode doc, Stamp stamp) {
        var document = (ObjectNode) doc.get("document");
        document.put("csaf_version", "2.0");
        var publisher = JSON.objectNode();
        publisher.put("category", stamp.publisherCategory());
        publisher.put("name", stamp.publisherName());
        publisher.put("namespace", stamp.publisherNamespace());
        if (stamp.contact() != null) {
            publisher.put("contact_details", stamp.contact());
        }
        document.set("publisher", publisher);
        var tracking = document.has("tracking") && document.get("tracking").isObject()
                ? (ObjectNode) document.get("tracking")
                : document.putObject("tracking");
        tracking.put("id", stamp.trackingId());
        tracking.put("status", stamp.status());
        tracking.put("version", String.valueOf(stamp.number()));
        tracking.put("initial_release_date", date(stamp.initialRelease()));
        tracking.put("current_release_date", date(stamp.now()));
        var history = JSON.arrayNode();
        stamp.history().forEach(history::add);
        history.addObject()
                .put("date", date(stamp.now()))
                .put("number", String.valueOf(stamp.number()))
                .put("summary", stamp.summary());
        tracking.set("revision_history", history);
        var generator = tracking.putObject("generator");
        generator.put("date", date(stamp.now()));
        generator.putObject("engine").put("name", "OpenCIRT").put("version", "0.1.0");
        // the document's fields in the spec's order, for people who read it
        var ordered = JSON.objectNode();
        for (var field : List.of(
                "category",
                "csaf_version",
                "publisher",
                "title",
                "lang",
                "source_lang",
                "aggregate_severity",
                "distribution",
                "notes",
                "references",
                "acknowledgments",
                "tracking")) {
            if (document.has(field)) {
                ordered.set(field, document.get(field));
            }
        }
        document.fields().forEachRemaining(e -> ordered.putIfAbsent(e.getKey(), e.getValue()));
        doc.set("document", ordered);
        var top = JSON.objectNode();
        for (var field : List.of("document", "product_tree", "vulnerabilities")) {
            if (doc.has(field)) {
                top.set(field, doc.get(field));
            }
        }
        doc.fields().forEachRemaining(e -> top.putIfAbsent(e.getKey(), e.getValue()));
        doc.removeAll();
        doc.setAll(top);
    }

    /** What {@link #stamp} writes. */
    record Stamp(
            String publisherCategory,
            String publisherName,
            String publisherNamespace,
            String contact,
            String trackingId,
            String status,
            int number,
            Instant initialRelease,
            Instant now,
            List<JsonNode> history,
            String summary) {}

    /** The summary the client gave for the version being prepared, if any. */
    static String requestedSummary(JsonNode doc, int number) {
        var history = doc.path("document").path("tracking").path("revision_history");
        String summary = null;
        if (history.isArray()) {
            for (var entry : history) {
                var n = entry.path("number");
                if ((n.isMissingNode() || n.asText().equals(String.valueOf(number)))
                        && entry.path("summary").isTextual()
                        && !entry.path("summary").asText().isBlank()) {
                    summary = entry.path("summary").asText().strip();
                }
            }
        }
        return summary;
    }
}
