package org.opencirt.console.incident;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestQuery;
import org.opencirt.common.Tlp;
import org.opencirt.common.WireEnum;
import org.opencirt.common.audit.Audited;
import org.opencirt.common.audit.SharedCopies;
import org.opencirt.common.audit.SharedRead;
import org.opencirt.common.problem.ApiException;
import org.opencirt.console.incident.QueueViews.BulkOutcome;
import org.opencirt.console.incident.QueueViews.BulkResult;
import org.opencirt.console.incident.QueueViews.Count;
import org.opencirt.console.incident.QueueViews.Filters;
import org.opencirt.console.incident.QueueViews.Queue;
import org.opencirt.console.incident.QueueViews.SortColumn;
import org.opencirt.console.incident.QueueViews.View;
import org.opencirt.console.incident.QueueViews.ViewLink;
import org.opencirt.console.web.Chrome;
import org.opencirt.console.web.ConsoleConfig;
import org.opencirt.console.web.ConsolePaths;
import org.opencirt.console.web.ConsoleSession;
import org.opencirt.console.web.Links;
import org.opencirt.incident.model.IncidentState;
import org.opencirt.incident.model.Rsit;
import org.opencirt.incident.model.Severity;
import org.opencirt.incident.service.IncidentCommands.Transition;
import org.opencirt.incident.service.IncidentCommands.UpdateIncident;
import org.opencirt.incident.service.IncidentSearchService;
import org.opencirt.incident.service.IncidentService;
import org.opencirt.incident.service.SavedViewService;

/**
 * The incident queue: the CIRT's incidents from the search index with filters, preset views, sorting
 * and cursor paging, all as plain links and GET forms (no JavaScript needed); bulk assign and close.
 */
@Audited
@Path("/console/queue")
@RolesAllowed({"analyst", "lead"})
@Produces(MediaType.TEXT_HTML)
public class QueuePage {

    static final List<String> OPEN_STATES =
            IncidentState.OPEN.stream().map(IncidentState::wire).toList();
    static final List<String> SORTS = List.of(
            "-created",
            "created",
            "-updated",
            "-severity",
            "severity",
            "-priority",
            "priority",
            "reference",
            "-reference",
            "due");
    static final List<Integer> LIMITS = List.of(25, 50, 100, 200);
    static final int MAX_BULK = 200;

    @CheckedTemplate(basePath = "console")
    static class Templates {
        static native TemplateInstance queue(Chrome chrome, Queue queue, List<ViewLink> saved);

        static native TemplateInstance bulk(Chrome chrome, BulkResult result);
    }

    private final ConsoleSession session;
    private final IncidentSearchService search;
    private final IncidentService incidents;
    private final ConsoleConfig config;
    private final SavedViewService savedViews;

    QueuePage(
            ConsoleSession session,
            IncidentSearchService search,
            IncidentService incidents,
            ConsoleConfig config,
            SavedViewService savedViews) {
        this.session = session;
        this.search = search;
        this.incidents = incidents;
        this.config = config;
        this.savedViews = savedViews;
    }

    @GET
    @SharedRead
    @Operation(hidden = true)
    public TemplateInstance queue(
            @RestQuery String q,
            @RestQuery List<String> state,
            @RestQuery List<String> severity,
            @RestQuery String category,
            @RestQuery List<String> tlp,
            @RestQuery String assignee,
            @RestQuery String sort,
            @RestQuery Integer limit,
            @RestQuery String cursor) {
        var filters = filters(q, state, severity, category, tlp, assignee, sort, limit);
        var result = search.search(
                session.tenantId(),
                new IncidentSearchService.Criteria(
                        filters.q(),
                        nullIfEmpty(filters.state()),
                        filters.category() == null ? null : List.of(filters.category()),
                        null,
                        nullIfEmpty(filters.severity()),
                        nullIfEmpty(filters.tlp()),
                        filters.assignee() == null ? null : List.of(filters.assignee()),
                        null,
                        null,
                        null,
                        null,
                        filters.sort(),
                        filters.limit(),
                        blankToNull(cursor)));
        var states = result.facets().getOrDefault("state", List.of()).stream()
                .map(b -> new Count(b.key(), b.count()))
                .toList();
        var queue = new Queue(
                filters,
                result.total(),
                result.items(),
                result.next() == null ? null : href(filters, filters.sort(), result.next()),
                href(filters, filters.sort(), null),
                cursor == null || cursor.isBlank(),
                List.of(
                        column(filters, "reference"),
                        column(filters, "severity"),
                        column(filters, "priority"),
                        column(filters, "created")),
                views(filters),
                states,
                href(filters, filters.sort(), blankToNull(cursor)),
                WireEnum.wireValues(IncidentState.class),
                WireEnum.wireValues(Severity.class),
                WireEnum.wireValues(Tlp.class),
                Rsit.categories(),
                SORTS,
                LIMITS);
        var saved = savedViews.list(session.tenantId(), session.actor()).stream()
                .map(v -> new ViewLink(v.id(), v.name(), "/console/queue?" + v.query()))
                .toList();
        return session.render(Templates.queue(session.chrome("queue"), queue, saved))
                .setAttribute(SharedCopies.ATTRIBUTE, result);
    }

    /** The queue's filters as the request gives them: blanks dropped, unknown sorts and page sizes replaced by the defaults. */
    private Filters filters(
            String q,
            List<String> state,
            List<String> severity,
            String category,
            List<String> tlp,
            String assignee,
            String sort,
            Integer limit) {
        return new Filters(
                blankToNull(q),
                clean(state),
                clean(severity),
                blankToNull(category),
                clean(tlp),
                blankToNull(assignee),
                sort != null && SORTS.contains(sort) ? sort : "-created",
                limit != null && limit >= 1 && limit <= 200 ? limit : config.pageSize());
    }

    /** Saves the filters and sort now shown (never the page) under a name, for this analyst only. */
    @POST
    @Path("/views")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Operation(hidden = true)
    public jakarta.ws.rs.core.Response saveView(
            @RestForm String name,
            @RestForm String q,
            @RestForm("state") List<String> state,
            @RestForm("severity") List<String> severity,
            @RestForm String category,
            @RestForm("tlp") List<String> tlp,
            @RestForm String assignee,
            @RestForm String sort,
            @RestForm Integer limit) {
        var filters = filters(q, state, severity, category, tlp, assignee, sort, limit);
        var href = href(filters, filters.sort(), null);
        var query = href.contains("?") ? href.substring(href.indexOf('?') + 1) : "";
        savedViews.save(session.tenantId(), session.actor(), name, query);
        return jakarta.ws.rs.core.Response.seeOther(java.net.URI.create(href)).build();
    }

    @POST
    @Path("/views/{viewId}/removal")
    @Operation(hidden = true)
    public jakarta.ws.rs.core.Response deleteView(@jakarta.ws.rs.PathParam("viewId") UUID viewId) {
        savedViews.delete(session.tenantId(), session.actor(), viewId);
        return jakarta.ws.rs.core.Response.seeOther(java.net.URI.create("/console/queue"))
                .build();
    }

    /**
     * Assigns or closes the ticked incidents, one by one, each at the version it has now; answers what happened to
     * each. An incident that may not be closed from its state is skipped, not forced.
     */
    @POST
    @Path("/bulk")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Operation(hidden = true)
    public TemplateInstance bulk(
            @RestForm("id") List<String> ids,
            @RestForm String action,
            @RestForm String assignee,
            @RestForm("return") String returnTo) {
        if (!"assign".equals(action) && !"close".equals(action)) {
            throw ApiException.invalid("action", "must be assign or close");
        }
        var selected = ids == null ? List.<String>of() : ids.stream().distinct().toList();
        if (selected.isEmpty()) {
            throw ApiException.invalid("id", "select at least one incident");
        }
        if (selected.size() > MAX_BULK) {
            throw ApiException.invalid("id", "at most %d incidents at once".formatted(MAX_BULK));
        }
        var tenant = session.tenantId();
        var outcomes = new ArrayList<BulkOutcome>();
        for (var raw : selected) {
            outcomes.add(apply(tenant, raw, action, assignee));
        }
        var done = outcomes.stream().filter(o -> o.result().equals("done")).count();
        var back = ConsolePaths.safeReturn(returnTo);
        return session.render(Templates.bulk(
                session.chrome("queue"),
                new BulkResult(action, outcomes, done, back.startsWith("/console/queue") ? back : "/console/queue")));
    }

    private BulkOutcome apply(String tenant, String raw, String action, String assignee) {
        UUID id;
        try {
            id = UUID.fromString(raw);
        } catch (IllegalArgumentException e) {
            return new BulkOutcome(raw, raw, "failed", "not an incident id");
        }
        try {
            // each incident in a transaction of its own, so that one refused does not undo the others; the bulk
            // post's audit entry is written around them all
            return QuarkusTransaction.requiringNew().call(() -> applyOne(tenant, raw, id, action, assignee));
        } catch (ApiException e) {
            return new BulkOutcome(raw, raw, "failed", e.getMessage());
        } catch (jakarta.validation.ConstraintViolationException e) {
            return new BulkOutcome(
                    raw,
                    raw,
                    "failed",
                    e.getConstraintViolations().iterator().next().getMessage());
        }
    }

    private BulkOutcome applyOne(String tenant, String raw, UUID id, String action, String assignee) {
        var incident = incidents.get(tenant, id);
        if (action.equals("assign")) {
            var who = assignee == null ? "" : assignee.strip();
            incidents.update(
                    tenant,
                    id,
                    incident.version(),
                    new UpdateIncident(
                            null, null, null, null, null, null, null, null, null, null, null, null, who, null),
                    session.actor());
            return new BulkOutcome(raw, incident.reference(), "done", who.isEmpty() ? "-" : who);
        }
        if (!incident.allowedTransitions().contains(IncidentState.CLOSED)) {
            return new BulkOutcome(
                    raw, incident.reference(), "skipped", incident.state().wire());
        }
        incidents.transition(
                tenant,
                id,
                incident.version(),
                new Transition(IncidentState.CLOSED, "closed from the queue"),
                session.actor());
        return new BulkOutcome(raw, incident.reference(), "done", IncidentState.CLOSED.wire());
    }

    private List<View> views(Filters f) {
        var me = session.actor();
        var open = new Filters(null, OPEN_STATES, List.of(), null, List.of(), null, "-created", f.limit());
        var fresh = new Filters(null, List.of("new"), List.of(), null, List.of(), null, "-created", f.limit());
        var mine = new Filters(null, OPEN_STATES, List.of(), null, List.of(), me, "-priority", f.limit());
        var urgent = new Filters(
                null, OPEN_STATES, List.of("critical", "high"), null, List.of(), null, "-severity", f.limit());
        var all = new Filters(null, List.of(), List.of(), null, List.of(), null, "-created", f.limit());
        return List.of(
                view("open", open, f),
                view("new", fresh, f),
                view("mine", mine, f),
                view("urgent", urgent, f),
                view("all", all, f));
    }

    private static View view(String key, Filters preset, Filters current) {
        var same = preset.state().equals(current.state())
                && preset.severity().equals(current.severity())
                && java.util.Objects.equals(preset.assignee(), current.assignee())
                && current.q() == null
                && current.category() == null
                && current.tlp().isEmpty();
        return new View(key, href(preset, preset.sort(), null), same);
    }

    private static SortColumn column(Filters f, String field) {
        String aria = "none";
        String next = "-" + field;
        if (f.sort().equals(field)) {
            aria = "ascending";
            next = "-" + field;
        } else if (f.sort().equals("-" + field)) {
            aria = "descending";
            next = field;
        }
        return new SortColumn(field, href(f, next, null), aria);
    }

    static String href(Filters f, String sort, String cursor) {
        return Links.of(
                "/console/queue",
                new Links.Params()
                        .add("q", f.q())
                        .addAll("state", f.state())
                        .addAll("severity", f.severity())
                        .add("category", f.category())
                        .addAll("tlp", f.tlp())
                        .add("assignee", f.assignee())
                        .add("sort", sort)
                        .add("limit", String.valueOf(f.limit()))
                        .add("cursor", cursor)
                        .list());
    }

    private static List<String> clean(List<String> values) {
        return values == null
                ? List.of()
                : values.stream()
                        .filter(v -> v != null && !v.isBlank())
                        .distinct()
                        .toList();
    }

    private static <T> List<T> nullIfEmpty(List<T> values) {
        return values.isEmpty() ? null : values;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
