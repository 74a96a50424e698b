package org.opencirt.console.feed;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.opencirt.common.audit.Audited;
import org.opencirt.console.exchange.ExchangeViews.ShareSection;
import org.opencirt.console.exchange.ShareSections;
import org.opencirt.console.web.Chrome;
import org.opencirt.console.web.ConsoleSession;
import org.opencirt.feed.service.FeedQuotas;
import org.opencirt.feed.service.FeedService;
import org.opencirt.feed.service.FeedService.FeedView;
import org.opencirt.feed.service.FeedService.RunView;

/**
 * Threat feeds as the CIRT sees them (the platform's and its own): status, last run, counts, errors, run history;
 * a lead or CIRT admin runs one of the CIRT's own feeds now and follows its progress live (the run page reloads its
 * counts every second with JavaScript, or with the refresh link without it).
 */
@Audited
@Path("/console/feeds")
@RolesAllowed({"analyst", "lead", "cirt-admin"})
@Produces(MediaType.TEXT_HTML)
public class FeedsPage {

    /** Statuses after which a run changes no more. */
    static final Set<String> FINAL = Set.of("succeeded", "partial", "not-modified", "failed", "skipped");

    /** A run and whether it is still going (then the page polls it). */
    public record RunState(FeedView feed, RunView run, boolean running) {}

    @CheckedTemplate(basePath = "console")
    static class Templates {
        static native TemplateInstance feeds(Chrome chrome, List<FeedView> feeds, FeedQuotas.Usage quota);

        static native TemplateInstance feed(
                Chrome chrome, FeedView feed, List<RunView> runs, boolean canRun, ShareSection share);

        static native TemplateInstance feedrun(Chrome chrome, RunState state);

        static native TemplateInstance feedrun$progress(RunState state);
    }

    private final ConsoleSession session;
    private final FeedService feeds;
    private final FeedQuotas quotas;
    private final ShareSections sharing;

    FeedsPage(ConsoleSession session, FeedService feeds, FeedQuotas quotas, ShareSections sharing) {
        this.session = session;
        this.feeds = feeds;
        this.quotas = quotas;
        this.sharing = sharing;
    }

    @GET
    @Operation(hidden = true)
    public TemplateInstance list() {
        var tenant = session.tenantId();
        return session.render(Templates.feeds(session.chrome("feeds"), feeds.list(tenant), quotas.usage(tenant)));
    }

    @GET
    @Path("/{id}")
    @Operation(hidden = true)
    public TemplateInstance feed(@PathParam("id") String id) {
        var tenant = session.tenantId();
        var feed = feeds.get(tenant, id);
        var leads = session.hasRole("lead") || session.hasRole("cirt-admin");
        var canRun = !"global".equals(feed.scope()) && leads;
        // only the CIRT's own feeds are its to share (a global feed's indicators follow the platform's TLP rules)
        var share = tenant.equals(feed.scope()) ? sharing.feed(tenant, feed.id(), leads) : null;
        return session.render(Templates.feed(session.chrome("feeds"), feed, feeds.runs(tenant, id, 20), canRun, share));
    }

    @POST
    @Path("/{id}/runs")
    @RolesAllowed({"lead", "cirt-admin"})
    @Operation(hidden = true)
    public Response runNow(@PathParam("id") String id) {
        var run = feeds.runNow(session.tenantId(), id);
        return Response.seeOther(URI.create("/console/feeds/%s/runs/%s".formatted(id, run.id())))
                .build();
    }

    @GET
    @Path("/{id}/runs/{runId}")
    @Operation(hidden = true)
    public TemplateInstance run(@PathParam("id") String id, @PathParam("runId") UUID runId) {
        return session.render(Templates.feedrun(session.chrome("feeds"), state(id, runId)));
    }

    /** The counts of a run as an HTML fragment, which the run page fetches while the run goes on. */
    @GET
    @Path("/{id}/runs/{runId}/progress")
    @Operation(hidden = true)
    public TemplateInstance progress(@PathParam("id") String id, @PathParam("runId") UUID runId) {
        return session.render(Templates.feedrun$progress(state(id, runId)));
    }

    private RunState state(String id, UUID runId) {
        var tenant = session.tenantId();
        var run = feeds.run(tenant, id, runId);
        return new RunState(feeds.get(tenant, id), run, run.status() == null || !FINAL.contains(run.status()));
    }
}
