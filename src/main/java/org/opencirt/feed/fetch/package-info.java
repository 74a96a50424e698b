/**
 * Fetching feed resources: {@link org.opencirt.feed.fetch.FeedFetcher} with a
 * {@link org.opencirt.feed.fetch.FetchPolicy} (limits, timeouts, allowed private hosts, file root)
 * turns a {@link org.opencirt.feed.fetch.FetchRequest} into a
 * {@link org.opencirt.feed.fetch.FetchResult} or a {@link org.opencirt.common.outbound.FetchException}
 * with its reason. What is feed-specific lives here (redirects followed by hand, conditional GET,
 * gzip and zip recognised by their content, size limits, {@code file:} URLs); the destination check, the pinned connection, header
 * checks and the deadline are the service's one outbound HTTP path, {@code org.opencirt.common.outbound},
 * which playbook webhooks use too.
 */
package org.opencirt.feed.fetch;
