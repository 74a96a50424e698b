package org.opencirt.advisory.service;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.qute.TemplateData;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import org.opencirt.advisory.repository.AdvisoryVersion;

/** What the HTML page of a published advisory shows, read from the signed bytes. */
@ApplicationScoped
public class AdvisoryPages {

    @TemplateData
    public record Page(
            String title,
            String trackingId,
            String version,
            String publisher,
            String tlp,
            String severity,
            String initialRelease,
            String currentRelease,
            List<Note> notes,
            List<String> products,
            List<Vulnerability> vulnerabilities,
            List<Reference> references,
            String jsonUrl,
            String fingerprint,
            String sha256) {}

    @TemplateData
    public record Note(String title, String text) {}

    @TemplateData
    public record Vulnerability(
            String cve,
            String title,
            String cwe,
            String cvss,
            String vector,
            List<Note> notes,
            List<String> remediations) {}

    @TemplateData
    public record Reference(String summary, String url) {}

    public Page of(AdvisoryVersion version, String jsonUrl) {
        var doc = CsafDocuments.parse(version.document);
        var document = doc.path("document");
        var products = new ArrayList<String>();
        doc.path("product_tree")
                .findValues("product")
                .forEach(p -> products.add(p.path("name").asText()));
        doc.path("product_tree")
                .path("full_product_names")
                .forEach(p -> products.add(p.path("name").asText()));
        var vulnerabilities = new ArrayList<Vulnerability>();
        for (var v : doc.path("vulnerabilities")) {
            var cvss = v.path("scores").path(0).path("cvss_v3");
            var remediations = new ArrayList<String>();
            v.path("remediations")
                    .forEach(r -> remediations.add(r.path("category").asText() + ": "
                            + r.path("details").asText()));
            vulnerabilities.add(new Vulnerability(
                    text(v.path("cve")),
                    text(v.path("title")),
                    v.has("cwe")
                            ? v.path("cwe").path("id").asText() + " "
                                    + v.path("cwe").path("name").asText()
                            : null,
                    cvss.isMissingNode()
                            ? null
                            : cvss.path("baseScore").asText() + " "
                                    + cvss.path("baseSeverity").asText(),
                    text(cvss.path("vectorString")),
                    notes(v.path("notes")),
                    remediations));
        }
        var references = new ArrayList<Reference>();
        document.path("references")
                .forEach(r -> references.add(new Reference(
                        r.path("summary").asText(), safeUrl(r.path("url").asText()))));
        return new Page(
                document.path("title").asText(),
                version.trackingId,
                String.valueOf(version.number),
                document.path("publisher").path("name").asText(),
                version.tlp,
                text(document.path("aggregate_severity").path("text")),
                CsafDocuments.date(version.initialReleaseDate),
                CsafDocuments.date(version.currentReleaseDate),
                notes(document.path("notes")),
                products,
                vulnerabilities,
                references,
                jsonUrl,
                version.keyFingerprint,
                version.sha256);
    }

    private static List<Note> notes(JsonNode notes) {
        var list = new ArrayList<Note>();
        notes.forEach(n -> list.add(new Note(
                text(n.path("title")) == null
                        ? n.path("category").asText()
                        : n.path("title").asText(),
                n.path("text").asText())));
        return list;
    }

    /** Only http(s) links become links: a javascript: URL in a document must not be clickable. */
    private static String safeUrl(String url) {
        return url.startsWith("https://") || url.startsWith("http://") ? url : null;
    }

    private static String text(JsonNode node) {
        return node.isMissingNode() || node.isNull() ? null : node.asText();
    }
}
