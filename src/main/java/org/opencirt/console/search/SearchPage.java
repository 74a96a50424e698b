package org.opencirt.console.search;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.io.IOException;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.resteasy.reactive.RestQuery;
import org.opencirt.advisory.service.AdvisorySearchService;
import org.opencirt.common.audit.Audited;
import org.opencirt.common.audit.SharedCopies;
import org.opencirt.common.audit.SharedRead;
import org.opencirt.common.problem.ApiException;
import org.opencirt.common.problem.ProblemType;
import org.opencirt.console.web.Chrome;
import org.opencirt.console.web.ConsoleSession;
import org.opencirt.console.web.Links;
import org.opencirt.incident.service.IncidentSearchService;
import org.opencirt.incident.service.IncidentSummary;
import org.opencirt.indicator.model.Match;
import org.opencirt.indicator.service.IndicatorService;
import org.opencirt.observable.Normaliser;

/**
 * One search box over the CIRT's incidents (full text, through the incident search service), the indicators it may
 * see (the value looked up as an observable: exact, and an address also inside networks), and its advisories
 * (their words, through the advisory search service; the advisories list pages through all of them).
 */
@Audited
@Path("/console/search")
@RolesAllowed({"analyst", "lead"})
@Produces(MediaType.TEXT_HTML)
public class SearchPage {

    static final int SHOWN = 20;

    /** The results of one search; null lists when the box was empty. */
    public record Results(
            String q,
            long incidentTotal,
            List<IncidentSummary> incidents,
            String moreIncidents,
            String observable,
            List<Match> indicators,
            AdvisorySearchService.Result advisories,
            String moreAdvisories) {}

    @CheckedTemplate(basePath = "console")
    static class Templates {
        static native TemplateInstance search(Chrome chrome, Results results);
    }

    private final ConsoleSession session;
    private final IncidentSearchService incidents;
    private final IndicatorService indicators;
    private final AdvisorySearchService advisories;

    SearchPage(
            ConsoleSession session,
            IncidentSearchService incidents,
            IndicatorService indicators,
            AdvisorySearchService advisories) {
        this.session = session;
        this.incidents = incidents;
        this.indicators = indicators;
        this.advisories = advisories;
    }

    @GET
    @SharedRead
    @Operation(hidden = true)
    public TemplateInstance search(@RestQuery String q) {
        var text = q == null ? "" : q.strip();
        if (text.length() > 500) {
            throw ApiException.invalid("q", "at most 500 characters");
        }
        if (text.isEmpty()) {
            return session.render(
                    Templates.search(session.chrome("search"), new Results("", 0, null, null, null, null, null, null)));
        }
        var tenant = session.tenantId();
        var found = incidents.search(
                tenant,
                new IncidentSearchService.Criteria(
                        text, null, null, null, null, null, null, null, null, null, null, "-created", SHOWN, null));
        var observable = Normaliser.detect(text);
        List<Match> hits = List.of();
        if (observable.isPresent()) {
            try {
                hits = indicators.match(tenant, List.of(observable.get()));
            } catch (IOException e) {
                throw new ApiException(ProblemType.UNAVAILABLE, "Indicator search is unavailable: " + e.getMessage());
            }
        }
        var matching = advisories.search(tenant, text, null, SHOWN);
        var more = Links.of("/console/queue", new Links.Params().add("q", text).list());
        var moreAdvisories = Links.of(
                "/console/advisories", new Links.Params().add("q", text).list());
        return session.render(Templates.search(
                        session.chrome("search"),
                        new Results(
                                text,
                                found.total(),
                                found.items(),
                                more,
                                observable
                                        .map(o -> o.type().wireName() + " " + o.value())
                                        .orElse(null),
                                hits,
                                matching,
                                moreAdvisories)))
                .setAttribute(SharedCopies.ATTRIBUTE, found);
    }
}
