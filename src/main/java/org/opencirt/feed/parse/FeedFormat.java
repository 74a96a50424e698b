package org.opencirt.feed.parse;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.List;
import java.util.Locale;
import org.opencirt.common.WireEnum;

/**
 * The formats of threat feeds OpenCIRT reads, one {@link FeedParser} each (see
 * {@link FeedParsers#of}). The wire name ({@code plain-list}, {@code spamhaus-drop}, ...) is what
 * a feed definition writes; never rename one.
 */
public enum FeedFormat implements WireEnum {

    /** One value a line, {@code #} / {@code ;} comments; optionally delimited fields (dataplane). */
    PLAIN_LIST,
    /** A CSV file with a header (or fixed column positions), columns mapped to item fields. */
    CSV,
    /** A JSON array of record objects, fields picked by JSON pointer. */
    JSON_RECORDS,
    /** Spamhaus DROP / EDROP / DROPv6 ({@code cidr ; SBLid} lines or JSON lines) and ASN-DROP. */
    SPAMHAUS_DROP,
    /** abuse.ch URLhaus CSV dumps. */
    URLHAUS_CSV,
    /** abuse.ch Feodo Tracker IP block list (JSON). */
    FEODO_JSON,
    /** OpenPhish: a plain list of phishing URLs. */
    OPENPHISH,
    /** A MISP feed: {@code manifest.json} plus one {@code <uuid>.json} per event. */
    MISP_FEED,
    /** A STIX 2.1 bundle. */
    STIX_BUNDLE,
    /** A TAXII 2.1 collection's {@code objects/} endpoint, paged. */
    TAXII_COLLECTION,
    /**
     * Another CSAF provider (a vendor's domain or its {@code provider-metadata.json}): its checked
     * documents become the CIRT's vendor advisories, not indicators; no parser reads it (the CSAF
     * downloader does, see {@link #readByParser()}).
     */
    CSAF_PROVIDER,
    /**
     * Shadowserver's reports (CSV, one report type a file): its Reports API, or a report file. Each row is an
     * event about a constituent's host, not an indicator; no parser reads it (see {@link #readByParser()}).
     */
    SHADOWSERVER;

    private static final List<String> WIRE_NAMES = WireEnum.wireValues(FeedFormat.class);

    /** The name on the wire: {@code plain-list}, {@code stix-bundle}, ... */
    @Override
    @JsonValue
    public String wire() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /**
     * The format with this wire name; surrounding white space and letter case are ignored.
     *
     * @throws IllegalArgumentException for null or an unknown name; the message lists the allowed values
     */
    @JsonCreator
    public static FeedFormat fromWire(String name) {
        if (name != null) {
            String wanted = name.strip().toLowerCase(Locale.ROOT);
            for (FeedFormat format : values()) {
                if (format.wire().equals(wanted)) {
                    return format;
                }
            }
        }
        throw new IllegalArgumentException("unknown feed format " + (name == null ? "null" : "'" + name + "'")
                + "; allowed: " + String.join(", ", WIRE_NAMES));
    }

    /** Whether a {@link FeedParser} reads this format into indicators (all but {@link #CSAF_PROVIDER} and {@link #SHADOWSERVER}). */
    public boolean readByParser() {
        return this != CSAF_PROVIDER && this != SHADOWSERVER;
    }

    /** All wire names, in declaration order. */
    public static List<String> wireNames() {
        return WIRE_NAMES;
    }
}
