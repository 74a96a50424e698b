package org.opencirt.observable;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The kinds of observable OpenCIRT understands. Each has a stable lower-case wire name used in
 * JSON, query parameters and storage; never rename one.
 */
public enum ObservableType {
    IPV4("ipv4", "IPv4 address"),
    IPV6("ipv6", "IPv6 address"),
    CIDR("cidr", "CIDR network"),
    DOMAIN("domain", "domain name"),
    URL("url", "URL"),
    EMAIL("email", "e-mail address"),
    MD5("md5", "MD5 hash"),
    SHA1("sha1", "SHA-1 hash"),
    SHA256("sha256", "SHA-256 hash"),
    SHA512("sha512", "SHA-512 hash"),
    ASN("asn", "AS number"),
    CVE("cve", "CVE id"),
    FILENAME("filename", "file name");

    private static final List<String> WIRE_NAMES =
            Arrays.stream(values()).map(ObservableType::wireName).toList();

    private final String wireName;
    private final String displayName;

    ObservableType(String wireName, String displayName) {
        this.wireName = wireName;
        this.displayName = displayName;
    }

    /** The name on the wire: {@code ipv4}, {@code sha256}, ... */
    @JsonValue
    public String wireName() {
        return wireName;
    }

    /** A human name for messages: "IPv4 address", "SHA-256 hash", ... */
    public String displayName() {
        return displayName;
    }

    /**
     * The type with this wire name. Surrounding white space and letter case are ignored
     * ({@code " IPv4 "} is {@link #IPV4}).
     *
     * @throws IllegalArgumentException for null or an unknown name; the message lists the allowed values
     */
    @JsonCreator
    public static ObservableType fromWire(String name) {
        if (name != null) {
            String wanted = name.strip().toLowerCase(Locale.ROOT);
            for (ObservableType type : values()) {
                if (type.wireName.equals(wanted)) {
                    return type;
                }
            }
        }
        throw new IllegalArgumentException("unknown observable type " + (name == null ? "null" : "'" + name + "'")
                + "; allowed: " + String.join(", ", WIRE_NAMES));
    }

    /** All wire names, in declaration order. */
    public static List<String> wireNames() {
        return WIRE_NAMES;
    }

    /** The hash type whose lower-case hex digest has this many characters, or null. */
    static ObservableType hashOfLength(int length) {
        return switch (length) {
            case 32 -> MD5;
            case 40 -> SHA1;
            case 64 -> SHA256;
            case 128 -> SHA512;
            default -> null;
        };
    }

    /** Number of hex characters of a hash type's digest; 0 for non-hash types. */
    int hexLength() {
        return switch (this) {
            case MD5 -> 32;
            case SHA1 -> 40;
            case SHA256 -> 64;
            case SHA512 -> 128;
            default -> 0;
        };
    }

    @Override
    public String toString() {
        return wireName;
    }
}
