package org.opencirt.console.advisory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.ArrayList;
import java.util.List;
import org.opencirt.advisory.service.AdvisoryService.AdvisoryView;

/**
 * What the advisory page previews of the working CSAF document: its notes, the products of its
 * product tree, its vulnerabilities with their scores, and the whole document as indented JSON.
 */
public record AdvisoryPreview(
        String title,
        String trackingId,
        String tlp,
        List<Item> notes,
        List<Item> products,
        List<Item> vulnerabilities,
        String json) {

    private static final ObjectMapper PRETTY = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** A note, product or vulnerability line of the preview. */
    public record Item(String name, String detail) {}

    static AdvisoryPreview of(AdvisoryView advisory) {
        var doc = advisory.document() == null ? PRETTY.createObjectNode() : advisory.document();
        var notes = new ArrayList<Item>();
        for (var note : doc.path("document").path("notes")) {
            notes.add(new Item(
                    note.path("title").asText(note.path("category").asText()),
                    note.path("text").asText()));
        }
        var products = new ArrayList<Item>();
        collectProducts(doc.path("product_tree").path("branches"), "", products);
        var vulnerabilities = new ArrayList<Item>();
        for (var v : doc.path("vulnerabilities")) {
            var detail = new ArrayList<String>();
            for (var note : v.path("notes")) {
                detail.add(note.path("text").asText());
            }
            for (var score : v.path("scores")) {
                var cvss = score.path("cvss_v3");
                if (!cvss.isMissingNode()) {
                    detail.add("CVSS %s (%s) %s"
                            .formatted(
                                    cvss.path("baseScore").asText(),
                                    cvss.path("baseSeverity").asText(),
                                    cvss.path("vectorString").asText()));
                }
            }
            var name = v.path("cve").asText(v.path("title").asText("-"));
            if (v.hasNonNull("cwe")) {
                name += " · " + v.path("cwe").path("id").asText() + " "
                        + v.path("cwe").path("name").asText();
            }
            vulnerabilities.add(new Item(name, String.join(" · ", detail)));
        }
        String json;
        try {
            json = PRETTY.writeValueAsString(doc);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            json = doc.toString();
        }
        return new AdvisoryPreview(
                doc.path("document").path("title").asText(advisory.title()),
                advisory.trackingId(),
                advisory.tlp(),
                notes,
                products,
                vulnerabilities,
                json);
    }

    private static void collectProducts(JsonNode branches, String prefix, List<Item> out) {
        for (var branch : branches) {
            var name = prefix.isEmpty()
                    ? branch.path("name").asText()
                    : prefix + " / " + branch.path("name").asText();
            if (branch.has("product")) {
                out.add(new Item(name, branch.path("product").path("product_id").asText()));
            }
            collectProducts(branch.path("branches"), name, out);
        }
    }
}
