package org.opencirt.exchange.service;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import org.jboss.logging.Logger;
import org.opencirt.common.Tlp;
import org.opencirt.common.problem.ApiException;
import org.opencirt.common.problem.ProblemType;
import org.opencirt.exchange.ExchangeConfig;
import org.opencirt.exchange.model.PartnerKind;
import org.opencirt.exchange.repository.ExchangeRepositories;
import org.opencirt.exchange.repository.Partner;
import org.opencirt.exchange.repository.StixImport;
import org.opencirt.exchange.repository.StixRepositories;
import org.opencirt.exchange.repository.StoredStixObject;
import org.opencirt.feed.FeedConfig;
import org.opencirt.feed.parse.RawItem;
import org.opencirt.feed.parse.StixObjectReader;
import org.opencirt.incident.model.Rsit;
import org.opencirt.indicator.model.Indicator;
import org.opencirt.indicator.model.IndicatorIds;
import org.opencirt.indicator.model.SourceTlp;
import org.opencirt.indicator.service.IndicatorService;
import org.opencirt.indicator.service.Warninglists;
import org.opencirt.observable.InvalidObservableException;
import org.opencirt.observable.Normaliser;
import org.opencirt.observable.Observable;
import org.opencirt.observable.ObservableType;

/**
 * Imports STIX 2.1 into a CIRT: what a partner pushes into its TAXII inbox and what its analysts upload. The body
 * is read whole first (not JSON, not an envelope or a bundle, too many objects: refused before anything is
 * stored); the import is then recorded as pending and runs off the request. Simple patterns and cyber observables
 * become indicators of the receiving CIRT, their source naming the partner (or the uploader); other patterns are
 * kept as STIX and counted as not matchable; objects that give no indicator are counted and skipped. The outcome
 * of each object is recorded with the import, which is the TAXII status resource (docs/exchange.md, ADR 26).
 */
@ApplicationScoped
public class StixImports {

    private static final Logger LOG = Logger.getLogger(StixImports.class);

    public static final String INBOX = "taxii-inbox";
    public static final String UPLOAD = "upload";

    static final int BATCH = 500;
    static final int MAX_PAGE = 100;
    private static final int MAX_TAGS = 20;
    /** Imports running at once in this instance; more wait their turn. */
    private static final int RUNNING = 2;

    private final StixRepositories.Imports imports;
    private final StixRepositories.Objects objects;
    private final ExchangeRepositories.Partners partners;
    private final GrantService grants;
    private final IndicatorService indicators;
    private final Warninglists warninglists;
    private final FeedConfig feeds;
    private final ExchangeConfig config;
    private final ExchangeQuota quota;
    private final ImportedIndicators imported;
    private final ObjectMapper json;
    private final Clock clock;
    private final ExecutorService threads = Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("stix-import-", 0).factory());
    private final Semaphore running = new Semaphore(RUNNING);

    StixImports(
            StixRepositories.Imports imports,
            StixRepositories.Objects objects,
            ExchangeRepositories.Partners partners,
            GrantService grants,
            IndicatorService indicators,
            Warninglists warninglists,
            FeedConfig feeds,
            ExchangeConfig config,
            ExchangeQuota quota,
            ImportedIndicators imported,
            ObjectMapper json,
            Clock clock) {
        this.imports = imports;
        this.objects = objects;
        this.partners = partners;
        this.grants = grants;
        this.indicators = indicators;
        this.warninglists = warninglists;
        this.feeds = feeds;
        this.config = config;
        this.quota = quota;
        this.imported = imported;
        this.json = json;
        this.clock = clock;
    }

    /**
     * Who sent an import and how.
     *
     * @param channel     {@link #INBOX} or {@link #UPLOAD}
     * @param partnerId   the receiving CIRT's partner that sent it, or null (an upload naming none)
     * @param partnerName that partner's name, or null
     * @param senderCirt  the CIRT on this platform that pushed it, or null
     * @param sentBy      the user or machine client
     * @param defaultTlp  the label of unmarked objects (the partner's default, else AMBER)
     */
    public record Sender(
            String channel, UUID partnerId, String partnerName, String senderCirt, String sentBy, Tlp defaultTlp) {}

    /** The outcome of one object: {@code success}, {@code failure} or {@code pending}, with a plain message. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ObjectOutcome(int index, String id, String version, String outcome, String message) {}

    public record PartnerRef(UUID id, String name) {}

    /** An import as the API shows it; {@code objects} only when one import is read. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ImportView(
            UUID id,
            String channel,
            PartnerRef partner,
            String senderCirt,
            String sentBy,
            String status,
            Instant requestTimestamp,
            Instant completedAt,
            int totalCount,
            int successCount,
            int failureCount,
            int pendingCount,
            int indicatorCount,
            int notMatchableCount,
            int skippedCount,
            List<ObjectOutcome> objects) {}

    public record ImportPage(List<ImportView> items, int page, int size, long total) {}

    /**
     * The sender of a TAXII inbox request to {@code cirt}'s root: a remote partner of it (its machine client, whose
     * token is of {@code cirt} with the partner claim), or a CIRT on this platform that {@code cirt} declared as a
     * partner (its analysts, leads and admins).
     *
     * @param staff        whether the caller has the analyst, lead or cirt-admin role
     * @param partnerClaim the token's {@code opencirt_partner} claim, or null
     * @throws ApiException 404 when the caller's CIRT may not use the root (as for every TAXII request), 403 when it
     *     may but may not write into the inbox
     */
    public Sender inboxSender(String cirt, String caller, String actor, boolean staff, String partnerClaim) {
        if (caller.equals(cirt)) {
            if (staff) {
                throw new ApiException(
                        ProblemType.FORBIDDEN,
                        "The inbox takes partners' objects; your CIRT uploads STIX through POST /api/v1/stix/bundles");
            }
            var partner = remotePartner(cirt, partnerClaim)
                    .orElseThrow(
                            () -> new ApiException(ProblemType.FORBIDDEN, "Your client is not a partner of this CIRT"));
            return new Sender(INBOX, partner.id, partner.name, null, actor, tlpOf(partner));
        }
        if (!staff) {
            throw ApiException.notFound("API root");
        }
        var partner = partners.find("tenant = ?1 and cirt = ?2", cirt, caller).firstResultOptional();
        if (partner.isPresent()) {
            return new Sender(INBOX, partner.get().id, partner.get().name, caller, actor, tlpOf(partner.get()));
        }
        if (grants.cirtsSharingWith(caller).contains(cirt)) {
            throw new ApiException(
                    ProblemType.FORBIDDEN, "Only the partners this CIRT declared may write into its inbox");
        }
        throw ApiException.notFound("API root");
    }

    /**
     * The sender of an analyst's upload: the caller, and the CIRT's partner the bundle came from when named.
     *
     * @throws ApiException 400 when {@code partner} is not one of the CIRT's partners
     */
    public Sender uploadSender(String tenant, String actor, UUID partner) {
        if (partner == null) {
            return new Sender(UPLOAD, null, null, null, actor, Tlp.AMBER);
        }
        var found = partners.findFor(tenant, partner)
                .orElseThrow(() -> ApiException.invalid("partner", "not one of your partners"));
        return new Sender(UPLOAD, found.id, found.name, null, actor, tlpOf(found));
    }

    /**
     * Reads a request body of at most {@code opencirt.exchange.taxii.max-content-length} bytes, without ever holding
     * more than that in memory.
     *
     * @param declared the request's Content-Length, or -1
     * @throws ApiException 413 over the limit
     */
    public byte[] body(InputStream in, long declared) {
        var max = config.taxii().maxContentLength();
        if (declared > max) {
            throw tooLarge(max);
        }
        try (in) {
            var bytes = in.readNBytes((int) Math.min(max + 1, Integer.MAX_VALUE - 8));
            if (bytes.length > max) {
                throw tooLarge(max);
            }
            return bytes;
        } catch (IOException e) {
            throw new ApiException(ProblemType.BAD_REQUEST, "The request body could not be read", List.of(), e);
        }
    }

    private static ApiException tooLarge(long max) {
        return new ApiException(
                ProblemType.PAYLOAD_TOO_LARGE, "The body is larger than max_content_length (%d bytes)".formatted(max));
    }

    /**
     * Accepts a body for import into {@code tenant}: reads it whole, records the import as pending and starts it.
     *
     * @throws ApiException 400 when the body is no STIX bundle or TAXII envelope, 413 when it holds more than
     *     {@value StixBundles#MAX_OBJECTS} objects, 429 when a partner's objects of the day do not fit; nothing is
     *     stored then
     */
    public ImportView accept(String tenant, Sender sender, byte[] body) {
        List<StixBundles.Entry> entries;
        try {
            entries = StixBundles.scan(body);
        } catch (StixBundles.Malformed e) {
            throw new ApiException(
                    ProblemType.BAD_REQUEST,
                    "Not a STIX bundle or TAXII envelope: %s; nothing was imported".formatted(e.getMessage()));
        } catch (StixBundles.TooManyObjects e) {
            throw new ApiException(
                    ProblemType.PAYLOAD_TOO_LARGE,
                    "A request holds at most %d objects; send them in several requests"
                            .formatted(StixBundles.MAX_OBJECTS));
        }
        if (sender.channel().equals(INBOX)) {
            quota.takeObjects(quota.partner(tenant, sender.partnerId()), entries.size());
        }
        var outcomes = entries.stream()
                .map(e -> new ObjectOutcome(e.index(), e.id(), e.version(), "pending", null))
                .toList();
        var record = new StixImport();
        record.id = UUID.randomUUID();
        record.tenant = tenant;
        record.channel = sender.channel();
        record.partnerId = sender.partnerId();
        record.partnerName = sender.partnerName();
        record.senderCirt = sender.senderCirt();
        record.sentBy = sender.sentBy();
        record.status = "pending";
        record.requestTimestamp = clock.instant();
        record.totalCount = outcomes.size();
        record.pendingCount = outcomes.size();
        record.objects = write(outcomes);
        QuarkusTransaction.requiringNew().run(() -> imports.persist(record));
        threads.execute(() -> run(record.id, tenant, sender, body, entries.size()));
        return view(record, outcomes);
    }

    /**
     * An import's status for a TAXII client: the receiving CIRT's admins, the CIRT on this platform that pushed it
     * (its analysts, leads and admins), or the remote partner that pushed it (its client) may read it.
     *
     * @throws ApiException 404 for anyone else, as for an import that does not exist
     */
    public ImportView status(String cirt, UUID id, String caller, boolean staff, boolean admin, String partnerClaim) {
        var found = imports.findFor(cirt, id).orElseThrow(() -> ApiException.notFound("Status"));
        var receivingAdmin = caller.equals(cirt) && admin;
        var pushingCirt = staff && caller.equals(found.senderCirt);
        var pushingPartner = caller.equals(cirt)
                && !staff
                && found.senderCirt == null
                && INBOX.equals(found.channel)
                && found.partnerId != null
                && found.partnerId.toString().equals(partnerClaim);
        if (!receivingAdmin && !pushingCirt && !pushingPartner) {
            throw ApiException.notFound("Status");
        }
        return view(found, read(found.objects));
    }

    /** One import received by the CIRT, with the outcome of each object. */
    public ImportView get(String tenant, UUID id) {
        var found = imports.findFor(tenant, id).orElseThrow(() -> ApiException.notFound("Import"));
        return view(found, read(found.objects));
    }

    /** The CIRT's imports, newest first, without their objects' outcomes. */
    public ImportPage list(String tenant, Integer page, Integer size) {
        var p = page == null ? 0 : page;
        var s = size == null ? 20 : size;
        if (p < 0) {
            throw ApiException.invalid("page", "0 or more");
        }
        if (s < 1 || s > MAX_PAGE) {
            throw ApiException.invalid("size", "1 to %d".formatted(MAX_PAGE));
        }
        var items =
                imports.pageFor(tenant, p, s).stream().map(i -> view(i, null)).toList();
        return new ImportPage(items, p, s, imports.countFor(tenant));
    }

    /** How many STIX objects an import kept as they came (indicators whose pattern cannot be matched). */
    public long storedObjects(String tenant, UUID id) {
        return objects.countFor(tenant, id);
    }

    private void run(UUID id, String tenant, Sender sender, byte[] body, int total) {
        running.acquireUninterruptibly();
        var run = new Run(id, tenant, sender, total);
        try {
            StixBundles.each(body, run::object);
            run.flush();
            indicators.refresh();
            run.finish();
        } catch (StixBundles.Malformed | IOException | RuntimeException e) {
            var errorId = UUID.randomUUID().toString();
            LOG.errorf(e, "STIX import %s into %s failed (error %s)", id, tenant, errorId);
            run.failed("not imported: the import failed inside the service (error %s in the server log)"
                    .formatted(errorId));
        } finally {
            running.release();
        }
    }

    /** One import going: each object's outcome, the indicators waiting to be written, the objects to keep. */
    private final class Run {
        final UUID id;
        final String tenant;
        final Sender sender;
        final Instant now = clock.instant();
        final StixObjectReader reader = new StixObjectReader(clock);
        final ObjectOutcome[] outcomes;
        final int[] indicatorsOf;
        final List<Indicator> batch = new ArrayList<>();
        /** Indicator id -> the objects (indices) whose indicator it is, in the batch waiting. */
        final Map<String, List<Integer>> owners = new HashMap<>();

        final List<StoredStixObject> kept = new ArrayList<>();
        int notMatchable;
        int skipped;
        int written;

        Run(UUID id, String tenant, Sender sender, int total) {
            this.id = id;
            this.tenant = tenant;
            this.sender = sender;
            this.outcomes = new ObjectOutcome[total];
            this.indicatorsOf = new int[total];
        }

        void object(int index, JsonNode object) {
            var stixId = object.isObject() ? StixBundles.text(object, "id") : null;
            var version = object.isObject() ? StixBundles.version(object) : null;
            var where = stixId == null ? "object %d".formatted(index) : "object %d (%s)".formatted(index, stixId);
            if (!object.isObject()) {
                failure(index, stixId, version, where + " is not a JSON object");
                return;
            }
            var outcome = reader.read(object, index);
            var type = StixBundles.text(object, "type");
            switch (outcome.kind()) {
                case MARKING -> success(index, stixId, version, where + ": marking definition read");
                case NOT_IMPORTED -> {
                    skipped++;
                    failure(index, stixId, version, where + ": skipped, a '%s' gives no indicator".formatted(type));
                }
                case UNKNOWN_TYPE -> {
                    skipped++;
                    failure(
                            index,
                            stixId,
                            version,
                            type == null
                                    ? where + ": skipped, it has no type"
                                    : where
                                            + ": skipped, '%s' is not a STIX 2.1 type this server understands"
                                                    .formatted(abbreviate(type)));
                }
                case NOT_MATCHABLE -> {
                    if (stixId == null) {
                        failure(index, null, version, where + ": an indicator without an id is not kept");
                        return;
                    }
                    notMatchable++;
                    keep(object, stixId, version, type);
                    success(
                            index,
                            stixId,
                            version,
                            where + ": kept as STIX; its pattern cannot be matched against observables");
                }
                case ITEMS -> items(index, stixId, version, where, outcome);
            }
        }

        private void items(int index, String stixId, String version, String where, StixObjectReader.Outcome outcome) {
            var problems = new ArrayList<>(outcome.problems());
            var warninglisted = 0;
            for (var item : outcome.items()) {
                Observable observable;
                try {
                    observable = item.type() != null
                            ? Normaliser.normalise(item.type(), item.value())
                            : Normaliser.detect(item.value())
                                    .orElseThrow(() -> new InvalidObservableException(null, "its type cannot be told"));
                } catch (InvalidObservableException e) {
                    problems.add(e.getMessage());
                    continue;
                }
                if (warninglists.listing(observable).isPresent()) {
                    warninglisted++;
                    continue;
                }
                var indicator = indicatorOf(item, observable);
                batch.add(indicator);
                owners.computeIfAbsent(indicator.id(), k -> new ArrayList<>()).add(index);
                indicatorsOf[index]++;
            }
            if (indicatorsOf[index] > 0) {
                success(
                        index,
                        stixId,
                        version,
                        where
                                + ": %d indicator(s)%s%s"
                                        .formatted(
                                                indicatorsOf[index],
                                                warninglisted > 0
                                                        ? ", %d known-benign value(s) left out".formatted(warninglisted)
                                                        : "",
                                                problems.isEmpty() ? "" : "; " + String.join("; ", problems)));
            } else if (warninglisted > 0 && problems.isEmpty()) {
                success(index, stixId, version, where + ": only known-benign values, left out");
            } else {
                failure(
                        index,
                        stixId,
                        version,
                        where + ": " + (problems.isEmpty() ? "no indicator in it" : String.join("; ", problems)));
            }
            if (batch.size() >= BATCH) {
                try {
                    flush();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }

        private Indicator indicatorOf(RawItem item, Observable observable) {
            var tlp = item.tlp() == null
                    ? sender.defaultTlp()
                    : Tlp.ofLabel(item.tlp()).orElse(sender.defaultTlp());
            var type = observable.type();
            var classification = item.classification();
            return new Indicator(
                    IndicatorIds.idOf(type.wireName(), observable.value()),
                    tenant,
                    SourceTlp.visibility(tenant, tlp),
                    tlp.wire(),
                    type.wireName(),
                    observable.value(),
                    type == ObservableType.IPV4 || type == ObservableType.IPV6 ? observable.value() : null,
                    type == ObservableType.CIDR ? observable.value() : null,
                    classification == null
                            ? null
                            : Rsit.categoryOf(classification).orElse(null),
                    classification,
                    item.confidence() != null ? item.confidence() : feeds.defaultConfidence(),
                    0,
                    sourceName(sender),
                    item.sourceId(),
                    tags(item.tags()),
                    item.description() != null ? item.description() : provenance(),
                    item.firstSeen() != null ? item.firstSeen() : now,
                    item.lastSeen() != null ? item.lastSeen() : now,
                    now.plus(feeds.defaultTtl()));
        }

        private List<String> tags(List<String> own) {
            var tags = new LinkedHashSet<String>();
            tags.add("via:" + sender.channel());
            for (var tag : own) {
                if (tags.size() < MAX_TAGS) {
                    tags.add(tag);
                }
            }
            return List.copyOf(tags);
        }

        private String provenance() {
            return "Sent by %s%s through %s on %s (import %s)"
                    .formatted(
                            sender.sentBy(),
                            sender.partnerName() == null ? "" : " of " + sender.partnerName(),
                            INBOX.equals(sender.channel()) ? "the TAXII inbox" : "an upload",
                            now,
                            id);
        }

        private void keep(JsonNode object, String stixId, String version, String type) {
            var stored = new StoredStixObject();
            stored.id = UUID.randomUUID();
            stored.tenant = tenant;
            stored.importId = id;
            stored.stixId = abbreviate(stixId);
            stored.version = version == null || version.length() > 40 ? null : version;
            stored.type = abbreviate(type);
            stored.body = object.toString();
            stored.receivedAt = now;
            kept.add(stored);
        }

        void flush() throws IOException {
            if (batch.isEmpty()) {
                return;
            }
            imported.keep(id, tenant, batch);
            var result = indicators.write(List.copyOf(batch), true);
            imported.forget(id, result.failed().keySet());
            for (var failed : result.failed().keySet()) {
                for (var index : owners.getOrDefault(failed, List.of())) {
                    var o = outcomes[index];
                    failure(index, o.id(), o.version(), "object %d: an indicator could not be stored".formatted(index));
                }
            }
            written += batch.size() - result.failed().size();
            batch.clear();
            owners.clear();
        }

        void finish() {
            QuarkusTransaction.requiringNew().run(() -> {
                for (var stored : kept) {
                    objects.persist(stored);
                }
                var record = imports.findById(id);
                record.status = "complete";
                record.completedAt = clock.instant();
                record.indicatorCount = written;
                record.notMatchableCount = notMatchable;
                record.skippedCount = skipped;
                record.successCount = count("success");
                record.failureCount = count("failure");
                record.pendingCount = 0;
                record.objects = write(List.of(outcomes));
            });
        }

        void failed(String message) {
            for (var i = 0; i < outcomes.length; i++) {
                var o = outcomes[i];
                if (o == null || !"failure".equals(o.outcome())) {
                    outcomes[i] = new ObjectOutcome(
                            i, o == null ? null : o.id(), o == null ? null : o.version(), "failure", message);
                }
            }
            QuarkusTransaction.requiringNew().run(() -> {
                var record = imports.findById(id);
                record.status = "complete";
                record.completedAt = clock.instant();
                record.successCount = 0;
                record.failureCount = outcomes.length;
                record.pendingCount = 0;
                record.objects = write(List.of(outcomes));
            });
        }

        private int count(String outcome) {
            var n = 0;
            for (var o : outcomes) {
                n += o != null && outcome.equals(o.outcome()) ? 1 : 0;
            }
            return n;
        }

        private void success(int index, String stixId, String version, String message) {
            outcomes[index] = new ObjectOutcome(index, stixId, version, "success", message);
        }

        private void failure(int index, String stixId, String version, String message) {
            outcomes[index] = new ObjectOutcome(index, stixId, version, "failure", message);
        }
    }

    /** The indicators' source: the partner that sent them, else the uploader. */
    static String sourceName(Sender sender) {
        return sender.partnerId() != null ? "partner:" + sender.partnerId() : "upload:" + sender.sentBy();
    }

    private java.util.Optional<Partner> remotePartner(String cirt, String claim) {
        if (claim == null) {
            return java.util.Optional.empty();
        }
        UUID id;
        try {
            id = UUID.fromString(claim);
        } catch (IllegalArgumentException e) {
            return java.util.Optional.empty();
        }
        return partners.findFor(cirt, id).filter(p -> p.kind == PartnerKind.REMOTE);
    }

    private static Tlp tlpOf(Partner partner) {
        return Tlp.ofLabel(partner.defaultTlp).orElse(Tlp.AMBER);
    }

    private static String abbreviate(String text) {
        return text == null || text.length() <= 200 ? text : text.substring(0, 199) + "…";
    }

    private ImportView view(StixImport i, List<ObjectOutcome> outcomes) {
        return new ImportView(
                i.id,
                i.channel,
                i.partnerId == null ? null : new PartnerRef(i.partnerId, i.partnerName),
                i.senderCirt,
                i.sentBy,
                i.status,
                i.requestTimestamp,
                i.completedAt,
                i.totalCount,
                i.successCount,
                i.failureCount,
                i.pendingCount,
                i.indicatorCount,
                i.notMatchableCount,
                i.skippedCount,
                outcomes);
    }

    private String write(List<ObjectOutcome> outcomes) {
        try {
            return json.writeValueAsString(outcomes);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("outcomes are plain records", e);
        }
    }

    private List<ObjectOutcome> read(String stored) {
        try {
            return json.readValue(stored, new TypeReference<List<ObjectOutcome>>() {});
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored outcomes are written by this class", e);
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        threads.shutdownNow();
    }
}
