package org.opencirt.feed.definition;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.opencirt.common.Tlp;
import org.opencirt.feed.parse.FeedFormat;
import org.opencirt.feed.parse.ParserOptions;

/**
 * A threat feed: where to fetch it, how to read it, what its indicators mean, and who sees
 * them. Read from {@code threat-feeds/*.yaml} (platform feeds) or sent by a CIRT admin through
 * the API (that CIRT's feeds); both are checked against {@code schemas/feed-definition.schema.json}.
 *
 * @param scope {@code global} (every CIRT on the platform may see the indicators, within their
 *              TLP) or the id of the one CIRT that owns the feed
 */
@JsonAutoDetect(isGetterVisibility = JsonAutoDetect.Visibility.NONE)
public record FeedDefinition(
        String id,
        String name,
        String description,
        String url,
        FeedFormat format,
        Boolean enabled,
        String schedule,
        String scope,
        Defaults defaults,
        ParserOptions options,
        Limits limits,
        Auth auth,
        Shadowserver shadowserver,
        PassOn passOn) {

    /** The scope of a feed visible to every CIRT. */
    public static final String GLOBAL = "global";

    /** What an indicator of this feed is when the feed itself does not say. */
    public record Defaults(
            String type,
            String classification,
            Tlp tlp,
            Integer confidence,
            Duration ttl,
            Integer decayPerDay,
            List<String> tags) {

        static final Defaults NONE = new Defaults(null, null, null, null, null, null, null);
    }

    /** Per-feed limits; unset ones take the platform's ({@code opencirt.feeds.*}). */
    public record Limits(Long maxBytes, Long maxDecompressedBytes, Duration timeout) {

        static final Limits NONE = new Limits(null, null, null);
    }

    /**
     * A credential, given only as references: {@code secret:NAME} (a secret of the feed's CIRT), or in
     * the platform's own files {@code env:NAME} or {@code file:/path} (see
     * {@link org.opencirt.secret.SecretReferences}). Either a header ({@code header} and
     * {@code valueFrom}) or, for Shadowserver's Reports API, its key and the secret its requests are
     * signed with ({@code apiKeyFrom} and {@code hmacSecretFrom}).
     */
    public record Auth(String header, String valueFrom, String apiKeyFrom, String hmacSecretFrom) {

        /** The references given, by the JSON pointer of each in the definition. */
        public java.util.Map<String, String> references() {
            var references = new java.util.LinkedHashMap<String, String>();
            if (valueFrom != null) {
                references.put("/auth/value-from", valueFrom);
            }
            if (apiKeyFrom != null) {
                references.put("/auth/api-key-from", apiKeyFrom);
            }
            if (hmacSecretFrom != null) {
                references.put("/auth/hmac-secret-from", hmacSecretFrom);
            }
            return references;
        }
    }

    /**
     * How a {@code shadowserver} feed reads its reports.
     *
     * @param reportType  the report type of a report file whose URL does not name it (its file name does,
     *                    as Shadowserver names them: {@code 2026-12-07-scan_rdp-country-geo.csv})
     * @param downloadUrl where the Reports API's reports are downloaded, {@code https://dl.shadowserver.org/}
     *                    when unset
     */
    public record Shadowserver(String reportType, String downloadUrl) {

        static final Shadowserver NONE = new Shadowserver(null, null);
    }

    /**
     * What of the feed's data may be passed on to the party it is about (a constituent told of its
     * hosts), as {@code pass-on} in the definition. CLEAR and GREEN always may; RED and AMBER+STRICT never.
     *
     * @param amberToAffected whether AMBER data may go to the affected party (the source allows it, as
     *                        Shadowserver's reports are meant for the networks' owners)
     */
    public record PassOn(Boolean amberToAffected) {}

    /** Whether the feed's AMBER data may go to the party it is about. */
    public boolean amberToAffected() {
        return passOn != null && Boolean.TRUE.equals(passOn.amberToAffected());
    }

    public Shadowserver shadowserverOrNone() {
        return Objects.requireNonNullElse(shadowserver, Shadowserver.NONE);
    }

    public boolean isEnabled() {
        return Boolean.TRUE.equals(enabled);
    }

    public boolean isGlobal() {
        return scope == null || GLOBAL.equals(scope);
    }

    /** The owning CIRT, or null for a global feed. */
    public String tenant() {
        return isGlobal() ? null : scope;
    }

    public URI uri() {
        return URI.create(url);
    }

    public Defaults defaultsOrNone() {
        return Objects.requireNonNullElse(defaults, Defaults.NONE);
    }

    public Limits limitsOrNone() {
        return Objects.requireNonNullElse(limits, Limits.NONE);
    }

    public ParserOptions optionsOrDefaults() {
        return options != null ? options : ParserOptions.defaults();
    }

    /** The same definition with another enabled flag. */
    public FeedDefinition withEnabled(boolean value) {
        return new FeedDefinition(
                id,
                name,
                description,
                url,
                format,
                value,
                schedule,
                scope,
                defaults,
                options,
                limits,
                auth,
                shadowserver,
                passOn);
    }
}
