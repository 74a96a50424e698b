package org.opencirt.feed.service;

import java.io.IOException;
import java.net.URI;
import java.util.Map;
import org.opencirt.advisory.provider.Site;
import org.opencirt.common.outbound.FetchException;
import org.opencirt.common.outbound.FetchException.Reason;
import org.opencirt.feed.fetch.FeedFetcher;
import org.opencirt.feed.fetch.FetchRequest;
import org.opencirt.feed.fetch.FetchResult;

/**
 * A CSAF provider read through a feed run's {@link FeedFetcher}: the destination checks, the pinned
 * address, the limits of the run's policy on each file, and the feed's credential header (sent only
 * when the walk asks, and never after a redirect leaves the origin). Redirects are followed by the
 * fetcher under its rules. Counts the bytes read, refuses to read past the CIRT's bytes left for the
 * day (the rest is read on a later run), and stops the run between two files when asked.
 */
final class FetcherSite implements Site {

    private final FeedFetcher fetcher;
    private final Map<String, String> credentials;
    private final RunCounts counts;
    private final FeedRunner.Run run;
    private final long budget;

    /** @param budget the bytes the run may fetch in all (what its CIRT has left today) */
    FetcherSite(
            FeedFetcher fetcher, Map<String, String> credentials, RunCounts counts, FeedRunner.Run run, long budget) {
        this.fetcher = fetcher;
        this.credentials = credentials;
        this.counts = counts;
        this.run = run;
        this.budget = budget;
    }

    @Override
    public Answer get(URI url, boolean withCredentials) throws IOException {
        if (run.stopped) {
            throw new RunStopped();
        }
        synchronized (counts) {
            if (counts.fetchedBytes >= budget) {
                throw new FetchException(Reason.TOO_LARGE, "the CIRT's bytes for feeds today are used up");
            }
        }
        try {
            var result = fetcher.fetch(new FetchRequest(url, withCredentials ? credentials : Map.of(), null, null));
            if (!(result instanceof FetchResult.Fetched fetched)) {
                throw new IOException("unexpected 304");
            }
            try (var body = fetched.body()) {
                var bytes = body.readAllBytes();
                synchronized (counts) {
                    counts.fetchedBytes += bytes.length;
                }
                return new Answer(fetched.finalUrl(), fetched.status(), null, fetched.contentType(), bytes);
            }
        } catch (FetchException e) {
            if (e.httpStatus() != null) {
                return new Answer(url, e.httpStatus(), null, "", new byte[0]);
            }
            throw e;
        }
    }
}
