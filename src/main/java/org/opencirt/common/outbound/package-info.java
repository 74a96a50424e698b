/**
 * Every outbound HTTP call of the service goes through here: feed fetches
 * ({@code org.opencirt.feed.fetch.FeedFetcher}) and playbook webhooks ({@link org.opencirt.common.outbound.OutboundHttp}).
 * The destination is checked once ({@link org.opencirt.common.outbound.DestinationGuard}: no loopback,
 * private, link-local or reserved address unless that {@code host:port} is allow-listed) and connected
 * to as checked ({@link org.opencirt.common.outbound.PinnedSender}, Apache HttpClient 5, no second
 * lookup), headers are checked before they go out ({@link org.opencirt.common.outbound.OutboundHeaders}),
 * one {@link org.opencirt.common.outbound.Deadline} bounds the whole call, and failures are told by their
 * kind ({@link org.opencirt.common.outbound.FetchErrors}), never by what the other side answered.
 */
package org.opencirt.common.outbound;
