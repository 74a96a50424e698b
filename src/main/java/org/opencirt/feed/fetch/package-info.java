/**
 * Fetching feed resources: {@link org.opencirt.feed.fetch.FeedFetcher} with a
 * {@link org.opencirt.feed.fetch.FetchPolicy} (limits, timeouts, allowed private hosts, file root)
 * turns a {@link org.opencirt.feed.fetch.FetchRequest} into a
 * {@link org.opencirt.feed.fetch.FetchResult} or a {@link org.opencirt.feed.fetch.FetchException}
 * with its reason. Every download of a feed, and every playbook webhook
 * ({@link org.opencirt.feed.fetch.OutboundHttp}), goes through here: the destination checked once
 * and connected to as checked ({@link org.opencirt.feed.fetch.PinnedSender}, Apache HttpClient 5).
 */
package org.opencirt.feed.fetch;
