package org.opencirt.security;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.opencirt.security.MatrixFixtures.Targets;

/**
 * The tables that drive the endpoint matrix (ADR 11). Adding an endpoint to the API adds it to the
 * matrix by itself; the matrix then fails until each of its path parameters has a rule here.
 * Every entry is one line:
 * <ul>
 * <li>{@link #PARAMETERS}: which of B's objects fills a path parameter, by name, for the operations
 * whose path starts with a prefix (the longest prefix wins);</li>
 * <li>{@link #REQUESTS}: the body, query and headers of one operation, when {@code {}} or nothing
 * is not what it takes to get past validation to the tenant check;</li>
 * <li>{@link #PUBLIC}: operations anyone may call without a token, and why;</li>
 * <li>{@link #LEGITIMATE}: an operation that a caller of no CIRT may use on B's object, and why;</li>
 * <li>{@link #CREATED_UNREADABLE}: a caller that creates something it may not read back, and why;</li>
 * <li>{@link #KNOWN}: a case that fails today and is fixed elsewhere (reported as skipped while it
 * fails, and as a failure once it passes, so that the entry is removed).</li>
 * </ul>
 */
final class MatrixRules {

    /**
     * A path parameter's value for the operations whose path starts with {@code scope}.
     *
     * @param ofB whether the value names B's object or B itself: a caller of A must then be refused
     *            (401, 403 or 404), unless the operation is public or the case {@linkplain #LEGITIMATE legitimate}
     */
    record ParamRule(String scope, String name, Function<Targets, String> value, boolean ofB) {}

    static final List<ParamRule> PARAMETERS = List.of(
            object("/api/v1/incidents/", "id", Targets::incident),
            object("/api/v1/incidents/", "taskId", Targets::task),
            object("/api/v1/incidents/", "attachmentId", Targets::attachment),
            object("/api/v1/incidents/", "commentId", Targets::comment),
            object("/api/v1/incidents/", "linkId", Targets::link),
            object("/api/v1/incidents/by-reference/", "reference", Targets::reference),
            object("/api/v1/reports/", "reference", Targets::reference),
            object("/api/v1/advisories/", "id", Targets::draftAdvisory),
            object("/api/v1/advisories/{id}/versions", "id", Targets::publishedAdvisory),
            value("/api/v1/advisories/", "number", t -> "1"),
            object("/api/v1/feeds/", "id", Targets::feed),
            object("/api/v1/feeds/", "runId", Targets::run),
            object("/api/v1/playbooks/", "id", Targets::playbook),
            object("/api/v1/constituency/", "id", Targets::constituencyEntry),
            object("/api/v1/constituents/", "id", Targets::constituent),
            object("/api/v1/constituents/", "contactId", Targets::contact),
            // a key's fingerprint is public (the CSAF directory publishes the key), but not its record
            object("/api/v1/signing-keys/", "fingerprint", Targets::keyFingerprint),
            // secret names are per CIRT: A may name its own secret like B's; B's must stay untouched (snapshot)
            value("/api/v1/secrets/", "name", Targets::secret),
            object("/api/v1/tenants/", "id", Targets::tenant),
            object("/api/v1/partners/", "id", Targets::partner),
            object("/api/v1/sharing-groups/", "id", Targets::sharingGroup),
            object("/api/v1/grants/", "id", Targets::grant),
            // defaults are per CIRT and label: A may set its own AMBER default like B's; B's must stay untouched
            value("/api/v1/sharing-defaults/", "tlp", t -> MatrixFixtures.SHARING_DEFAULT),
            object("/api/v1/referrals/", "id", Targets::referral),
            // the indicator B's feed wrote under TLP:AMBER (MatrixFixtures.feedDefinition)
            object(
                    "/api/v1/indicators/",
                    "id",
                    t -> org.opencirt.indicator.model.IndicatorIds.idOf("domain", t.marker() + "-feed.example.org")),
            // B's incident is shared with a remote partner only: no caller of another CIRT may read it
            object("/api/v1/shared/incidents/", "id", Targets::incident),
            // B's draft advisory is shared with no one: no caller of another CIRT may read it as shared
            object("/api/v1/shared/advisories/", "id", Targets::draftAdvisory),
            value("/api/v1/admin/search/reindex/", "projection", t -> "incidents"),
            // a collection of B's TAXII root: B shares only with a remote partner, so A's callers meet 404
            object(
                    "/taxii2/",
                    "id",
                    t -> org.opencirt.exchange.taxii.TaxiiCollections.id(t.tenant(), "incidents")
                            .toString()),
            // a status under B's root: only B's admins and its pushers may read one, so A's callers meet 404 whatever
            // the id (StixImportTest holds a real status of another CIRT's push)
            value(
                    "/taxii2/{cirt}/status/",
                    "statusId",
                    t -> java.util.UUID.randomUUID().toString()),
            // imports are read only by their receiving CIRT (StixImportTest reads another CIRT's real import)
            value(
                    "/api/v1/stix/imports/",
                    "id",
                    t -> java.util.UUID.randomUUID().toString()),
            // uploads of an archive in parts are the platform admin's, no CIRT's: a caller of a CIRT meets 403
            value(
                    "/api/v1/archive/uploads/",
                    "id",
                    t -> java.util.UUID.randomUUID().toString()),
            value("/api/v1/archive/uploads/", "number", t -> "1"),
            // vendor advisories are read only by the CIRT whose feed kept them (CsafProviderFeedTest reads another
            // CIRT's real one)
            value(
                    "/api/v1/vendor-advisories/",
                    "id",
                    t -> java.util.UUID.randomUUID().toString()),
            object("/api/v1/vendor-advisories/{id}/incidents/", "incidentId", Targets::incident),
            // notification runs are read only by their CIRT (NotificationRunTest reads another CIRT's real one)
            value(
                    "/api/v1/notification-runs/",
                    "id",
                    t -> java.util.UUID.randomUUID().toString()),
            // B's incident in B's root (A's callers meet 404 on the root before any object)
            object("/taxii2/{cirt}/collections/{id}/objects/", "objectId", t -> "incident--" + t.incident()),
            object("", "cirt", Targets::tenant),
            value("", "tlp", Targets::publishedTlp),
            value("", "year", Targets::publishedYear),
            object("/.well-known/csaf/{cirt}/openpgp/", "file", t -> t.keyFingerprint() + ".asc"),
            value("/.well-known/csaf/{cirt}/", "folder", Targets::publishedTlp),
            object("/.well-known/csaf/{cirt}/{tlp}/", "file", t -> "index.txt"),
            object("/.well-known/csaf/{cirt}/{tlp}/{year}/", "file", Targets::publishedFile),
            object(
                    "/advisories/{cirt}/{tlp}/{year}/",
                    "file",
                    t -> t.publishedFile().replace(".json", ".html")));

    /** The request of one operation: content type and body, query string, headers (each may be absent). */
    record RequestRule(
            String contentType,
            Function<Targets, byte[]> body,
            Function<Targets, String> query,
            Map<String, String> headers) {

        RequestRule query(Function<Targets, String> value) {
            return new RequestRule(contentType, body, value, headers);
        }

        RequestRule header(String name, String value) {
            return new RequestRule(contentType, body, query, Map.of(name, value));
        }
    }

    private static final String PROBE_PLAYBOOK = MatrixFixtures.playbookYaml("matrix-probe", "probe", 1);

    static final Map<String, RequestRule> REQUESTS = Map.ofEntries(
            Map.entry("GET /api/v1/incidents", none().query(t -> "q=" + t.marker())),
            // a value only B's own feed lists (TLP:AMBER, so B's alone): A must not get it back
            Map.entry("GET /api/v1/indicators/lookup", none().query(t -> "value=" + t.marker() + "-feed.example.org")),
            Map.entry("POST /api/v1/incidents", json(t -> "{\"title\": \"Matrix probe\"}")),
            // a bundle of B's incident: A's callers meet 404, as for any incident not theirs nor shared with them
            Map.entry("GET /api/v1/stix/bundle", none().query(t -> "incident=" + t.incident())),
            Map.entry("PUT /api/v1/secrets/{name}", json(t -> "{\"value\": \"matrix-probe\"}")),
            // community is more than AMBER allows: A's admin gets 400 for its own label, and B's default stays
            Map.entry("PUT /api/v1/sharing-defaults/{tlp}", json(t -> "{\"audience\": \"community\"}")),
            // a valid entry, so that the 201 of A's own constituency is checked too (Location)
            Map.entry(
                    "POST /api/v1/constituency",
                    json(t -> "{\"entries\": [{\"kind\": \"domain\", \"value\": \"matrix-probe.cd.example\"}]}")),
            // valid bodies, so that A's own answers are checked too; the lookup asks for B's constituent's domain
            Map.entry("POST /api/v1/constituents", json(t -> "{\"name\": \"Matrix probe " + t.marker() + "\"}")),
            Map.entry("PUT /api/v1/constituents/{id}", json(t -> "{\"name\": \"Matrix renamed " + t.marker() + "\"}")),
            Map.entry("POST /api/v1/constituents/{id}/contacts", json(t -> "{\"email\": \"probe@matrix.example\"}")),
            Map.entry(
                    "PUT /api/v1/constituents/{id}/contacts/{contactId}",
                    json(t -> "{\"email\": \"probe-put@matrix.example\"}")),
            Map.entry("GET /api/v1/constituents", none().query(t -> "q=" + t.marker())),
            // a network no test looks up (their random prefixes have a third group of 0x1000 or more)
            Map.entry(
                    "POST /api/v1/constituents/imports",
                    bytes("text/plain", t -> "inet6num: 2001:db8:0:f00::/56\nnetname: MATRIX-PROBE\nsource: TEST\n")
                            .query(t -> "format=rpsl")),
            Map.entry("GET /api/v1/notifications", none().query(t -> "constituent=" + t.constituent())),
            Map.entry("GET /api/v1/constituents/lookup", none().query(t -> "domain=" + t.marker() + ".agency.example")),
            Map.entry("PUT /api/v1/advisory-settings", json(t -> "{\"singlePersonPublishing\": false}")),
            Map.entry(
                    "PATCH /api/v1/incidents/{id}",
                    json(t -> "{\"severity\": \"low\"}").header("If-Match", "\"1\"")),
            Map.entry("POST /api/v1/incidents/{id}/transitions", json(t -> "{\"to\": \"rejected\"}")),
            Map.entry(
                    "POST /api/v1/incidents/{id}/observables",
                    json(t -> "{\"observables\": [{\"value\": \"198.51.100.7\"}]}")),
            Map.entry("POST /api/v1/incidents/{id}/tasks", json(t -> "{\"title\": \"probe\"}")),
            Map.entry("PATCH /api/v1/incidents/{id}/tasks/{taskId}", json(t -> "{\"state\": \"done\"}")),
            Map.entry("POST /api/v1/incidents/{id}/comments", json(t -> "{\"body\": \"probe\"}")),
            Map.entry(
                    "POST /api/v1/incidents/{id}/attachments",
                    bytes("application/octet-stream", t -> "probe").query(t -> "filename=probe.bin")),
            Map.entry(
                    "POST /api/v1/incidents/{id}/links",
                    json(t -> "{\"kind\": \"related\", \"target\": \"%s\"}".formatted(t.linkedIncident()))),
            Map.entry("POST /api/v1/intake/email", bytes("message/rfc822", t -> """
                    From: someone@example.org\r
                    To: cert@example.org\r
                    Subject: Re: [%s] more details\r
                    \r
                    Please add this.\r
                    """.formatted(t.reference()))),
            Map.entry("PUT /api/v1/advisories/{id}", json(Targets::draftDocument)),
            Map.entry("PUT /api/v1/advisories/{id}/form", json(t -> MatrixFixtures.advisoryForm("Replaced", "RED"))),
            // a new feed or playbook named like one of B's: the answer must not tell that B has one
            Map.entry(
                    "POST /api/v1/feeds",
                    bytes(
                            "application/yaml",
                            t -> MatrixFixtures.feedDefinition(t.feed(), "probe", "http://127.0.0.1:9/x"))),
            Map.entry(
                    "PUT /api/v1/feeds/{id}",
                    bytes(
                            "application/yaml",
                            t -> MatrixFixtures.feedDefinition(t.feed(), "probe", "http://127.0.0.1:9/x"))),
            Map.entry(
                    "POST /api/v1/playbooks",
                    bytes("application/yaml", t -> MatrixFixtures.playbookYaml(t.playbook(), "probe", 1))),
            Map.entry(
                    "PUT /api/v1/playbooks/{id}",
                    bytes("application/yaml", t -> MatrixFixtures.playbookYaml(t.playbook(), "probe", 2))),
            Map.entry("PATCH /api/v1/playbooks/{id}", json(t -> "{\"enabled\": false}")),
            Map.entry(
                    "POST /api/v1/playbooks/dry-run",
                    json(t -> "{\"playbook\": %s, \"incidentId\": \"%s\"}"
                            .formatted(quoted(PROBE_PLAYBOOK), t.incident()))),
            Map.entry(
                    "POST /api/v1/playbooks/backtest",
                    json(t -> "{\"playbook\": %s, \"days\": 1}".formatted(quoted(PROBE_PLAYBOOK)))),
            Map.entry("GET /api/v1/reports/{reference}/status", none().header("X-Report-Token", "not-the-token")),
            // B's objects named in a query or a body: A must meet 404 or 400, never B's object
            Map.entry("GET /api/v1/grants", none().query(t -> "objectType=incident&objectId=" + t.incident())),
            Map.entry("POST /api/v1/grants", json(t -> MatrixFixtures.grantOf(t.incident(), t.sharingGroup()))),
            Map.entry(
                    "POST /api/v1/partners",
                    json(t -> "{\"kind\": \"remote\", \"name\": \"Matrix probe %s\"}"
                            .formatted(java.util.UUID.randomUUID()))),
            Map.entry(
                    "POST /api/v1/sharing-groups",
                    json(t -> "{\"name\": \"Matrix probe\", \"members\": [\"%s\"]}".formatted(t.partner()))),
            Map.entry("PUT /api/v1/sharing-groups/{id}/members", json(t -> "{\"members\": []}")),
            Map.entry("PUT /api/v1/partners/{id}/default-tlp", json(t -> "{\"defaultTlp\": \"GREEN\"}")),
            Map.entry("PUT /api/v1/partners/{id}/quota", json(t -> "{\"objectsPerDay\": 7}")),
            // an empty envelope into B's inbox: A's callers are no partners of B, so they meet 404 before the body
            Map.entry(
                    "POST /taxii2/{cirt}/collections/{id}/objects",
                    bytes("application/taxii+json;version=2.1", t -> "{\"objects\": []}")),
            Map.entry(
                    "POST /api/v1/stix/bundles",
                    json(t -> "{\"type\": \"bundle\", \"id\": \"bundle--%s\", \"objects\": []}"
                            .formatted(java.util.UUID.randomUUID()))),
            Map.entry("GET /api/v1/referrals", none().query(t -> "direction=outgoing")),
            // a full page of the caller's own trail: an entry of B's would carry B's ids (docs/audit.md)
            Map.entry("GET /api/v1/audit", none().query(t -> "limit=500")),
            // a full page of the caller's own signed heads: a head of B's would name B (docs/audit.md); the export
            // (GET /api/v1/audit/export) is a zip whose compressed entries this scan cannot read: AuditHeadsTest
            // unzips A's archive and finds only A's chain
            Map.entry("GET /api/v1/audit/heads", none().query(t -> "limit=500")),
            // valid rules: A's callers change A's own (the default values), never B's
            Map.entry(
                    "PUT /api/v1/retention",
                    json(t -> "{\"closedIncidentMonths\": 36, \"reporterDataMonths\": 12, \"auditMonths\": 72}")),
            // B's reporter: A's lead must find nothing of theirs and change nothing of B's
            Map.entry(
                    "POST /api/v1/personal-data/export",
                    json(t -> "{\"email\": \"%s@reporter.example.org\"}".formatted(t.marker()))),
            Map.entry(
                    "POST /api/v1/personal-data/erasure",
                    json(t -> "{\"email\": \"%s@reporter.example.org\"}".formatted(t.marker()))),
            // the platform admin's: a caller of a CIRT meets 403 before the body; the platform admin (the audit test's
            // caller) meets 422 and 404, for no archive and no such CIRT, never an offboarding of B
            Map.entry("POST /api/v1/archive/import", bytes("application/zip", t -> "not a zip")),
            Map.entry("POST /api/v1/archive/offboarding", json(t -> "{\"cirt\": \"matrix-no-such-cirt\"}")),
            Map.entry(
                    "PUT /api/v1/archive/uploads/{id}/parts/{number}",
                    bytes("application/octet-stream", t -> "a part")),
            Map.entry("GET /api/v1/referrals/suggestions", none().query(t -> "incident=" + t.incident())),
            Map.entry(
                    "POST /api/v1/referrals",
                    json(t -> "{\"incident\": \"%s\", \"cirt\": \"cert-cd\"}".formatted(t.incident()))));

    /** Operations that answer without a token, and why. Anything else must answer 401 to an anonymous caller. */
    static final Map<String, String> PUBLIC = Map.ofEntries(
            Map.entry(
                    "GET /.well-known/csaf/{cirt}/provider-metadata.json",
                    "CSAF 2.0: a trusted provider's metadata is public"),
            Map.entry(
                    "GET /.well-known/csaf/{cirt}/csaf-service.json",
                    "CSAF requirement 16: the ROLIE service document names the feeds, each keeps its own access"),
            Map.entry(
                    "GET /.well-known/csaf/{cirt}",
                    "CSAF requirement 14: the directory's listing shows only the folders the caller may read"),
            Map.entry(
                    "GET /.well-known/csaf/{cirt}/{folder}",
                    "CSAF requirement 14: listings of TLP:WHITE folders and of the public keys are public, the others"
                            + " need a token (ADR 4)"),
            Map.entry(
                    "GET /.well-known/security.txt",
                    "RFC 9116 and CSAF requirement 8: the CIRTs' contacts and provider metadata are public"),
            Map.entry(
                    "GET /.well-known/csaf/{cirt}/openpgp/{file}", "the public keys that verify the CIRT's advisories"),
            Map.entry(
                    "GET /.well-known/csaf/{cirt}/{tlp}/{file}",
                    "CSAF directory: TLP:WHITE folders are public, the others need a token (ADR 4)"),
            Map.entry(
                    "GET /.well-known/csaf/{cirt}/{tlp}/{year}/{file}",
                    "CSAF directory: TLP:WHITE documents are public, the others need a token (ADR 4)"),
            Map.entry(
                    "GET /advisories/{cirt}/{tlp}/{year}/{file}",
                    "a published advisory's HTML page, under the directory's rules"),
            Map.entry(
                    "POST /api/v1/advisories/verify",
                    "anyone may check a signature against the platform's public keys"),
            Map.entry("POST /api/v1/reports", "the public report form: reporting an incident needs no account"),
            Map.entry(
                    "GET /api/v1/reports/{reference}/status",
                    "a public reporter reads their report's state with its secret status token"));

    /** {@code "OPERATION by CALLER"}: a caller that may use the operation on B's object, and why. */
    static final Map<String, String> LEGITIMATE = Map.of(
            "GET /api/v1/tenants/{id} by platform-admin",
                    "the platform admin onboards and looks after CIRTs; the record holds no incident content",
            "PATCH /api/v1/tenants/{id} by platform-admin",
                    "the platform admin onboards and looks after CIRTs (the matrix sends an empty change)");

    /**
     * {@code "OPERATION by CALLER"}: a 201 whose {@code Location} the caller may not read (it must then answer 403:
     * a real resource of the caller's CIRT, not a wrong or foreign one), and why. Every other 201 must carry a
     * {@code Location} that the same caller reads with 200.
     */
    static final Map<String, String> CREATED_UNREADABLE = Map.of(
            "POST /api/v1/incidents by cert-cd-partner",
                    "a partner reports incidents into the queue and reads none back",
            "POST /api/v1/incidents by third-cirt-partner",
                    "a partner reports incidents into the queue and reads none back",
            "POST /api/v1/intake/email by cd-reporter",
                    "the mail gateway creates incidents and reads none back (it is told the reference only)");

    /**
     * Operations that run after all others: they may leave A an object named like one of B's (which is
     * right when ids are per CIRT), and the cases on B's objects must not meet it; or they remove an object
     * whose parts the others change (a constituent with its contacts).
     */
    static final Set<String> LAST = Set.of(
            "DELETE /api/v1/constituents/{id}",
            "POST /api/v1/feeds",
            "POST /api/v1/playbooks",
            "PUT /api/v1/secrets/{name}",
            "PUT /api/v1/sharing-defaults/{tlp}");

    /** {@code "OPERATION by CALLER"}: a case that fails today, and where it is fixed. */
    static final Map<String, String> KNOWN = Map.of();

    /** B's reads (by path prefix) that a {@linkplain #KNOWN known} case changes: left out of the after-matrix comparison. */
    static final Map<String, String> KNOWN_CHANGES = Map.of();

    private MatrixRules() {}

    /** The rule for a path parameter of an operation: the one of that name with the longest matching prefix. */
    static Optional<ParamRule> parameter(String path, String name) {
        return PARAMETERS.stream()
                .filter(r -> r.name().equals(name) && path.startsWith(r.scope()))
                .max(Comparator.comparingInt(r -> r.scope().length()));
    }

    private static ParamRule object(String scope, String name, Function<Targets, String> value) {
        return new ParamRule(scope, name, value, true);
    }

    private static ParamRule value(String scope, String name, Function<Targets, String> value) {
        return new ParamRule(scope, name, value, false);
    }

    private static RequestRule none() {
        return new RequestRule(null, null, null, Map.of());
    }

    private static RequestRule json(Function<Targets, String> body) {
        return bytes("application/json", body);
    }

    private static RequestRule bytes(String contentType, Function<Targets, String> body) {
        return new RequestRule(contentType, t -> body.apply(t).getBytes(StandardCharsets.UTF_8), null, Map.of());
    }

    private static String quoted(String text) {
        try {
            return new ObjectMapper().writeValueAsString(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
