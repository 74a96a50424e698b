package org.opencirt.common.idempotency;

/**
 * An answer that holds a secret shown once (a public report's status token). The answers kept
 * for {@link Idempotent} replays hold what {@link #withoutSecret()} gives instead: a database
 * dump or backup never yields the secret, and a replay answers without it.
 */
public interface HoldsSecret {

    /** This answer with the secret replaced by its SHA-256 (or left out). */
    Object withoutSecret();
}
