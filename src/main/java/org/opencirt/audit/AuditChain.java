package org.opencirt.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.opencirt.common.crypto.Digests;

/**
 * The hash chain's arithmetic, pure functions (docs/audit.md, "The hash chain"). An entry's hash
 * is the SHA-256, in lower-case hex, of the UTF-8 bytes of
 * {@code prevHash + "\n" + canonical(entry)}, where the canonical encoding is a JSON object of
 * the entry's fields but {@code hash} and {@code prevHash}, keys sorted, no white space, null
 * values written as {@code null}, {@code at} as {@code yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'} in UTC.
 */
public final class AuditChain {

    /** The previous hash of a chain's first entry. */
    public static final String GENESIS = "0".repeat(64);

    static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);

    private static final ObjectMapper CANONICAL = JsonMapper.builder()
            .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .build();

    private AuditChain() {}

    /** A time as the chain stores it: to the microsecond, as PostgreSQL keeps it. */
    public static Instant truncate(Instant time) {
        return time.truncatedTo(ChronoUnit.MICROS);
    }

    /** The canonical encoding of an entry (its hash and previous hash left out). */
    public static String canonical(AuditEntry entry) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("action", entry.action());
        fields.put("actor", entry.actor());
        fields.put("at", TIME.format(entry.at()));
        fields.put("changeDigest", entry.changeDigest());
        fields.put("objectId", entry.objectId());
        fields.put("objectType", entry.objectType());
        fields.put("requestId", entry.requestId());
        fields.put("roles", entry.roles());
        fields.put("seq", entry.seq());
        fields.put("sourceAddress", entry.sourceAddress());
        fields.put("tenant", entry.tenant());
        try {
            return CANONICAL.writeValueAsString(fields);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an audit entry could not be encoded", e);
        }
    }

    /** The hash an entry must carry, given the previous entry's hash. */
    public static String hash(String prevHash, AuditEntry entry) {
        return Digests.sha256Hex((prevHash + "\n" + canonical(entry)).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * What does not hold at an entry of a chain being re-computed from seq 1, or empty when it holds.
     *
     * @param expectedSeq the seq the entry must have
     * @param prevHash    the hash of the entry before it ({@link #GENESIS} for the first)
     */
    public static Optional<String> problem(AuditEntry entry, long expectedSeq, String prevHash) {
        if (entry.seq() != expectedSeq) {
            return Optional.of("seq %d is missing: the next entry has seq %d".formatted(expectedSeq, entry.seq()));
        }
        if (!prevHash.equals(entry.prevHash())) {
            return Optional.of(
                    expectedSeq == 1
                            ? "prev_hash of the first entry is not the genesis value"
                            : "prev_hash does not match the hash of seq %d".formatted(expectedSeq - 1));
        }
        if (!AuditChain.hash(prevHash, entry).equals(entry.hash())) {
            return Optional.of("hash does not match the entry's fields");
        }
        return Optional.empty();
    }
}
