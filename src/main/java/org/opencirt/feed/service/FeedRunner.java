package org.opencirt.feed.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.jboss.logging.Logger;
import org.opencirt.common.Texts;
import org.opencirt.common.Tlp;
import org.opencirt.common.WireEnum;
import org.opencirt.common.outbound.DestinationGuard;
import org.opencirt.common.outbound.FetchErrors;
import org.opencirt.common.outbound.FetchException;
import org.opencirt.common.problem.ApiException;
import org.opencirt.feed.FeedConfig;
import org.opencirt.feed.definition.FeedDefinition;
import org.opencirt.feed.definition.OwnedFeed;
import org.opencirt.feed.fetch.FeedFetcher;
import org.opencirt.feed.fetch.FetchPolicy;
import org.opencirt.feed.fetch.FetchRequest;
import org.opencirt.feed.fetch.FetchResult;
import org.opencirt.feed.parse.FeedFormat;
import org.opencirt.feed.parse.FeedFormatException;
import org.opencirt.feed.parse.FeedInput;
import org.opencirt.feed.parse.FeedParsers;
import org.opencirt.feed.parse.ItemSink;
import org.opencirt.feed.parse.RawItem;
import org.opencirt.feed.parse.ResourceFetcher;
import org.opencirt.feed.parse.TaxiiCollectionParser;
import org.opencirt.feed.repository.FeedRepositories;
import org.opencirt.feed.repository.FeedRunEntity;
import org.opencirt.feed.repository.FeedStateEntity;
import org.opencirt.incident.model.Rsit;
import org.opencirt.indicator.model.Indicator;
import org.opencirt.indicator.model.IndicatorIds;
import org.opencirt.indicator.model.SourceTlp;
import org.opencirt.indicator.service.IndicatorService;
import org.opencirt.indicator.service.Warninglists;
import org.opencirt.incident.service.FeedHitService;
import org.opencirt.observable.InvalidObservableException;
import org.opencirt.observable.Normaliser;
import org.opencirt.observable.Observable;
import org.opencirt.observable.ObservableType;
import org.opencirt.secret.SecretReferences;
import org.opencirt.secret.SecretReferences.Origin;
import org.opencirt.secret.SecretUnavailable;
import org.opencirt.tenant.constituency.ConstituencyService;

/**
 * Runs one feed: fetch (conditional, limited) into a staging file, so that a feed over its limit
 * fails before anything is written; parse as a stream; normalise and drop warninglisted values;
 * write indicators in batches; record matches with incidents and constituency hits; keep the
 * run's counts up to date in {@code feed_run} while it goes.
 */
@ApplicationScoped
public class FeedRunner {

    private static final Logger LOG = Logger.getLogger(FeedRunner.class);
    private static final long PROGRESS_LOG_INTERVAL_NANOS = 10_000_000_000L;
    /** The run row's live counts are written at most this often (the final counts always are). */
    private static final long PROGRESS_SAVE_INTERVAL_NANOS = 1_000_000_000L;
    private static final int MAX_TAGS = 20;
    /** Shorter credentials are not blanked out of records: it would mangle ordinary text, and they are guessable anyway. */
    private static final int MIN_REDACTED = 6;

    private final FeedConfig config;
    private final FeedRepositories.Runs runs;
    private final FeedRepositories.States states;
    private final IndicatorService store;
    private final Warninglists warninglists;
    private final FeedHitService hits;
    private final DeadLetters deadLetters;
    private final ObjectMapper json;
    private final ConstituencyService constituencies;
    private final FeedQuotas quotas;
    private final SecretReferences secrets;
    private final ExecutorService writers = Executors.newCachedThreadPool(Thread.ofVirtual().name("feed-writer-", 0).factory());
    private final Map<String, UUID> running = new ConcurrentHashMap<>();
    private final ExecutorService background = Executors.newFixedThreadPool(2,
            Thread.ofPlatform().name("feed-run-", 0).daemon().factory());

    FeedRunner(FeedConfig config, FeedRepositories.Runs runs, FeedRepositories.States states, IndicatorService store,
            Warninglists warninglists, FeedHitService hits, DeadLetters deadLetters, ObjectMapper json,
            ConstituencyService constituencies, FeedQuotas quotas, SecretReferences secrets) {
        this.constituencies = constituencies;
        this.quotas = quotas;
        this.secrets = secrets;
        this.config = config;
        this.runs = runs;
        this.states = states;
        this.store = store;
        this.warninglists = warninglists;
        this.hits = hits;
        this.deadLetters = deadLetters;
        this.json = json;
    }

    /** The counts of a run, updated as it goes. */
    static final class Counts {
        long fetchedBytes;
        long parsed;
        long invalid;
        long warninglisted;
        long created;
        long updated;
        long failed;
        long matches;
        long incidents;
        final List<Map<String, Object>> samples = new ArrayList<>();
        /** The resolved credential, blanked out of anything the run records (a server may echo it). */
        String credential;
        long lastLogged = System.nanoTime();
        long lastSaved = System.nanoTime();
    }

    /**
     * Runs a feed now, in the calling thread.
     *
     * @return the run's id (its record holds the outcome)
     * @throws ApiException 409 when the feed is already running in this instance
     * @throws FeedQuotas.QuotaExceeded 429 when its CIRT may not start a run now
     */
    public UUID run(OwnedFeed feed, String trigger) {
        var runId = begin(feed, trigger);
        execute(feed, runId);
        return runId;
    }

    /**
     * Starts a run in the background.
     *
     * @return the run's id, already recorded as running
     * @throws ApiException 409 when the feed is already running in this instance
     * @throws FeedQuotas.QuotaExceeded 429 when its CIRT may not start a run now
     */
    public UUID runInBackground(OwnedFeed feed, String trigger) {
        var runId = begin(feed, trigger);
        background.execute(() -> execute(feed, runId));
        return runId;
    }

    /** Records a run that was not started because its CIRT is over a quota (shown in the run history, not an error). */
    public void skipped(OwnedFeed feed, String trigger, String reason) {
        QuarkusTransaction.requiringNew().run(() -> {
            var run = newRun(UUID.randomUUID(), feed, trigger);
            run.status = "skipped";
            run.error = reason;
            run.finishedAt = run.startedAt;
            runs.persist(run);
        });
        LOG.debugf("feed %s: %s run skipped: %s", feed.qualifiedName(), trigger, reason);
    }

    private UUID begin(OwnedFeed feed, String trigger) {
        var runId = UUID.randomUUID();
        if (running.putIfAbsent(feed.qualifiedName(), runId) != null) {
            throw ApiException.conflict("Feed '%s' is already running".formatted(feed.id()));
        }
        try {
            start(runId, feed, trigger);
        } catch (RuntimeException e) {
            running.remove(feed.qualifiedName());
            throw e;
        }
        return runId;
    }

    private void execute(OwnedFeed owned, UUID runId) {
        var feed = owned.definition();
        var counts = new Counts();
        Path staged = null;
        FetchPolicy policy = null;
        try {
            // inside the try: a failure here must still finish the run and release the feed
            policy = policy(feed, owned.isPlatformFeed() ? Long.MAX_VALUE : quotas.bytesLeftToday(owned.owner()));
            var state = QuarkusTransaction.requiringNew().call(() -> states.find(owned.owner(), feed.id()).orElse(null));
            var fetcher = new FeedFetcher(policy);
            var headers = credentials(owned, counts);
            var result = fetcher.fetch(firstRequest(feed, headers, state));
            if (result instanceof FetchResult.NotModified) {
                finish(runId, counts, "not-modified", null, null);
                return;
            }
            var fetched = (FetchResult.Fetched) result;
            staged = Files.createTempFile("opencirt-feed-", ".body");
            try (InputStream body = fetched.body()) {
                counts.fetchedBytes = Files.copy(body, staged, StandardCopyOption.REPLACE_EXISTING);
            }
            if (!owned.isPlatformFeed()) {
                quotas.fetched(owned.owner(), counts.fetchedBytes);
            }
            var sink = new Sink(feed, runId, counts);
            try (var in = new BufferedInputStream(Files.newInputStream(staged))) {
                FeedParsers.of(feed.format()).parse(new FeedInput(in, target(feed).toString(), extraFetcher(fetcher, policy, feed, headers),
                        state == null ? null : state.checkpoint), feed.optionsOrDefaults(), sink);
            }
            sink.awaitWrites();
            // a finished run's indicators match at once: an incident created right after the run
            // is looked up against them
            store.refresh();
            saveState(owned, fetched.etag(), fetched.lastModified(), sink.checkpoint != null ? sink.checkpoint
                    : state == null ? null : state.checkpoint);
            finish(runId, counts, counts.invalid + counts.failed > 0 ? "partial" : "succeeded", null, null);
        } catch (IOException | RuntimeException e) {
            failed(feed, runId, counts, policy, e);
        } finally {
            running.remove(owned.qualifiedName());
            if (staged != null) {
                try {
                    Files.deleteIfExists(staged);
                } catch (IOException e) {
                    LOG.warnf("could not delete %s", staged);
                }
            }
        }
    }

    /**
     * Records a failed run with a short code and a sanitised message. Failures of the fetch and of
     * the secret are described by their kind, never by their text (which can quote an error body
     * that echoes the credential, or a file); a feed that cannot be read says what is wrong with it
     * (the parsers quote at most 200 characters of the feed); anything else is the service's own
     * failure, logged in full under an error id that the run shows.
     */
    private void failed(FeedDefinition feed, UUID runId, Counts counts, FetchPolicy policy, Exception e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof FetchException fetch) {
                var described = FetchErrors.describe(fetch, policy);
                finish(runId, counts, "failed", described.code(), described.message());
                return;
            }
            if (cause instanceof SecretUnavailable secret) {
                finish(runId, counts, "failed", secret.code(), secret.getMessage());
                return;
            }
        }
        if (e instanceof FeedFormatException format) {
            finish(runId, counts, "failed", "feed-format", format.getMessage());
            return;
        }
        var errorId = UUID.randomUUID().toString();
        LOG.errorf(e, "feed %s run %s failed (error %s)", feed.id(), runId, errorId);
        finish(runId, counts, "failed", "internal", "the run failed inside the service (error %s in the server log)".formatted(errorId));
    }

    /** Receives what the parser reads; writes indicators in batches. */
    private final class Sink implements ItemSink {
        private final FeedDefinition feed;
        private final UUID runId;
        private final Counts counts;
        private final Instant now = Instant.now();
        private final List<Indicator> batch = new ArrayList<>();
        private final Semaphore slots;
        private final AtomicReference<Exception> writeFailure = new AtomicReference<>();
        private final ConstituencyService.Matcher constituency;
        private String checkpoint;

        Sink(FeedDefinition feed, UUID runId, Counts counts) {
            this.feed = feed;
            this.runId = runId;
            this.counts = counts;
            this.slots = new Semaphore(config.bulkWriters());
            this.constituency = QuarkusTransaction.requiringNew().call(constituencies::matcher);
        }

        @Override
        public void item(RawItem item) {
            Observable observable;
            try {
                observable = observableOf(feed, item);
            } catch (InvalidObservableException e) {
                invalid(item.position(), e.getMessage(), item.value());
                return;
            }
            var benign = warninglists.listing(observable).isPresent();
            synchronized (counts) {
                counts.parsed++;
                counts.warninglisted += benign ? 1 : 0;
            }
            if (benign) {
                return;
            }
            batch.add(indicatorOf(feed, item, observable, now));
            if (batch.size() >= config.batchSize()) {
                flushUnchecked();
            }
        }

        @Override
        public void invalid(long position, String reason, String excerpt) {
            synchronized (counts) {
                counts.invalid++;
                if (counts.samples.size() >= config.invalidSamples()) {
                    return;
                }
                var sample = new LinkedHashMap<String, Object>();
                sample.put("position", position);
                sample.put("reason", redacted(counts, reason));
                sample.put("excerpt", excerpt == null ? null : redacted(counts, excerpt.length() > 200 ? excerpt.substring(0, 200) : excerpt));
                counts.samples.add(sample);
            }
        }

        @Override
        public void checkpoint(String state) {
            checkpoint = state;
        }

        private void flushUnchecked() {
            try {
                flush();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /**
         * Hands the current batch to a writer and goes on parsing: {@code bulk-writers} batches
         * are written at once, which is what keeps Elasticsearch busy while the next batch is read.
         */
        void flush() throws IOException {
            rethrowWriteFailure();
            if (batch.isEmpty()) {
                return;
            }
            var full = List.copyOf(batch);
            batch.clear();
            try {
                slots.acquire();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
            writers.execute(() -> {
                try {
                    write(full);
                } catch (IOException | RuntimeException e) {
                    writeFailure.compareAndSet(null, e);
                } finally {
                    slots.release();
                }
            });
        }

        /** Waits until every batch handed over is written. */
        void awaitWrites() throws IOException {
            flush();
            try {
                slots.acquire(config.bulkWriters());
                slots.release(config.bulkWriters());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
            rethrowWriteFailure();
        }

        private void rethrowWriteFailure() throws IOException {
            var failure = writeFailure.get();
            if (failure instanceof IOException io) {
                throw io;
            }
            if (failure instanceof RuntimeException runtime) {
                throw runtime;
            }
        }

        private void write(List<Indicator> indicators) throws IOException {
            boolean mostlyNew;
            synchronized (counts) {
                mostlyNew = counts.created >= counts.updated;
            }
            var written = store.write(indicators, mostlyNew);
            var stored = new ArrayList<Indicator>();
            for (var indicator : indicators) {
                var reason = written.failed().get(indicator.id());
                if (reason == null) {
                    stored.add(indicator);
                } else {
                    deadLetters.record(feed.id(), runId, indicator, reason);
                }
            }
            FeedHitService.Outcome outcome;
            synchronized (this) {
                // one batch at a time: two writers must not both raise the day's incident for an entry
                outcome = hits.indicatorsWritten(feed.id(), feed.name(), stored, constituency);
            }
            synchronized (counts) {
                counts.created += written.created();
                counts.updated += written.updated();
                counts.failed += written.failed().size();
                counts.matches += outcome.matches();
                counts.incidents += outcome.incidents();
            }
            progress(runId, counts);
        }
    }

    /** The normalised observable an item states, with the feed's forced or default type if it gives none. */
    static Observable observableOf(FeedDefinition feed, RawItem item) {
        var options = feed.optionsOrDefaults();
        String typeName = options.type() != null ? options.type()
                : item.type() != null ? item.type().wireName() : feed.defaultsOrNone().type();
        if (item.value() == null || item.value().isBlank()) {
            throw new InvalidObservableException(null, "empty value");
        }
        if (typeName == null) {
            return Normaliser.detect(item.value())
                    .orElseThrow(() -> new InvalidObservableException(null,
                            "the type of '%s' cannot be told".formatted(Texts.abbreviate(item.value(), 80))));
        }
        return Normaliser.normalise(ObservableType.fromWire(typeName), item.value());
    }

    Indicator indicatorOf(FeedDefinition feed, RawItem item, Observable observable, Instant now) {
        var defaults = feed.defaultsOrNone();
        var scope = feed.isGlobal() ? FeedDefinition.GLOBAL : feed.tenant();
        var tlp = tlpOf(item.tlp(), feedTlp(feed));
        var visibleTo = SourceTlp.visibility(feed.tenant(), tlp);
        var classification = item.classification() != null ? item.classification() : defaults.classification();
        var category = classification == null ? null : Rsit.categoryOf(classification).orElse(null);
        var lastSeen = item.lastSeen() != null ? item.lastSeen() : now;
        // listed in the feed now: alive for the feed's time to live from this run
        var ttl = defaults.ttl() != null ? defaults.ttl() : config.defaultTtl();
        var tags = tagsOf(defaults.tags(), item.tags());
        var type = observable.type();
        return new Indicator(IndicatorIds.idOf(type.wireName(), observable.value()), scope, visibleTo, tlp.wire(),
                type.wireName(), observable.value(),
                type == ObservableType.IPV4 || type == ObservableType.IPV6 ? observable.value() : null,
                type == ObservableType.CIDR ? observable.value() : null,
                category, classification,
                item.confidence() != null ? item.confidence()
                        : Objects.requireNonNullElse(defaults.confidence(), config.defaultConfidence()),
                Objects.requireNonNullElse(defaults.decayPerDay(), 0), feed.id(), item.sourceId(),
                tags, item.description(),
                item.firstSeen() != null ? item.firstSeen() : now, lastSeen, now.plus(ttl));
    }

    /** The feed's default tags and the item's own, without repeats, at most {@value #MAX_TAGS}. */
    private static List<String> tagsOf(List<String> defaults, List<String> own) {
        if ((defaults == null || defaults.isEmpty()) && (own == null || own.isEmpty())) {
            return List.of();
        }
        var tags = new LinkedHashSet<String>();
        for (var list : Arrays.asList(defaults, own)) {
            if (list != null) {
                for (var tag : list) {
                    if (tags.size() < MAX_TAGS) {
                        tags.add(tag);
                    }
                }
            }
        }
        return List.copyOf(tags);
    }

    /**
     * The feed's own label: its default, else GREEN for a platform feed and AMBER for a CIRT's
     * (whose indicators leave the CIRT only when it says so, ADR 10).
     */
    private static Tlp feedTlp(FeedDefinition feed) {
        var stated = feed.defaultsOrNone().tlp();
        return stated != null ? stated : feed.isGlobal() ? Tlp.GREEN : Tlp.AMBER;
    }

    /**
     * The stricter of the item's own TLP label (if it is one) and the feed's: an item may restrict
     * itself further, never share more than its feed allows.
     */
    private static Tlp tlpOf(String label, Tlp feed) {
        if (label == null) {
            return feed;
        }
        try {
            var own = WireEnum.fromWire(Tlp.class, label.toUpperCase());
            return own.isAtLeast(feed) ? own : feed;
        } catch (IllegalArgumentException e) {
            return feed;
        }
    }

    /**
     * The first request of a run: conditional on the last run's validators; for a TAXII
     * collection, with the TAXII media type and {@code added_after} the last run's checkpoint
     * (the parser fetches the following pages itself).
     */
    private FetchRequest firstRequest(FeedDefinition feed, Map<String, String> credentials, FeedStateEntity state) {
        if (feed.format() == FeedFormat.TAXII_COLLECTION) {
            var headers = new HashMap<>(credentials);
            headers.put("Accept", TaxiiCollectionParser.TAXII_MEDIA_TYPE);
            var checkpoint = state == null ? null : state.checkpoint;
            return new FetchRequest(URI.create(TaxiiCollectionParser.nextUrl(target(feed).toString(), checkpoint, null)), headers,
                    null, null);
        }
        return new FetchRequest(target(feed), credentials, state == null ? null : state.etag, state == null ? null : state.lastModified);
    }

    /** A bad allow-list entry stops the start-up, not the first run that would use it. */
    void checkAllowList(@Observes StartupEvent event) {
        DestinationGuard.checkAllowList(config.allowedPrivateHosts().orElse(List.of()));
    }

    /** The fetch limits of a feed; {@code budget} is what its CIRT may still fetch today. */
    private FetchPolicy policy(FeedDefinition feed, long budget) {
        var limits = feed.limitsOrNone();
        var defaults = FetchPolicy.defaults();
        return new FetchPolicy(
                Math.min(Math.min(Objects.requireNonNullElse(limits.maxBytes(), config.maxBytes()), config.maxBytes()), Math.max(1, budget)),
                Math.min(Objects.requireNonNullElse(limits.maxDecompressedBytes(), config.maxDecompressedBytes()),
                        config.maxDecompressedBytes()),
                config.connectTimeout(),
                limits.timeout() != null && limits.timeout().compareTo(config.timeout()) < 0 ? limits.timeout() : config.timeout(),
                defaults.maxRedirects(),
                Set.copyOf(config.allowedPrivateHosts().orElse(List.of())),
                Path.of(config.fileRoot()).toAbsolutePath().normalize());
    }

    /** The URL to fetch; a relative {@code file:} URL is resolved below the file root. */
    URI target(FeedDefinition feed) {
        var uri = feed.uri();
        if ("file".equals(uri.getScheme()) && !uri.getSchemeSpecificPart().startsWith("/")) {
            return Path.of(config.fileRoot()).resolve(uri.getSchemeSpecificPart()).toAbsolutePath().normalize().toUri();
        }
        return uri;
    }

    /**
     * The credential header, its reference resolved for where the feed was defined: a platform
     * file may use env: and file: (and secret: of the CIRT it belongs to), a CIRT's feed only its
     * CIRT's secrets.
     */
    private Map<String, String> credentials(OwnedFeed owned, Counts counts) {
        var auth = owned.definition().auth();
        if (auth == null) {
            return Map.of();
        }
        var origin = owned.isPlatformFeed() ? Origin.platformFile(owned.definition().tenant()) : Origin.cirt(owned.owner());
        var value = secrets.resolve(auth.valueFrom(), origin);
        counts.credential = value;
        return Map.of(auth.header(), value);
    }

    /** The text with the run's credential blanked out (an echoing server must not make it a run's record). */
    private static String redacted(Counts counts, String text) {
        var secret = counts.credential;
        return text == null || secret == null || secret.length() < MIN_REDACTED ? text : text.replace(secret, "[secret]");
    }

    private ResourceFetcher extraFetcher(FeedFetcher fetcher, FetchPolicy policy, FeedDefinition feed, Map<String, String> credentials) {
        var base = target(feed);
        return (url, headers) -> {
            var all = new HashMap<>(credentials);
            all.putAll(headers);
            FetchResult result;
            try {
                result = fetcher.fetch(new FetchRequest(base.resolve(url), all, null, null));
            } catch (FetchException e) {
                // the parser records what it catches as an invalid entry: only the sanitised form
                throw FetchErrors.sanitised(e, policy);
            }
            if (result instanceof FetchResult.Fetched fetched) {
                return fetched.body();
            }
            throw new IOException("unexpected 304 for a resource of the feed");
        };
    }

    private void start(UUID runId, OwnedFeed feed, String trigger) {
        QuarkusTransaction.requiringNew().run(() -> {
            if (!feed.isPlatformFeed()) {
                quotas.checkRunAllowed(feed.owner());
            }
            runs.persist(newRun(runId, feed, trigger));
        });
        LOG.infof("feed %s: run %s started (%s)", feed.qualifiedName(), runId, trigger);
    }

    private static FeedRunEntity newRun(UUID runId, OwnedFeed feed, String trigger) {
        var run = new FeedRunEntity();
        run.id = runId;
        run.tenant = feed.owner();
        run.feedId = feed.id();
        run.trigger = trigger;
        run.status = "running";
        run.startedAt = Instant.now();
        return run;
    }

    private void progress(UUID runId, Counts counts) {
        var now = System.nanoTime();
        synchronized (counts) {
            if (now - counts.lastSaved < PROGRESS_SAVE_INTERVAL_NANOS) {
                return;
            }
            counts.lastSaved = now;
        }
        QuarkusTransaction.requiringNew().run(() -> {
            synchronized (counts) {
                copy(runs.findById(runId), counts);
            }
        });
        if (now - counts.lastLogged > PROGRESS_LOG_INTERVAL_NANOS) {
            counts.lastLogged = now;
            LOG.infof("feed run %s in progress: %d parsed, %d new, %d updated, %d invalid", runId, counts.parsed, counts.created,
                    counts.updated, counts.invalid);
        }
    }

    private void finish(UUID runId, Counts counts, String status, String errorCode, String unredactedError) {
        var error = redacted(counts, unredactedError);
        QuarkusTransaction.requiringNew().run(() -> {
            var run = runs.findById(runId);
            if (run == null) {
                return;
            }
            synchronized (counts) {
                copy(run, counts);
            }
            run.status = status;
            run.errorCode = errorCode;
            run.error = error;
            run.finishedAt = Instant.now();
        });
        LOG.infof("feed run %s: %s (%d parsed, %d invalid, %d warninglisted, %d new, %d updated, %d failed, %d matches, %d incidents)%s",
                runId, status, counts.parsed, counts.invalid, counts.warninglisted, counts.created, counts.updated, counts.failed,
                counts.matches, counts.incidents, error == null ? "" : ": %s (%s)".formatted(errorCode, error));
    }

    private void copy(FeedRunEntity run, Counts counts) {
        run.fetchedBytes = counts.fetchedBytes;
        run.parsed = counts.parsed;
        run.invalid = counts.invalid;
        run.warninglisted = counts.warninglisted;
        run.created = counts.created;
        run.updated = counts.updated;
        run.failed = counts.failed;
        run.matches = counts.matches;
        run.incidents = counts.incidents;
        try {
            run.invalidSamples = json.writeValueAsString(counts.samples);
        } catch (JsonProcessingException e) {
            run.invalidSamples = "[]";
        }
    }

    private void saveState(OwnedFeed feed, String etag, String lastModified, String checkpoint) {
        QuarkusTransaction.requiringNew().run(() -> {
            var state = states.find(feed.owner(), feed.id()).orElseGet(() -> {
                var fresh = new FeedStateEntity();
                fresh.id = UUID.randomUUID();
                fresh.tenant = feed.owner();
                fresh.feedId = feed.id();
                return fresh;
            });
            state.etag = etag;
            state.lastModified = lastModified;
            state.checkpoint = checkpoint;
            state.updatedAt = Instant.now();
            if (!states.isPersistent(state)) {
                states.persist(state);
            }
        });
    }
}
