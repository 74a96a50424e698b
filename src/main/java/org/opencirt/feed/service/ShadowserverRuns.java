package org.opencirt.feed.service;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;
import org.opencirt.common.Tlp;
import org.opencirt.common.outbound.FetchException;
import org.opencirt.feed.FeedConfig;
import org.opencirt.feed.definition.OwnedFeed;
import org.opencirt.feed.fetch.FeedFetcher;
import org.opencirt.feed.fetch.FetchRequest;
import org.opencirt.feed.fetch.FetchResult;
import org.opencirt.feed.repository.FeedStateEntity;
import org.opencirt.feed.shadowserver.ReportEvent;
import org.opencirt.feed.shadowserver.ReportMapping;
import org.opencirt.feed.shadowserver.ReportMappings;
import org.opencirt.feed.shadowserver.ReportReader;
import org.opencirt.feed.shadowserver.ShadowserverApi;
import org.opencirt.incident.service.ConstituentEvents;
import org.opencirt.incident.service.ConstituentEvents.EventInput;
import org.opencirt.tenant.constituency.ConstituencyService;
import org.opencirt.tenant.constituency.Owners;

/**
 * A {@code shadowserver} feed's run: its reports read row by row into events about the hosts of the
 * CIRT's constituents, a thousand at a time. The feed's URL is either Shadowserver's Reports API
 * (when its auth gives an API key and signing secret: the reports listed since the last day read are
 * downloaded, each once a run) or one report file (fetched conditionally, its report type from its
 * file name or the definition).
 */
@ApplicationScoped
class ShadowserverRuns {

    private static final Logger LOG = Logger.getLogger(ShadowserverRuns.class);

    /** Days the Reports API is asked about on a feed's first run. */
    static final int FIRST_RUN_DAYS = 2;

    private final ConstituentEvents events;
    private final ConstituencyService constituencies;
    private final FeedRequests requests;
    private final FeedStates states;
    private final FeedConfig config;
    private final Clock clock;
    private volatile ReportMappings mappings;

    ShadowserverRuns(
            ConstituentEvents events,
            ConstituencyService constituencies,
            FeedRequests requests,
            FeedStates states,
            FeedConfig config,
            Clock clock) {
        this.events = events;
        this.constituencies = constituencies;
        this.requests = requests;
        this.states = states;
        this.config = config;
        this.clock = clock;
    }

    /** The shipped mappings, read once (a broken file fails the first run with its problems). */
    ReportMappings mappings() {
        var read = mappings;
        if (read == null) {
            read = ReportMappings.load(Path.of(config.shadowserverDir()));
            mappings = read;
        }
        return read;
    }

    /** What the run read; the caller records it. */
    record Outcome(boolean notModified) {}

    Outcome run(
            OwnedFeed owned,
            FeedRunner.Run run,
            RunCounts counts,
            FeedFetcher fetcher,
            FeedStateEntity state,
            long budget)
            throws IOException {
        var feed = owned.definition();
        // a CIRT's own feed, or a platform file's feed, which names the one CIRT it is for (its scope)
        var tenant = owned.owner() != null ? owned.owner() : feed.tenant();
        var owners = QuarkusTransaction.requiringNew().call(() -> constituencies.owners(tenant));
        var sink = new Sink(tenant, feed.id(), tlp(owned), owners, counts, run);
        var auth = feed.auth();
        if (auth == null || auth.apiKeyFrom() == null) {
            var result = fetcher.fetch(requests.firstRequest(feed, requests.credentials(owned, counts), state));
            if (result instanceof FetchResult.NotModified) {
                return new Outcome(true);
            }
            var fetched = (FetchResult.Fetched) result;
            var reportType = feed.shadowserverOrNone().reportType();
            var mapping = reportType != null
                    ? mappings().namedOrGeneric(reportType)
                    : mappings()
                            .forFile(Path.of(fetched.finalUrl().getPath())
                                    .getFileName()
                                    .toString());
            try (var body = counted(fetched.body(), counts)) {
                sink.read(body, mapping);
            }
            states.save(owned, fetched.etag(), fetched.lastModified(), null);
            return new Outcome(false);
        }
        var download = feed.shadowserverOrNone().downloadUrl();
        var api = new ShadowserverApi(
                requests.target(feed),
                download == null ? ShadowserverApi.DEFAULT_DOWNLOAD : URI.create(download),
                requests.shadowserverCredentials(owned, counts),
                new Transport(fetcher, counts, budget),
                ShadowserverApi.DEFAULT_MAX_LIST_BYTES);
        var today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        var from = state == null || state.checkpoint == null
                ? today.minusDays(FIRST_RUN_DAYS)
                : LocalDate.parse(state.checkpoint);
        var listed = api.list(from, today, List.of(), List.of());
        var last = from;
        int read = 0;
        for (var listing : listed) {
            if (read++ >= config.shadowserverMaxReports()) {
                break;
            }
            try (var body = api.download(listing)) {
                sink.read(body, mappings().namedOrGeneric(listing.type()));
            }
            if (listing.date() != null && listing.date().isAfter(last)) {
                last = listing.date();
            }
        }
        // the last day read is read again next time: its later reports, and nothing twice (events are kept once)
        states.save(owned, null, null, last.toString());
        return new Outcome(false);
    }

    private static Tlp tlp(OwnedFeed owned) {
        var tlp = owned.definition().defaultsOrNone().tlp();
        return tlp == null ? Tlp.AMBER : tlp;
    }

    /** Reads reports into batches of events, written as each fills. */
    private final class Sink {
        private final String tenant;
        private final String source;
        private final Tlp tlp;
        private final Owners owners;
        private final RunCounts counts;
        private final FeedRunner.Run run;
        private final List<EventInput> batch = new ArrayList<>(ConstituentEvents.BATCH);

        Sink(String tenant, String source, Tlp tlp, Owners owners, RunCounts counts, FeedRunner.Run run) {
            this.tenant = tenant;
            this.source = source;
            this.tlp = tlp;
            this.owners = owners;
            this.counts = counts;
            this.run = run;
        }

        void read(InputStream body, ReportMapping mapping) throws IOException {
            var summary = new ReportReader().read(body, mapping, event -> {
                batch.add(input(event));
                if (batch.size() == ConstituentEvents.BATCH) {
                    flush();
                }
            });
            flush();
            synchronized (counts) {
                counts.parsed += summary.rows();
            }
            summary.skipped().forEach((reason, skipped) -> counts.skipped(reason.description(), skipped.count()));
            if (summary.generic()) {
                LOG.warnf(
                        "feed %s: report type %s is not mapped; its rows were read generically",
                        source, summary.reportType());
                counts.skipped("rows of a report type no mapping names, read generically", summary.events());
            }
        }

        private void flush() {
            if (run.stopped) {
                throw new RunStopped();
            }
            if (batch.isEmpty()) {
                return;
            }
            var recorded = events.record(tenant, source, tlp, List.copyOf(batch), owners);
            batch.clear();
            synchronized (counts) {
                counts.created += recorded.added();
                counts.incidents += recorded.incidentsOpened();
            }
        }

        private EventInput input(ReportEvent event) {
            Map<String, String> fields = new LinkedHashMap<>(event.extra());
            for (var observable : event.observables()) {
                fields.putIfAbsent(observable.type().wireName(), observable.value());
            }
            return new EventInput(
                    event.digest(),
                    event.reportType(),
                    event.classification(),
                    event.identifier(),
                    event.timestamp() != null ? event.timestamp() : clock.instant(),
                    event.ip(),
                    event.port(),
                    event.protocol(),
                    event.asn(),
                    event.hostname(),
                    fields);
        }
    }

    /** The Reports API through the run's fetcher: its destination checks and limits, the CIRT's bytes left. */
    private record Transport(FeedFetcher fetcher, RunCounts counts, long budget) implements ShadowserverApi.Transport {

        @Override
        public ShadowserverApi.Response post(URI uri, Map<String, String> headers, byte[] body) throws IOException {
            var sent = new LinkedHashMap<>(headers);
            sent.remove("Content-Type"); // the body's own
            return answer(FetchRequest.post(uri, sent, body));
        }

        @Override
        public ShadowserverApi.Response get(URI uri, Map<String, String> headers) throws IOException {
            return answer(new FetchRequest(uri, headers, null, null));
        }

        private ShadowserverApi.Response answer(FetchRequest request) throws IOException {
            synchronized (counts) {
                if (counts.fetchedBytes >= budget) {
                    throw new FetchException(
                            FetchException.Reason.TOO_LARGE, "the CIRT's bytes for feeds today are used up");
                }
            }
            try {
                var result = fetcher.fetch(request);
                if (!(result instanceof FetchResult.Fetched fetched)) {
                    throw new IOException("unexpected 304");
                }
                return new ShadowserverApi.Response(fetched.status(), counted(fetched.body(), counts));
            } catch (FetchException e) {
                if (e.httpStatus() != null) {
                    return new ShadowserverApi.Response(e.httpStatus(), InputStream.nullInputStream());
                }
                throw e;
            }
        }
    }

    /** The body, adding what is read of it to the run's fetched bytes. */
    private static InputStream counted(InputStream body, RunCounts counts) {
        return new FilterInputStream(body) {
            @Override
            public int read() throws IOException {
                int b = super.read();
                if (b >= 0) {
                    add(1);
                }
                return b;
            }

            @Override
            public int read(byte[] buffer, int offset, int length) throws IOException {
                int n = super.read(buffer, offset, length);
                if (n > 0) {
                    add(n);
                }
                return n;
            }

            private void add(long n) {
                synchronized (counts) {
                    counts.fetchedBytes += n;
                }
            }
        };
    }
}
