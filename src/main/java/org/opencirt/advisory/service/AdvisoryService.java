package org.opencirt.advisory.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.jboss.logging.Logger;
import org.opencirt.advisory.csaf.CsafFileName;
import org.opencirt.advisory.csaf.CsafValidator;
import org.opencirt.advisory.repository.Advisory;
import org.opencirt.advisory.repository.Advisory.State;
import org.opencirt.advisory.repository.AdvisoryRepository;
import org.opencirt.advisory.repository.AdvisoryVersion;
import org.opencirt.advisory.repository.AdvisoryVersionRepository;
import org.opencirt.common.crypto.Digests;
import org.opencirt.common.problem.ApiException;
import org.opencirt.common.problem.Problem.Violation;
import org.opencirt.common.problem.ProblemType;
import org.opencirt.search.Outbox;
import org.opencirt.search.Projection;
import org.opencirt.tenant.TenantService;

/**
 * Advisories of a CIRT: drafts (CSAF JSON or the form), review, publication (serialise once, sign
 * those bytes, store them immutably with their digests), versions. Every method works within the
 * given CIRT only: another CIRT's advisory is "not found". Every change also records, in its
 * transaction, that the advisory's search document must follow ({@link AdvisoryDocuments}).
 */
@ApplicationScoped
public class AdvisoryService {

    private static final Logger LOG = Logger.getLogger(AdvisoryService.class);
    private static final Set<String> CATEGORIES = Set.of("csaf_security_advisory", "csaf_base");
    private static final Set<String> TLP_LABELS = Set.of("WHITE", "GREEN", "AMBER", "RED");

    private final AdvisoryRepository advisories;
    private final AdvisoryVersionRepository versions;
    private final SigningKeyService keys;
    private final TenantService tenants;
    private final AdvisoryConfig config;
    private final AdvisorySettingsService settings;
    private final Outbox outbox;
    private final Clock clock;
    private final AdvisoryMetrics metrics;
    private final CsafValidator validator = new CsafValidator();

    AdvisoryService(
            AdvisoryRepository advisories,
            AdvisoryVersionRepository versions,
            SigningKeyService keys,
            TenantService tenants,
            AdvisoryConfig config,
            AdvisorySettingsService settings,
            Outbox outbox,
            Clock clock,
            AdvisoryMetrics metrics) {
        this.advisories = advisories;
        this.versions = versions;
        this.keys = keys;
        this.tenants = tenants;
        this.config = config;
        this.settings = settings;
        this.outbox = outbox;
        this.clock = clock;
        this.metrics = metrics;
    }

    /** An advisory as the API shows it: the working document and where the workflow stands. */
    public record AdvisoryView(
            UUID id,
            String trackingId,
            String state,
            String title,
            String tlp,
            int publishedVersion,
            String fileName,
            String publishedPath,
            String createdBy,
            String updatedBy,
            String submittedBy,
            List<String> draftEditors,
            Instant createdAt,
            Instant updatedAt,
            long version,
            JsonNode document) {}

    /**
     * A published version.
     *
     * @param fourEyesWaived true when one of the version's own authors published it, under the CIRT's single-person publishing
     */
    public record VersionView(
            int number,
            String trackingId,
            String tlp,
            String path,
            String sha256,
            String sha512,
            String keyFingerprint,
            Instant initialReleaseDate,
            Instant currentReleaseDate,
            String submittedBy,
            String publishedBy,
            boolean fourEyesWaived) {

        static VersionView of(AdvisoryVersion v) {
            return new VersionView(
                    v.number,
                    v.trackingId,
                    v.tlp,
                    v.path,
                    v.sha256,
                    v.sha512,
                    v.keyFingerprint,
                    v.initialReleaseDate,
                    v.currentReleaseDate,
                    v.submittedBy,
                    v.publishedBy,
                    v.fourEyesWaived);
        }
    }

    /** A published version's files: the signed bytes, the armored signature, the digests. */
    public record PublishedFile(String fileName, byte[] document, String signature, String sha256, String sha512) {

        static PublishedFile of(AdvisoryVersion v) {
            return new PublishedFile(
                    v.path.substring(v.path.lastIndexOf('/') + 1), v.document, v.signature, v.sha256, v.sha512);
        }

        /** The content of {@code <file>.sha256} or {@code .sha512}: the hex digest and the file name. */
        public String digestFile(String algorithm) {
            return (algorithm.equals("sha512") ? sha512 : sha256) + "  " + fileName + "\n";
        }
    }

    /** A short line per advisory, for lists. */
    public record AdvisorySummary(
            UUID id,
            String trackingId,
            String state,
            String title,
            String tlp,
            int publishedVersion,
            Instant updatedAt) {}

    static AdvisorySummary summary(Advisory a) {
        return new AdvisorySummary(a.id, a.trackingId, a.state.wire(), a.title, a.tlp, a.publishedVersion, a.updatedAt);
    }

    /** Creates a draft from a CSAF document (the request body, as sent). */
    @Transactional
    public AdvisoryView create(String tenant, String actor, byte[] body) {
        return createDraft(tenant, actor, parseBody(body));
    }

    /** Creates a draft from the form model. */
    @Transactional
    public AdvisoryView createFromForm(String tenant, String actor, @NotNull @Valid AdvisoryForm form) {
        return createDraft(tenant, actor, built(form));
    }

    /** Replaces the draft with a CSAF document; a published advisory gets a new draft version. */
    @Transactional
    public AdvisoryView update(String tenant, UUID id, Long ifMatch, String actor, byte[] body) {
        return updateDraft(tenant, id, ifMatch, actor, parseBody(body));
    }

    @Transactional
    public AdvisoryView updateFromForm(
            String tenant, UUID id, Long ifMatch, String actor, @NotNull @Valid AdvisoryForm form) {
        return updateDraft(tenant, id, ifMatch, actor, built(form));
    }

    /**
     * The advisory's working document as the simple form, when the form holds all of it (building the form again
     * gives the same document); empty when it holds more (several notes, scores, other CSAF fields...), which is
     * then to be edited as CSAF JSON. The advisory is one the caller has read ({@link #get}).
     */
    public Optional<AdvisoryForm> asForm(AdvisoryView advisory) {
        return CsafDocuments.toForm(advisory.document(), validator);
    }

    public AdvisoryView get(String tenant, UUID id) {
        return view(find(tenant, id));
    }

    public List<AdvisorySummary> list(String tenant, Integer limit) {
        var size = limit == null ? 100 : Math.max(1, Math.min(limit, 1000));
        return advisories.list(tenant, size).stream()
                .map(AdvisoryService::summary)
                .toList();
    }

    /** Sends a draft to review by a lead. */
    @Transactional
    public AdvisoryView submit(String tenant, UUID id, String actor) {
        var advisory =
                findInState(tenant, id, State.DRAFT, "Only a draft can be submitted for review; this advisory is ");
        advisory.submittedBy = actor;
        return moveTo(advisory, State.IN_REVIEW, actor);
    }

    /** A lead sends an advisory in review back to draft. */
    @Transactional
    public AdvisoryView reject(String tenant, UUID id, String actor) {
        var advisory =
                findInState(tenant, id, State.IN_REVIEW, "Only an advisory in review can be sent back; this one is ");
        return moveTo(advisory, State.DRAFT, actor);
    }

    /** The advisory, locked, when it is in a state; otherwise a 409 that says which state it is in. */
    private Advisory findInState(String tenant, UUID id, State state, String refusal) {
        var advisory = findForUpdate(tenant, id);
        if (advisory.state != state) {
            throw ApiException.conflict(refusal + advisory.state.wire());
        }
        return advisory;
    }

    private AdvisoryView moveTo(Advisory advisory, State to, String actor) {
        advisory.state = to;
        touch(advisory, actor);
        advisories.flush();
        return view(advisory);
    }

    /**
     * A lead publishes an advisory in review: fixes the version and dates, serialises the document
     * once, signs exactly those bytes with the CIRT's active key, stores bytes, signature and digests
     * as an immutable version. The directory serves them from then on.
     *
     * <p>Four eyes: the publisher is none of the version's authors (whoever changed its content since
     * the last publication, the creator for the first one) nor whoever submitted it for review, unless
     * the CIRT allows single-person publishing; the version then records that four eyes were waived.
     *
     * @throws ApiException 403 when the caller is an author of the version and the CIRT requires four eyes
     */
    @Transactional
    public VersionView publish(String tenant, UUID id, String actor) {
        var advisory = findForUpdate(tenant, id);
        if (advisory.state != State.IN_REVIEW) {
            throw ApiException.conflict("Only an advisory in review can be published; this one is "
                    + advisory.state.wire() + (advisory.state == State.DRAFT ? " (submit it for review first)" : ""));
        }
        var ownVersion = advisory.draftEditors.contains(actor) || actor.equals(advisory.submittedBy);
        if (ownVersion && !settings.singlePersonPublishing(tenant)) {
            throw new ApiException(
                    ProblemType.FORBIDDEN,
                    "Four eyes: you wrote, edited or submitted this version, so another lead "
                            + "must publish it (a CIRT admin can allow single-person publishing in the advisory settings)");
        }
        var now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        var number = advisory.publishedVersion + 1;
        var doc = CsafDocuments.parse(advisory.document);
        var initial = advisory.initialReleaseDate == null ? now : advisory.initialReleaseDate;
        var summary = CsafDocuments.requestedSummary(doc, number);
        CsafDocuments.stamp(
                doc,
                stamp(
                        tenant,
                        advisory.trackingId,
                        "final",
                        number,
                        initial,
                        now,
                        history(tenant, advisory),
                        summary != null ? summary : defaultSummary(number)));
        var problems = validator.validate(doc);
        if (!problems.isEmpty()) {
            throw new ApiException(
                    ProblemType.UNPROCESSABLE, "The document is not valid CSAF 2.0 as it would be published", problems);
        }
        var bytes = CsafDocuments.serialise(doc);
        var signed = keys.sign(tenant, bytes, now);
        var version = new AdvisoryVersion();
        version.id = UUID.randomUUID();
        version.advisoryId = advisory.id;
        version.tenant = tenant;
        version.number = number;
        version.trackingId = advisory.trackingId;
        version.title = advisory.title;
        version.tlp = advisory.tlp;
        version.path = advisory.tlp.toLowerCase(Locale.ROOT) + "/"
                + initial.atZone(ZoneOffset.UTC).getYear() + "/" + CsafFileName.of(advisory.trackingId);
        version.document = bytes;
        version.signature = signed.armored();
        version.sha256 = Digests.sha256Hex(bytes);
        version.sha512 = Digests.sha512Hex(bytes);
        version.keyFingerprint = signed.fingerprint();
        version.initialReleaseDate = initial;
        version.currentReleaseDate = now;
        version.submittedBy = advisory.submittedBy;
        version.publishedBy = actor;
        version.fourEyesWaived = ownVersion;
        versions.persist(version);
        advisory.state = State.PUBLISHED;
        advisory.publishedVersion = number;
        advisory.initialReleaseDate = initial;
        advisory.document = CsafDocuments.compact(doc);
        advisory.draftEditors = List.of();
        touch(advisory, actor);
        metrics.published(tenant);
        LOG.debugf("published %s version %d of %s as %s", advisory.trackingId, number, tenant, version.path);
        return VersionView.of(version);
    }

    public List<VersionView> versions(String tenant, UUID id) {
        find(tenant, id);
        return versions.versions(tenant, id).stream().map(VersionView::of).toList();
    }

    /** A published version's exact bytes and companions (the CIRT's own users, any TLP). */
    public PublishedFile version(String tenant, UUID id, int number) {
        return versions.version(tenant, id, number)
                .map(PublishedFile::of)
                .orElseThrow(() -> ApiException.notFound("Version %d of advisory %s".formatted(number, id)));
    }

    /** Validates a CSAF document without storing anything: the findings by group, each with its test and pointer. */
    public CsafValidator.Result check(byte[] body) {
        return validator.check(parseBody(body));
    }

    private AdvisoryView createDraft(String tenant, String actor, ObjectNode doc) {
        var now = clock.instant();
        var advisory = new Advisory();
        advisory.id = UUID.randomUUID();
        advisory.tenant = tenant;
        advisory.createdBy = actor;
        advisory.createdAt = now;
        advisory.state = State.DRAFT;
        advisory.publishedVersion = 0;
        advisories.lockTenant(tenant);
        advisory.trackingId = requestedTrackingId(doc);
        if (advisory.trackingId == null) {
            advisory.trackingId = nextTrackingId(tenant, now);
        }
        prepare(advisory, doc, actor, now);
        advisories.persist(advisory);
        advisories.flush();
        return view(advisory);
    }

    private AdvisoryView updateDraft(String tenant, UUID id, Long ifMatch, String actor, ObjectNode doc) {
        var advisory = findForUpdate(tenant, id);
        if (ifMatch != null && ifMatch != advisory.version) {
            throw new ApiException(
                    ProblemType.PRECONDITION_FAILED,
                    "The advisory changed since you read it (version %d, you sent %d)"
                            .formatted(advisory.version, ifMatch));
        }
        if (advisory.state == State.IN_REVIEW) {
            throw ApiException.conflict(
                    "The advisory is in review: a lead must send it back (POST .../rejection) before it changes");
        }
        var requested = requestedTrackingId(doc);
        if (requested != null && !requested.equals(advisory.trackingId)) {
            if (advisory.publishedVersion > 0) {
                throw ApiException.invalid(
                        "/document/tracking/id",
                        "cannot change after publication (it is '%s')".formatted(advisory.trackingId));
            }
            advisories.lockTenant(tenant);
            advisory.trackingId = requested;
        }
        advisory.state = State.DRAFT;
        advisory.submittedBy = null;
        prepare(advisory, doc, actor, clock.instant());
        advisories.flush();
        return view(advisory);
    }

    /** Checks the draft, stamps what the platform owns, validates the whole, and stores it in the advisory. */
    private void prepare(Advisory advisory, ObjectNode doc, String actor, Instant now) {
        var problems = new ArrayList<Violation>();
        var document = doc.get("document");
        var category = document.path("category").asText();
        if (!CATEGORIES.contains(category)) {
            problems.add(new Violation(
                    "/document/category",
                    "must be csaf_security_advisory or csaf_base (what this platform publishes)"));
        }
        var tlp = document.path("distribution").path("tlp").path("label").asText();
        if (!TLP_LABELS.contains(tlp)) {
            problems.add(new Violation(
                    "/document/distribution/tlp/label",
                    "is required: WHITE, GREEN, AMBER or RED (it decides who may fetch the advisory)"));
        }
        var products = CsafValidator.productIds(doc).size();
        if (products > config.maxProducts()) {
            problems.add(new Violation(
                    "/product_tree",
                    "defines %d product ids; at most %d are accepted".formatted(products, config.maxProducts())));
        }
        var vulnerabilities = doc.path("vulnerabilities").size();
        if (vulnerabilities > config.maxVulnerabilities()) {
            problems.add(new Violation(
                    "/vulnerabilities",
                    "has %d entries; at most %d are accepted".formatted(vulnerabilities, config.maxVulnerabilities())));
        }
        if (!problems.isEmpty()) {
            throw new ApiException(
                    ProblemType.VALIDATION, "%d problem(s) in the document".formatted(problems.size()), problems);
        }
        if (advisories.trackingIdTaken(advisory.tenant, advisory.trackingId, advisory.id)) {
            throw ApiException.conflict(
                    "Another advisory of this CIRT already has the tracking id '%s'".formatted(advisory.trackingId));
        }
        var number = advisory.publishedVersion + 1;
        var summary = CsafDocuments.requestedSummary(doc, number);
        var initial = advisory.initialReleaseDate == null ? now : advisory.initialReleaseDate;
        CsafDocuments.stamp(
                doc,
                stamp(
                        advisory.tenant,
                        advisory.trackingId,
                        "draft",
                        number,
                        initial,
                        now,
                        history(advisory.tenant, advisory),
                        summary != null ? summary : defaultSummary(number)));
        var findings = validator.validate(doc);
        if (!findings.isEmpty()) {
            throw new ApiException(
                    ProblemType.VALIDATION,
                    "The document is not valid CSAF 2.0: %d problem(s)".formatted(findings.size()),
                    findings);
        }
        advisory.title = document.path("title").asText();
        advisory.tlp = tlp;
        advisory.document = CsafDocuments.compact(doc);
        if (!advisory.draftEditors.contains(actor)) {
            var editors = new ArrayList<>(advisory.draftEditors);
            editors.add(actor);
            advisory.draftEditors = List.copyOf(editors); // a new list: the column is dirty-checked by value
        }
        touch(advisory, actor);
    }

    private CsafDocuments.Stamp stamp(
            String tenant,
            String trackingId,
            String status,
            int number,
            Instant initial,
            Instant now,
            List<JsonNode> history,
            String summary) {
        var profile = tenants.get(tenant);
        return new CsafDocuments.Stamp(
                config.publisherCategory(),
                profile.name(),
                namespace(profile.contactEmail(), tenant),
                "Contact: " + profile.contactEmail(),
                trackingId,
                status,
                number,
                initial,
                now,
                history,
                summary);
    }

    /** The publisher namespace: the CIRT's own domain, taken from its contact address. */
    static String namespace(String contactEmail, String tenant) {
        var at = contactEmail == null ? -1 : contactEmail.lastIndexOf('@');
        return at > 0
                ? "https://" + contactEmail.substring(at + 1).toLowerCase(Locale.ROOT)
                : "https://" + tenant + ".invalid";
    }

    /** The revision history of the published versions (empty before the first publication). */
    private List<JsonNode> history(String tenant, Advisory advisory) {
        if (advisory.publishedVersion == 0) {
            return List.of();
        }
        var latest = versions.latest(tenant, advisory.id).orElseThrow();
        var list = new ArrayList<JsonNode>();
        CsafDocuments.parse(latest.document)
                .path("document")
                .path("tracking")
                .path("revision_history")
                .forEach(list::add);
        return list;
    }

    private static String defaultSummary(int number) {
        return number == 1 ? "Initial version" : "Update";
    }

    private String requestedTrackingId(ObjectNode doc) {
        var id = doc.path("document").path("tracking").path("id");
        return id.isTextual() && !id.asText().isBlank() ? id.asText() : null;
    }

    private String nextTrackingId(String tenant, Instant now) {
        var prefix = tenant.toUpperCase(Locale.ROOT) + "-"
                + now.atZone(ZoneOffset.UTC).getYear() + "-";
        var next = advisories.countInYear(tenant, prefix) + 1;
        while (advisories.trackingIdTaken(tenant, prefix + String.format(Locale.ROOT, "%04d", next), new UUID(0, 0))) {
            next++;
        }
        return prefix + String.format(Locale.ROOT, "%04d", next);
    }

    private ObjectNode parseBody(byte[] body) {
        if (body == null || body.length == 0) {
            throw new ApiException(ProblemType.BAD_REQUEST, "A CSAF document is required as the body");
        }
        if (body.length > config.maxDocumentBytes()) {
            throw new ApiException(
                    ProblemType.PAYLOAD_TOO_LARGE,
                    "The document has %d bytes; at most %d are accepted"
                            .formatted(body.length, config.maxDocumentBytes()));
        }
        JsonNode node;
        try {
            node = CsafDocuments.READER.readTree(body);
        } catch (JsonProcessingException e) {
            var location = e.getLocation() == null
                    ? ""
                    : " at line %d, column %d"
                            .formatted(
                                    e.getLocation().getLineNr(), e.getLocation().getColumnNr());
            throw new ApiException(
                    ProblemType.BAD_REQUEST,
                    "The body is not valid JSON%s: %s".formatted(location, e.getOriginalMessage()));
        } catch (IOException e) {
            throw new ApiException(ProblemType.BAD_REQUEST, "The body could not be read");
        }
        if (node == null || !node.isObject()) {
            throw ApiException.invalid("/", "must be a CSAF document (a JSON object)");
        }
        if (!node.path("document").isObject()) {
            throw ApiException.invalid("/document", "is required: the document's metadata");
        }
        return (ObjectNode) node;
    }

    private ObjectNode built(AdvisoryForm form) {
        var built = CsafDocuments.fromForm(form, validator);
        if (!built.violations().isEmpty()) {
            throw new ApiException(
                    ProblemType.VALIDATION,
                    "%d problem(s) in the form".formatted(built.violations().size()),
                    built.violations());
        }
        return built.document();
    }

    private Advisory find(String tenant, UUID id) {
        return advisories.find(tenant, id).orElseThrow(() -> ApiException.notFound("Advisory " + id));
    }

    private Advisory findForUpdate(String tenant, UUID id) {
        return advisories.findForUpdate(tenant, id).orElseThrow(() -> ApiException.notFound("Advisory " + id));
    }

    /** Marks the advisory changed: who and when, and its search document to rewrite. */
    private void touch(Advisory advisory, String actor) {
        advisory.updatedBy = actor;
        advisory.updatedAt = clock.instant();
        outbox.enqueue(Projection.ADVISORIES, advisory.id, advisory.tenant);
    }

    private AdvisoryView view(Advisory a) {
        var publishedPath = a.publishedVersion == 0
                ? null
                : versions.latest(a.tenant, a.id).map(v -> v.path).orElse(null);
        return new AdvisoryView(
                a.id,
                a.trackingId,
                a.state.wire(),
                a.title,
                a.tlp,
                a.publishedVersion,
                CsafFileName.of(a.trackingId),
                publishedPath,
                a.createdBy,
                a.updatedBy,
                a.submittedBy,
                a.draftEditors,
                a.createdAt,
                a.updatedAt,
                a.version,
                CsafDocuments.parse(a.document));
    }
}
