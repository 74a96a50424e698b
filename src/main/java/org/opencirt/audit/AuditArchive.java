package org.opencirt.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeType;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The layout of an exported audit archive (docs/audit.md, "The export") and the encodings its
 * writer ({@link AuditExport}) and its reader ({@link AuditArchiveVerifier}) share: one entry per
 * line of {@value #ENTRIES}, the signed heads' statements, the CIRT's public keys and a
 * {@value #MANIFEST} in {@code sha256sum} format, written last.
 */
public final class AuditArchive {

    /** Every entry of the chain from seq 1, in order, one JSON object per line. */
    public static final String ENTRIES = "entries.jsonl";

    /** The CIRT's public keys, ASCII-armored. */
    public static final String KEYS = "keys.asc";

    /** The SHA-256 of every other file, one {@code HEX  PATH} line each (what {@code sha256sum -c} reads). */
    public static final String MANIFEST = "SHA256SUMS";

    /** Where the signed heads are: {@code heads/head-SEQ.json} and its detached signature {@code .asc}. */
    public static final String HEADS = "heads/";

    static final Pattern HEAD_FILE = Pattern.compile("heads/head-([1-9][0-9]{0,18})\\.json(\\.asc)?");

    static final Pattern MANIFEST_LINE = Pattern.compile("([0-9a-f]{64}) [ *](\\S.*)");

    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private static final String[] FIELDS = {
        "tenant",
        "seq",
        "at",
        "actor",
        "roles",
        "action",
        "objectType",
        "objectId",
        "requestId",
        "sourceAddress",
        "changeDigest",
        "prevHash",
        "hash"
    };

    private AuditArchive() {}

    /** The file of the statement of the head at {@code seq}; its signature is the same name with {@code .asc}. */
    public static String headFile(long seq) {
        return HEADS + "head-" + seq + ".json";
    }

    /** An entry as one line of {@value #ENTRIES} (without the line break). */
    static String line(AuditEntry entry) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("tenant", entry.tenant());
        fields.put("seq", entry.seq());
        fields.put("at", AuditChain.TIME.format(entry.at()));
        fields.put("actor", entry.actor());
        fields.put("roles", entry.roles());
        fields.put("action", entry.action());
        fields.put("objectType", entry.objectType());
        fields.put("objectId", entry.objectId());
        fields.put("requestId", entry.requestId());
        fields.put("sourceAddress", entry.sourceAddress());
        fields.put("changeDigest", entry.changeDigest());
        fields.put("prevHash", entry.prevHash());
        fields.put("hash", entry.hash());
        try {
            return JSON.writeValueAsString(fields);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an audit entry could not be encoded", e);
        }
    }

    /**
     * Reads one line of {@value #ENTRIES}.
     *
     * @throws IllegalArgumentException naming the field that is missing or of the wrong kind
     */
    static AuditEntry entry(String line) {
        JsonNode node;
        try {
            node = JSON.readTree(line);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("is not JSON");
        }
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException("is not a JSON object");
        }
        for (var field : FIELDS) {
            var value = node.get(field);
            if (value == null) {
                throw new IllegalArgumentException("has no field " + field);
            }
            var kind = field.equals("seq") ? JsonNodeType.NUMBER : JsonNodeType.STRING;
            if (!value.isNull() && value.getNodeType() != kind) {
                throw new IllegalArgumentException(
                        "field %s must be %s".formatted(field, kind == JsonNodeType.NUMBER ? "a number" : "a string"));
            }
        }
        if (!node.get("seq").canConvertToExactIntegral() || !node.get("seq").canConvertToLong()) {
            throw new IllegalArgumentException("field seq must be a whole number");
        }
        Instant at;
        try {
            at = Instant.parse(node.get("at").asText());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("field at must be a time such as 2026-01-02T03:04:05.123456Z");
        }
        return new AuditEntry(
                text(node, "tenant"),
                node.get("seq").asLong(),
                at,
                text(node, "actor"),
                text(node, "roles"),
                text(node, "action"),
                text(node, "objectType"),
                text(node, "objectId"),
                text(node, "requestId"),
                text(node, "sourceAddress"),
                text(node, "changeDigest"),
                text(node, "prevHash"),
                text(node, "hash"));
    }

    /**
     * A signed head's statement: the canonical JSON of its CIRT, seq, hash and signing time (keys
     * sorted, no white space, the time to the second in UTC), as UTF-8. These exact bytes are signed.
     */
    static byte[] statement(String tenant, long seq, String hash, Instant signedAt) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("hash", hash);
        fields.put("seq", seq);
        fields.put("signedAt", signedAt.toString());
        fields.put("tenant", tenant);
        try {
            return JSON.writeValueAsString(fields).getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a head statement could not be encoded", e);
        }
    }

    /** What a head's statement says. */
    record Statement(String tenant, long seq, String hash, Instant signedAt) {}

    /**
     * Reads a head's statement.
     *
     * @throws IllegalArgumentException naming what is missing
     */
    static Statement statement(byte[] bytes) {
        JsonNode node;
        try {
            node = JSON.readTree(bytes);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("is not JSON");
        }
        if (node == null
                || !node.isObject()
                || !node.path("tenant").isTextual()
                || !node.path("seq").canConvertToLong()
                || !node.path("seq").isIntegralNumber()
                || !node.path("hash").isTextual()
                || !node.path("signedAt").isTextual()) {
            throw new IllegalArgumentException("is not a head statement (tenant, seq, hash, signedAt)");
        }
        try {
            return new Statement(
                    node.get("tenant").asText(),
                    node.get("seq").asLong(),
                    node.get("hash").asText(),
                    Instant.parse(node.get("signedAt").asText()));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("has a signedAt that is not a time");
        }
    }

    private static String text(JsonNode node, String field) {
        var value = node.get(field);
        return value.isNull() ? null : value.asText();
    }
}
