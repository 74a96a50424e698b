package org.opencirt.advisory.provider;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.opencirt.advisory.csaf.CsafValidator;
import org.opencirt.advisory.service.VendorAdvisoryService;
import org.opencirt.advisory.service.VendorAdvisoryService.Stored;

/**
 * The CSAF downloader behind {@code csaf-provider} feeds: walks another provider
 * ({@link ProviderWalk}, finding it as section 7.3.1 says), reads the documents listed after the
 * last run's checkpoint, oldest first, and keeps for the CIRT each one whose hash matches, whose
 * signature holds against a key the provider's metadata lists, and which the CSAF validator finds
 * valid, and raises an incident per constituent that runs a product a new or changed one names as
 * affected. Every other document is rejected with its reasons and never kept.
 */
@ApplicationScoped
public class CsafDownloads {

    /** The requirements a document must not break to be kept: valid CSAF, hash, signature. */
    private static final Set<Integer> TRUST = Set.of(1, 18, 19);

    private static final int MAX_REASON = 300;

    /** A document that was not kept, and why. */
    public record Rejection(String url, String reason) {}

    /**
     * What a download did.
     *
     * @param metadata   where the provider metadata was found; null when it was not (then {@code problem} says why)
     * @param checkpoint the listing date to resume after next time (null: read everything again)
     */
    public record Outcome(
            URI metadata,
            String problem,
            long read,
            long created,
            long updated,
            long unchanged,
            long incidents,
            List<Rejection> rejected,
            Instant checkpoint) {}

    /** Thrown from a walk when the run is asked to stop. */
    public static final class Stopped extends RuntimeException {
        public Stopped() {
            super("stopped", null, false, false);
        }
    }

    private final VendorAdvisoryService advisories;
    private final CsafValidator validator = new CsafValidator();
    private final Clock clock;

    CsafDownloads(VendorAdvisoryService advisories, Clock clock) {
        this.advisories = advisories;
        this.clock = clock;
    }

    /**
     * Downloads what a provider listed since {@code since} for a CIRT's feed.
     *
     * @param target       the provider's domain, or its {@code provider-metadata.json} URL
     * @param since        the last run's checkpoint, or null for everything
     * @param maxDocuments the most documents read this time (the checkpoint lets the next run go on)
     * @param stopped      asked before each document; true throws {@link Stopped}
     */
    public Outcome download(
            String tenant,
            String feedId,
            Site site,
            String target,
            Instant since,
            int maxDocuments,
            BooleanSupplier stopped) {
        var run = new Run(tenant, feedId, since, stopped);
        var outcome = new ProviderWalk(site, validator, run, false, maxDocuments).walk(target);
        run.finishDocument();
        if (outcome.metadata() == null || outcome.declaredRole() == null) {
            var problem = run.problems.isEmpty()
                    ? "no provider-metadata.json found"
                    : String.join("; ", run.problems.subList(0, Math.min(3, run.problems.size())));
            return new Outcome(outcome.metadata(), cut(problem), 0, 0, 0, 0, 0, List.of(), since);
        }
        return new Outcome(
                outcome.metadata(),
                null,
                run.read,
                run.created,
                run.updated,
                run.unchanged,
                run.incidents,
                List.copyOf(run.rejected),
                run.checkpoint());
    }

    /** One download: the walk's listener. */
    private final class Run implements ProviderWalk.Listener {

        private final String tenant;
        private final String feedId;
        private final Instant since;
        private final BooleanSupplier stopped;
        private final List<String> problems = new ArrayList<>();
        private final List<Rejection> rejected = new ArrayList<>();
        /** Documents wanted and not (yet) delivered: URL -> listing date. */
        private final Map<URI, Instant> missed = new LinkedHashMap<>();

        private final List<String> pending = new ArrayList<>();
        private URI current;
        private Instant newest;
        private long read;
        private long created;
        private long updated;
        private long unchanged;
        private long incidents;

        Run(String tenant, String feedId, Instant since, BooleanSupplier stopped) {
            this.tenant = tenant;
            this.feedId = feedId;
            this.since = since;
            this.stopped = stopped;
        }

        @Override
        public void fail(int requirement, String message) {
            if (current == null) {
                problems.add(message);
            } else {
                pending.add(message);
            }
        }

        @Override
        public void note(int requirement, String message) {
            // notes break nothing; a document not readable with the feed's credentials is a failure below
        }

        @Override
        public boolean wanted(URI url, Instant listed) {
            if (stopped.getAsBoolean()) {
                throw new Stopped();
            }
            if (listed != null && since != null && !listed.isAfter(since)) {
                return false;
            }
            finishDocument();
            current = url;
            missed.put(url, listed);
            if (listed != null && (newest == null || listed.isAfter(newest))) {
                newest = listed;
            }
            return true;
        }

        @Override
        public void document(URI url, JsonNode document, byte[] bytes, String signer, Set<Integer> broken) {
            read++;
            // judged (kept or rejected), it is done with: only a document that could not be read is read again
            missed.remove(url);
            var untrusted = broken.stream().anyMatch(TRUST::contains) || signer == null;
            if (untrusted) {
                rejected.add(new Rejection(url.toString(), reason()));
            } else {
                var kept = advisories.store(tenant, feedId, url, document, bytes, signer, clock.instant());
                switch (kept.stored()) {
                    case CREATED -> created++;
                    case UPDATED -> updated++;
                    case UNCHANGED -> unchanged++;
                }
                if (kept.stored() != Stored.UNCHANGED) {
                    incidents += advisories.raiseIncidents(tenant, kept.id());
                }
            }
            current = null;
            pending.clear();
        }

        /** A document wanted but never delivered (it could not be read) is rejected with what the walk said. */
        void finishDocument() {
            if (current != null && missed.containsKey(current)) {
                rejected.add(new Rejection(current.toString(), pending.isEmpty() ? "could not be read" : reason()));
            }
            current = null;
            pending.clear();
        }

        /** The newest listing date read, or just before the oldest one that could not be read. */
        Instant checkpoint() {
            var unread = missed.values().stream().filter(Objects::nonNull).min(Instant::compareTo);
            if (unread.isPresent()) {
                return unread.get().minusSeconds(1);
            }
            // documents listed without a date are wanted at every run anyway
            return newest != null ? newest : since;
        }

        private String reason() {
            return cut(String.join("; ", pending));
        }
    }

    private static String cut(String text) {
        return text.length() > MAX_REASON ? text.substring(0, MAX_REASON) + "..." : text;
    }
}
