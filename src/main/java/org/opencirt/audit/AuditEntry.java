package org.opencirt.audit;

import java.time.Instant;

/**
 * One entry of the audit trail, as stored and as the API answers it (docs/audit.md).
 *
 * @param tenant        the CIRT whose chain holds the entry; null for the platform's chain
 * @param seq           its place in the chain: 1, 2, 3... without gaps
 * @param at            when the change was made (to the microsecond)
 * @param actor         the user's login name or the machine client's id; {@code anonymous} without a token
 * @param roles         the caller's roles that the operation allows, sorted, comma-separated
 * @param action        the operation: the resource and its method, such as {@code incident.create}
 * @param objectType    what was changed or read (the path's collection, such as {@code incidents}), or null
 * @param objectId      its id, or null
 * @param requestId     the request's id ({@code X-Request-Id} when the caller sent a usable one)
 * @param sourceAddress the client's address
 * @param changeDigest  SHA-256 of the request's parameters and body (hex), or null where the body is a secret
 * @param prevHash      the previous entry's hash (64 zeros for the first)
 * @param hash          SHA-256 over {@code prevHash} and the canonical encoding of this entry
 */
public record AuditEntry(
        String tenant,
        long seq,
        Instant at,
        String actor,
        String roles,
        String action,
        String objectType,
        String objectId,
        String requestId,
        String sourceAddress,
        String changeDigest,
        String prevHash,
        String hash) {}
