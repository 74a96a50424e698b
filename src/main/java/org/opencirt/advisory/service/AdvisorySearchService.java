package org.opencirt.advisory.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.Comparator;
import java.util.List;
import org.opencirt.advisory.repository.AdvisoryRepository;
import org.opencirt.advisory.service.AdvisoryService.AdvisorySummary;
import org.opencirt.common.problem.ApiException;
import org.opencirt.search.Projection;
import org.opencirt.search.TextSearch;

/**
 * Finds a CIRT's advisories by their words (tracking id, title, notes, CVEs, products) through the
 * advisory projection in Elasticsearch, newest change first, page by page. Only the CIRT's own
 * advisories, drafts and published alike, are ever found (ADR 19).
 */
@ApplicationScoped
public class AdvisorySearchService {

    /** Longest text accepted, as the console's search box. */
    public static final int MAX_TEXT = 500;
    /** Largest page. */
    public static final int MAX_LIMIT = 200;

    private final TextSearch search;
    private final AdvisoryRepository advisories;

    AdvisorySearchService(TextSearch search, AdvisoryRepository advisories) {
        this.search = search;
        this.advisories = advisories;
    }

    /** A page of advisories, how many match in all, and the cursor of the next page (null at the end). */
    public record Result(long total, List<AdvisorySummary> items, String next) {}

    /**
     * One page of the CIRT's advisories matching the text, as they are now in PostgreSQL (the
     * projection follows within moments of a change).
     *
     * @param text   words, {@code "a phrase"}, {@code prefix*}, {@code -excluded}; blank: every advisory of the CIRT
     * @param cursor the {@link Result#next()} of the previous page, or null
     * @param limit  page size, 1 to {@value #MAX_LIMIT}
     * @throws ApiException 400 for a text too long or a cursor of another search, 503 when search is unavailable
     */
    @Transactional
    public Result search(String tenant, String text, String cursor, int limit) {
        if (text != null && text.length() > MAX_TEXT) {
            throw ApiException.invalid("q", "at most %d characters".formatted(MAX_TEXT));
        }
        var size = Math.max(1, Math.min(limit, MAX_LIMIT));
        var page = search.search(
                Projection.ADVISORIES,
                tenant,
                new TextSearch.Request(text == null ? null : text.strip(), size, cursor));
        var order = page.ids();
        var items = advisories.listIn(tenant, order).stream()
                .sorted(Comparator.comparingInt(a -> order.indexOf(a.id)))
                .map(AdvisoryService::summary)
                .toList();
        return new Result(page.total(), items, page.next());
    }
}
