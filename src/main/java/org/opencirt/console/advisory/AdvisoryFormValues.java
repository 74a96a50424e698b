package org.opencirt.console.advisory;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.jboss.resteasy.reactive.RestForm;
import org.opencirt.advisory.service.AdvisoryForm;

/**
 * The advisory editor's form: its fields as posted, shown again when the service refuses them, and
 * the conversion to and from the service's form model (one product, one vulnerability, one reference).
 */
public record AdvisoryFormValues(
        String title,
        String summary,
        String tlp,
        String severity,
        String vendor,
        String product,
        String versions,
        String fixedVersions,
        String cve,
        String vulnTitle,
        String description,
        String cwe,
        String cvss,
        String recommendations,
        String referenceUrl,
        String referenceSummary,
        String lang) {

    /** The CSAF 2.0 TLP labels an advisory may carry. */
    public List<String> tlpOptions() {
        return List.of("WHITE", "GREEN", "AMBER", "RED");
    }

    static AdvisoryFormValues empty() {
        return new AdvisoryFormValues("", "", "WHITE", "", "", "", "", "", "", "", "", "", "", "", "", "", "");
    }

    /**
     * The values of a form with one product, at most one vulnerability and one reference, and no comma inside a
     * version (the field separates versions with commas); empty otherwise, as these fields would lose some of it.
     */
    static Optional<AdvisoryFormValues> of(AdvisoryForm form) {
        var vulnerabilities =
                form.vulnerabilities() == null ? List.<AdvisoryForm.Vulnerability>of() : form.vulnerabilities();
        var references = form.references() == null ? List.<AdvisoryForm.Reference>of() : form.references();
        if (form.products().size() != 1 || vulnerabilities.size() > 1 || references.size() > 1) {
            return Optional.empty();
        }
        var product = form.products().getFirst();
        if (Stream.concat(product.versions().stream(), product.fixedVersions().stream())
                .anyMatch(v -> v.contains(","))) {
            return Optional.empty();
        }
        var v = vulnerabilities.isEmpty()
                ? new AdvisoryForm.Vulnerability(null, null, "", null, null)
                : vulnerabilities.getFirst();
        var reference = references.isEmpty() ? new AdvisoryForm.Reference("", "") : references.getFirst();
        return Optional.of(new AdvisoryFormValues(
                form.title(),
                form.summary(),
                n(form.tlp()),
                n(form.severity()),
                product.vendor(),
                product.name(),
                String.join(", ", product.versions()),
                String.join(", ", product.fixedVersions()),
                n(v.cve()),
                n(v.title()),
                n(v.description()),
                n(v.cwe()),
                n(v.cvssVector()),
                n(form.recommendations()),
                reference.url(),
                reference.summary(),
                n(form.lang())));
    }

    /** The service's form model of these values. */
    AdvisoryForm toForm() {
        var vulnerabilities = description.isBlank() && cve.isBlank()
                ? List.<AdvisoryForm.Vulnerability>of()
                : List.of(new AdvisoryForm.Vulnerability(b(cve), b(vulnTitle), description, b(cwe), b(cvss)));
        var references = referenceUrl.isBlank()
                ? List.<AdvisoryForm.Reference>of()
                : List.of(new AdvisoryForm.Reference(referenceUrl, referenceSummary));
        return new AdvisoryForm(
                null,
                title,
                summary,
                b(tlp),
                b(lang),
                b(severity),
                List.of(new AdvisoryForm.Product(vendor, product, list(versions), list(fixedVersions))),
                vulnerabilities,
                b(recommendations),
                references,
                null);
    }

    /** The fields of the editor form. */
    public static class Fields {
        @RestForm
        String title;

        @RestForm
        String summary;

        @RestForm
        String tlp;

        @RestForm
        String severity;

        @RestForm
        String vendor;

        @RestForm
        String product;

        @RestForm
        String versions;

        @RestForm
        String fixedVersions;

        @RestForm
        String cve;

        @RestForm
        String vulnTitle;

        @RestForm
        String description;

        @RestForm
        String cwe;

        @RestForm
        String cvss;

        @RestForm
        String recommendations;

        @RestForm
        String referenceUrl;

        @RestForm
        String referenceSummary;

        @RestForm
        String lang;

        AdvisoryFormValues values() {
            return new AdvisoryFormValues(
                    n(title),
                    n(summary),
                    n(tlp),
                    n(severity),
                    n(vendor),
                    n(product),
                    n(versions),
                    n(fixedVersions),
                    n(cve),
                    n(vulnTitle),
                    n(description),
                    n(cwe),
                    n(cvss),
                    n(recommendations),
                    n(referenceUrl),
                    n(referenceSummary),
                    n(lang));
        }
    }

    private static String n(String value) {
        return value == null ? "" : value.strip();
    }

    private static String b(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    private static List<String> list(String commaSeparated) {
        return Arrays.stream(commaSeparated.split(","))
                .map(String::strip)
                .filter(s -> !s.isEmpty())
                .toList();
    }
}
