package org.opencirt.search;

import co.elastic.clients.elasticsearch._types.FieldValue;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;
import org.opencirt.common.crypto.Digests;
import org.opencirt.common.problem.ApiException;

/**
 * Opaque paging cursors: the sort values of the last hit, bound to the tenant and to the query
 * they page through, signed with HMAC-SHA256 so a client can neither forge nor reuse one
 * for another CIRT or another query. The key is {@link SearchConfig#cursorKey()}.
 */
@ApplicationScoped
public class Cursors {

    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    private final byte[] key;
    private final ObjectMapper json;

    Cursors(SearchConfig config, ObjectMapper json) {
        this.key = config.cursorKey().getBytes(StandardCharsets.UTF_8);
        this.json = json;
    }

    private record Payload(String t, String q, List<Object> s) {}

    String encode(String tenant, String queryFingerprint, List<FieldValue> sortValues) {
        try {
            var payload = json.writeValueAsBytes(new Payload(
                    tenant,
                    queryFingerprint,
                    sortValues.stream().map(Cursors::plain).toList()));
            var body = ENCODER.encodeToString(payload);
            return body + "." + ENCODER.encodeToString(sign(body));
        } catch (Exception e) {
            throw new IllegalStateException("cursor cannot be written", e);
        }
    }

    /**
     * A cursor for paging that is not Elasticsearch's (rows of PostgreSQL, say): the position is a list of strings,
     * signed and bound to the tenant and the query as the search cursors are.
     */
    public String encodePosition(String tenant, String queryFingerprint, List<String> position) {
        return encode(
                tenant, queryFingerprint, position.stream().map(FieldValue::of).toList());
    }

    /**
     * The position in a cursor {@link #encodePosition} made, or null for the first page (no cursor).
     *
     * @throws ApiException 400 naming {@code parameter} for a cursor that is not one of this query and tenant
     */
    public List<String> position(String cursor, String tenant, String queryFingerprint, String parameter) {
        if (cursor == null || cursor.isBlank()) {
            return null;
        }
        try {
            return decode(cursor, tenant, queryFingerprint).stream()
                    .map(FieldValue::stringValue)
                    .toList();
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw ApiException.invalid(parameter, e.getMessage());
        }
    }

    /**
     * Where a page starts: the sort values in a client's cursor, or null for the first page (no cursor).
     *
     * @throws ApiException 400 for a cursor that is not one of this search (forged, damaged, another tenant's or query's)
     */
    List<FieldValue> after(String cursor, String tenant, String queryFingerprint) {
        if (cursor == null || cursor.isBlank()) {
            return null;
        }
        try {
            return decode(cursor, tenant, queryFingerprint);
        } catch (IllegalArgumentException e) {
            throw ApiException.invalid("cursor", e.getMessage());
        }
    }

    /**
     * The sort values in a cursor.
     *
     * @throws IllegalArgumentException when the cursor is forged, damaged, or for another tenant or query
     */
    private List<FieldValue> decode(String cursor, String tenant, String queryFingerprint) {
        var dot = cursor.indexOf('.');
        if (dot < 1) {
            throw new IllegalArgumentException("not a cursor");
        }
        var body = cursor.substring(0, dot);
        byte[] signature;
        try {
            signature = DECODER.decode(cursor.substring(dot + 1));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not a cursor");
        }
        if (!MessageDigest.isEqual(signature, sign(body))) {
            throw new IllegalArgumentException("the cursor's signature does not match");
        }
        Payload payload;
        try {
            payload = json.readValue(DECODER.decode(body), new TypeReference<Payload>() {});
        } catch (Exception e) {
            throw new IllegalArgumentException("not a cursor");
        }
        if (!tenant.equals(payload.t()) || !queryFingerprint.equals(payload.q())) {
            throw new IllegalArgumentException("the cursor belongs to another search");
        }
        return payload.s().stream().map(Cursors::fieldValue).toList();
    }

    private byte[] sign(String body) {
        return Digests.hmacSha256(key, body.getBytes(StandardCharsets.US_ASCII));
    }

    private static Object plain(FieldValue value) {
        return switch (value._kind()) {
            case Long -> value.longValue();
            case Double -> value.doubleValue();
            case Boolean -> value.booleanValue();
            case Null -> null;
            default -> value.stringValue();
        };
    }

    private static FieldValue fieldValue(Object value) {
        return switch (value) {
            case null -> FieldValue.NULL;
            case Integer i -> FieldValue.of(i.longValue());
            case Long l -> FieldValue.of(l);
            case Double d -> FieldValue.of(d);
            case Boolean b -> FieldValue.of(b);
            default -> FieldValue.of(value.toString());
        };
    }
}
