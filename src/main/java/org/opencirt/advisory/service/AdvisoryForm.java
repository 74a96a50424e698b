package org.opencirt.advisory.service;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;

/**
 * The simple way to write an advisory: a few fields that the service turns into a valid CSAF 2.0
 * security advisory (product tree, vulnerabilities with CVSS and CWE, remediations, references).
 *
 * @param trackingId      optional; generated as CERT-AB-2026-0001 when left out
 * @param tlp             CSAF TLP label WHITE (default), GREEN, AMBER or RED
 * @param severity        the aggregate severity in words (Critical, High, ...)
 * @param recommendations what constituents should do; becomes a vendor_fix (or mitigation) remediation
 * @param changeSummary   the revision-history entry of the version this draft will become
 */
public record AdvisoryForm(
        @Size(max = 200) String trackingId,
        @NotBlank @Size(max = 500) String title,
        @NotBlank @Size(max = 20000) String summary,

        @Pattern(regexp = "WHITE|GREEN|AMBER|RED", message = "must be WHITE, GREEN, AMBER or RED")
        String tlp,

        @Pattern(regexp = "^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*$", message = "must be a language tag such as en")
        String lang,

        @Size(max = 100) String severity,
        @NotEmpty @Size(max = 200) List<@Valid Product> products,
        @Size(max = 200) List<@Valid Vulnerability> vulnerabilities,
        @Size(max = 20000) String recommendations,
        @Size(max = 100) List<@Valid Reference> references,
        @Size(max = 1000) String changeSummary) {

    /**
     * @param versions      affected versions ({@code 2.4.0}) or a range ({@code <2.4.2})
     * @param fixedVersions versions that fix the vulnerabilities
     */
    public record Product(
            @NotBlank @Size(max = 200) String vendor,
            @NotBlank @Size(max = 200) String name,
            @NotEmpty @Size(max = 100) List<@NotBlank @Size(max = 100) String> versions,
            @Size(max = 100) List<@NotBlank @Size(max = 100) String> fixedVersions) {}

    /**
     * @param cve        CVE-2026-12345 (optional: a vulnerability without a CVE yet)
     * @param cwe        CWE-79; its name comes from the CWE catalogue
     * @param cvssVector CVSS:3.1/AV:N/...; the scores and severity are computed from it
     */
    public record Vulnerability(
            @Pattern(regexp = "^CVE-[0-9]{4}-[0-9]{4,}$", message = "must look like CVE-2026-12345")
            String cve,

            @Size(max = 500) String title,
            @NotBlank @Size(max = 20000) String description,

            @Pattern(regexp = "^CWE-[1-9]\\d{0,5}$", message = "must look like CWE-79")
            String cwe,

            @Size(max = 200) String cvssVector) {}

    public record Reference(
            @NotBlank
            @Size(max = 2000)
            @Pattern(
                    regexp = "^https?://[^\\s<>\"{}|\\\\^`]+$",
                    message = "must be an http(s) URL (RFC 3986: no spaces, <, >, quotes)")
            String url,

            @NotBlank @Size(max = 500) String summary) {}
}
