/**
 * Fetching feed resources: {@link org.opencirt.feed.fetch.FeedFetcher} with a
 * {@link org.opencirt.feed.fetch.FetchPolicy} (limits, timeouts, allowed private hosts, file root)
 * turns a {@link org.opencirt.feed.fetch.FetchRequest} into a
 * {@link org.opencirt.feed.fetch.FetchResult} or a {@link org.opencirt.feed.fetch.FetchException}
 * with its reason. Every download of a feed goes through here, on the JDK's
 * {@code java.net.http.HttpClient} and nothing else.
 */
package org.opencirt.feed.fetch;
