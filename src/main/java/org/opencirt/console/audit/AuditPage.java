package org.opencirt.console.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.function.BiFunction;
import java.util.stream.Collectors;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.resteasy.reactive.RestQuery;
import org.opencirt.audit.AuditEntry;
import org.opencirt.audit.AuditTrail;
import org.opencirt.common.audit.Audited;
import org.opencirt.common.audit.SensitiveRead;
import org.opencirt.common.problem.ApiException;
import org.opencirt.console.dashboard.Csv;
import org.opencirt.console.web.Chrome;
import org.opencirt.console.web.ConsoleConfig;
import org.opencirt.console.web.ConsoleSession;

/**
 * The audit trail (docs/audit.md) in the console: a CIRT's lead and admins read their CIRT's chain, the platform
 * admin the platform's own (never a CIRT's), newest first, filtered by actor, action, object and time, a page at a
 * time; they verify the chain, and download the filtered entries as CSV (formula cells neutralised) or JSON, at most
 * {@code opencirt.console.audit-export-max-rows} entries per download. A download is itself recorded in the chain it
 * reads, since it carries the trail out of the console.
 */
@Audited
@Path("/console/audit")
@RolesAllowed({"lead", "cirt-admin", "platform-admin"})
@Produces(MediaType.TEXT_HTML)
public class AuditPage {

    /** Entries on one page of the console. */
    static final int PAGE = 50;

    private static final int MAX_FILTER = 200;

    /**
     * The filters of the page, as typed; {@code from} and {@code to} are ISO-8601 instants or, as a browser's date and
     * time field sends them, a local date and time read as UTC.
     */
    public record Filters(String actor, String action, String objectType, String objectId, String from, String to) {

        /** The filters as a query string (without the cursor), for the pager and the download links. */
        public String query() {
            var pairs = new LinkedHashMap<String, String>();
            pairs.put("actor", actor);
            pairs.put("action", action);
            pairs.put("objectType", objectType);
            pairs.put("objectId", objectId);
            pairs.put("from", from);
            pairs.put("to", to);
            return pairs.entrySet().stream()
                    .filter(e -> e.getValue() != null)
                    .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                    .collect(Collectors.joining("&"));
        }

        /** Whether any filter is set. */
        public boolean any() {
            return !query().isEmpty();
        }
    }

    /** What the page shows: the chain's name, the filters, one page of entries, the next page's cursor. */
    public record TrailView(
            boolean platform, Filters filters, List<AuditEntry> entries, Long next, boolean first, int maxRows) {}

    @CheckedTemplate(basePath = "console")
    static class Templates {
        static native TemplateInstance audit(Chrome chrome, TrailView trail, AuditTrail.Verification verification);
    }

    private final ConsoleSession session;
    private final AuditTrail trail;
    private final ConsoleConfig config;
    private final ObjectMapper json;
    private final Clock clock;

    AuditPage(ConsoleSession session, AuditTrail trail, ConsoleConfig config, ObjectMapper json, Clock clock) {
        this.session = session;
        this.trail = trail;
        this.config = config;
        this.json = json;
        this.clock = clock;
    }

    @GET
    @Operation(hidden = true)
    public TemplateInstance page(
            @RestQuery String actor,
            @RestQuery String action,
            @RestQuery String objectType,
            @RestQuery String objectId,
            @RestQuery String from,
            @RestQuery String to,
            @RestQuery Long cursor) {
        var filters = filters(actor, action, objectType, objectId, from, to);
        if (cursor != null && cursor < 1) {
            throw ApiException.invalid("cursor", "must be the next of a previous page");
        }
        var page = trail.list(chain(), query(filters, cursor, PAGE));
        return render(new TrailView(platform(), filters, page.entries(), page.next(), cursor == null, maxRows()), null);
    }

    /** The chain re-computed from its first entry: whether every link holds, else the first one that does not. */
    @GET
    @Path("/verification")
    @Operation(hidden = true)
    public TemplateInstance verification() {
        var chain = chain();
        var page = trail.list(chain, query(filters(null, null, null, null, null, null), null, PAGE));
        return render(
                new TrailView(
                        platform(),
                        filters(null, null, null, null, null, null),
                        page.entries(),
                        page.next(),
                        true,
                        maxRows()),
                trail.verify(chain));
    }

    @GET
    @Path("/entries.csv")
    @Produces("text/csv")
    @SensitiveRead
    @Operation(hidden = true)
    public Response csv(
            @RestQuery String actor,
            @RestQuery String action,
            @RestQuery String objectType,
            @RestQuery String objectId,
            @RestQuery String from,
            @RestQuery String to) {
        var entries = export(filters(actor, action, objectType, objectId, from, to));
        var rows = new ArrayList<List<String>>();
        rows.add(List.of(
                "cirt",
                "seq",
                "at",
                "actor",
                "roles",
                "action",
                "objectType",
                "objectId",
                "requestId",
                "sourceAddress",
                "changeDigest",
                "prevHash",
                "hash"));
        for (var e : entries) {
            var row = new ArrayList<String>();
            row.add(e.tenant());
            row.add(Long.toString(e.seq()));
            row.add(e.at().toString());
            row.add(e.actor());
            row.add(e.roles());
            row.add(e.action());
            row.add(e.objectType());
            row.add(e.objectId());
            row.add(e.requestId());
            row.add(e.sourceAddress());
            row.add(e.changeDigest());
            row.add(e.prevHash());
            row.add(e.hash());
            rows.add(row);
        }
        return download(Csv.of(rows), "text/csv;charset=UTF-8", "csv");
    }

    @GET
    @Path("/entries.json")
    @Produces(MediaType.APPLICATION_JSON)
    @SensitiveRead
    @Operation(hidden = true)
    public Response json(
            @RestQuery String actor,
            @RestQuery String action,
            @RestQuery String objectType,
            @RestQuery String objectId,
            @RestQuery String from,
            @RestQuery String to) {
        var entries = export(filters(actor, action, objectType, objectId, from, to));
        try {
            var body = json.writeValueAsString(java.util.Map.of("entries", entries));
            return download(body, "application/json;charset=UTF-8", "json");
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the audit entries could not be written as JSON", e);
        }
    }

    /**
     * Every entry the filters match, newest first; more than the download limit is refused (narrower filters, such as
     * a shorter time range, fit), so that a download never holds part of what was asked for without saying so.
     */
    private List<AuditEntry> export(Filters filters) {
        var chain = chain();
        return collect(maxRows(), (cursor, limit) -> trail.list(chain, query(filters, cursor, limit)));
    }

    /** Reads pages (a cursor and a size to a page) until the end, or refuses once more than {@code max} came. */
    static List<AuditEntry> collect(int max, BiFunction<Long, Integer, AuditTrail.Page> pages) {
        var entries = new ArrayList<AuditEntry>();
        Long cursor = null;
        do {
            var page = pages.apply(cursor, Math.min(AuditTrail.MAX_PAGE, max + 1 - entries.size()));
            entries.addAll(page.entries());
            cursor = page.next();
        } while (cursor != null && entries.size() <= max);
        if (entries.size() > max) {
            throw ApiException.invalid(
                    "to",
                    "more than %d entries match: narrow the filters (a shorter time range) and download again"
                            .formatted(max));
        }
        return entries;
    }

    private Response download(String body, String type, String extension) {
        var name = "audit-%s-%s.%s".formatted(platform() ? "platform" : chain(), LocalDate.now(clock), extension);
        return Response.ok(body, type)
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"%s\"".formatted(name))
                .header("X-Content-Type-Options", "nosniff")
                .build();
    }

    private TemplateInstance render(TrailView view, AuditTrail.Verification verification) {
        var chrome = platform() ? session.platformChrome("audit") : session.chrome("audit");
        return session.render(Templates.audit(chrome, view, verification));
    }

    private int maxRows() {
        return config.auditExportMaxRows();
    }

    /** The platform admin reads the platform's chain; a CIRT's lead or admin their CIRT's. */
    private boolean platform() {
        return session.hasRole("platform-admin");
    }

    private String chain() {
        return platform() ? null : session.tenantId();
    }

    private static AuditTrail.Query query(Filters filters, Long cursor, int limit) {
        return new AuditTrail.Query(
                filters.actor(),
                filters.action(),
                filters.objectType(),
                filters.objectId(),
                instant("from", filters.from()),
                instant("to", filters.to()),
                cursor,
                limit);
    }

    private static Filters filters(
            String actor, String action, String objectType, String objectId, String from, String to) {
        var filters = new Filters(
                filter("actor", actor),
                filter("action", action),
                filter("objectType", objectType),
                filter("objectId", objectId),
                filter("from", from),
                filter("to", to));
        instant("from", filters.from());
        instant("to", filters.to());
        return filters;
    }

    private static String filter(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        if (value.length() > MAX_FILTER) {
            throw ApiException.invalid(name, "must be at most %d characters".formatted(MAX_FILTER));
        }
        return value.strip();
    }

    /** An ISO-8601 instant, or a date and time without zone (a browser's date and time field) read as UTC. */
    static Instant instant(String name, String value) {
        if (value == null) {
            return null;
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException notAnInstant) {
            try {
                return LocalDateTime.parse(value).toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException e) {
                throw ApiException.invalid(name, "must be a date and time such as 2026-01-31T00:00 (UTC)");
            }
        }
    }
}
