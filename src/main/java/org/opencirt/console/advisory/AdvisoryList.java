package org.opencirt.console.advisory;

import java.util.List;
import org.opencirt.advisory.service.AdvisorySearchService;
import org.opencirt.advisory.service.AdvisoryService.AdvisorySummary;
import org.opencirt.console.web.Links;

/**
 * What the advisories list shows: the last changed advisories, or one page of those a search found,
 * with the links to the first and the next page.
 *
 * @param q      the search text, empty for the plain list
 * @param total  how many the search found, null for the plain list
 * @param cursor the cursor of this page, null on the first
 */
public record AdvisoryList(
        String q, Long total, List<AdvisorySummary> items, String cursor, String firstHref, String nextHref) {

    static AdvisoryList all(List<AdvisorySummary> items) {
        return new AdvisoryList("", null, items, null, null, null);
    }

    static AdvisoryList found(String q, String cursor, AdvisorySearchService.Result result) {
        var next = result.next() == null ? null : link(q, result.next());
        return new AdvisoryList(q, result.total(), result.items(), cursor, link(q, null), next);
    }

    private static String link(String q, String cursor) {
        return Links.of(
                "/console/advisories",
                new Links.Params().add("q", q).add("cursor", cursor).list());
    }
}
