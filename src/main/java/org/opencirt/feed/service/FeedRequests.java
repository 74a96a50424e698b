package org.opencirt.feed.service;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.opencirt.common.outbound.DestinationGuard;
import org.opencirt.common.outbound.FetchErrors;
import org.opencirt.common.outbound.FetchException;
import org.opencirt.feed.FeedConfig;
import org.opencirt.feed.definition.FeedDefinition;
import org.opencirt.feed.definition.OwnedFeed;
import org.opencirt.feed.fetch.FeedFetcher;
import org.opencirt.feed.fetch.FetchPolicy;
import org.opencirt.feed.fetch.FetchRequest;
import org.opencirt.feed.fetch.FetchResult;
import org.opencirt.feed.parse.FeedFormat;
import org.opencirt.feed.parse.ResourceFetcher;
import org.opencirt.feed.parse.TaxiiCollectionParser;
import org.opencirt.feed.repository.FeedStateEntity;
import org.opencirt.feed.shadowserver.ShadowserverApi;
import org.opencirt.secret.SecretReferences;
import org.opencirt.secret.SecretReferences.Origin;

/** What a run fetches and how: the URL, the limits, the credential header, the conditional first request. */
@ApplicationScoped
class FeedRequests {

    private final FeedConfig config;
    private final SecretReferences secrets;

    FeedRequests(FeedConfig config, SecretReferences secrets) {
        this.config = config;
        this.secrets = secrets;
    }

    /** A bad allow-list entry stops the start-up, not the first run that would use it. */
    void checkAllowList(@Observes StartupEvent event) {
        DestinationGuard.checkAllowList(config.allowedPrivateHosts().orElse(List.of()));
    }

    /** The fetch limits of a feed; {@code budget} is what its CIRT may still fetch today. */
    FetchPolicy policy(FeedDefinition feed, long budget) {
        var limits = feed.limitsOrNone();
        var defaults = FetchPolicy.defaults();
        return new FetchPolicy(
                Math.min(
                        Math.min(Objects.requireNonNullElse(limits.maxBytes(), config.maxBytes()), config.maxBytes()),
                        Math.max(1, budget)),
                Math.min(
                        Objects.requireNonNullElse(limits.maxDecompressedBytes(), config.maxDecompressedBytes()),
                        config.maxDecompressedBytes()),
                config.connectTimeout(),
                limits.timeout() != null && limits.timeout().compareTo(config.timeout()) < 0
                        ? limits.timeout()
                        : config.timeout(),
                defaults.maxRedirects(),
                Set.copyOf(config.allowedPrivateHosts().orElse(List.of())),
                Path.of(config.fileRoot()).toAbsolutePath().normalize());
    }

    /** The URL to fetch; a relative {@code file:} URL is resolved below the file root. */
    URI target(FeedDefinition feed) {
        var uri = feed.uri();
        if ("file".equals(uri.getScheme()) && !uri.getSchemeSpecificPart().startsWith("/")) {
            return Path.of(config.fileRoot())
                    .resolve(uri.getSchemeSpecificPart())
                    .toAbsolutePath()
                    .normalize()
                    .toUri();
        }
        return uri;
    }

    /**
     * The first request of a run: conditional on the last run's validators; for a TAXII
     * collection, with the TAXII media type and {@code added_after} the last run's checkpoint
     * (the parser fetches the following pages itself).
     */
    FetchRequest firstRequest(FeedDefinition feed, Map<String, String> credentials, FeedStateEntity state) {
        if (feed.format() == FeedFormat.TAXII_COLLECTION) {
            var headers = new HashMap<>(credentials);
            headers.put("Accept", TaxiiCollectionParser.TAXII_MEDIA_TYPE);
            var checkpoint = state == null ? null : state.checkpoint;
            return new FetchRequest(
                    URI.create(TaxiiCollectionParser.nextUrl(target(feed).toString(), checkpoint, null)),
                    headers,
                    null,
                    null);
        }
        return new FetchRequest(
                target(feed),
                credentials,
                state == null ? null : state.etag,
                state == null ? null : state.lastModified);
    }

    /**
     * The credential header, its reference resolved for where the feed was defined: a platform
     * file may use env: and file: (and secret: of the CIRT it belongs to), a CIRT's feed only its
     * CIRT's secrets. The value is kept in the counts, to be blanked out of what the run records.
     */
    Map<String, String> credentials(OwnedFeed owned, RunCounts counts) {
        var auth = owned.definition().auth();
        if (auth == null || auth.header() == null) {
            return Map.of();
        }
        var value = secrets.resolve(auth.valueFrom(), origin(owned));
        counts.credentials = List.of(value);
        return Map.of(auth.header(), value);
    }

    /** Shadowserver's API key and signing secret, resolved as {@link #credentials} resolves a header's. */
    ShadowserverApi.Credentials shadowserverCredentials(OwnedFeed owned, RunCounts counts) {
        var auth = owned.definition().auth();
        var key = secrets.resolve(auth.apiKeyFrom(), origin(owned));
        var secret = secrets.resolve(auth.hmacSecretFrom(), origin(owned));
        counts.credentials = List.of(key, secret);
        return new ShadowserverApi.Credentials(key, secret);
    }

    private static Origin origin(OwnedFeed owned) {
        return owned.isPlatformFeed() ? Origin.platformFile(owned.definition().tenant()) : Origin.cirt(owned.owner());
    }

    /** How a parser fetches the further resources of a feed (TAXII pages, MISP events), with the run's credential and limits. */
    ResourceFetcher extraFetcher(
            FeedFetcher fetcher, FetchPolicy policy, FeedDefinition feed, Map<String, String> credentials) {
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
}
