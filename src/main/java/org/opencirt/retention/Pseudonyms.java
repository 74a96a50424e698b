package org.opencirt.retention;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.HexFormat;
import java.util.Locale;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A reporter's pseudonym: HMAC-SHA-256 of their normalised address (or name, for a reporter without one) under a
 * random key of their CIRT, cut to 80 bits. The same reporter gets the same pseudonym within a CIRT, so their
 * incidents stay linked; another CIRT's pseudonym of them differs; nobody computes the address back from it.
 */
@ApplicationScoped
public class Pseudonyms {

    static final String PREFIX = "pseudonym-";
    private static final int KEY_BYTES = 32;
    private static final int PSEUDONYM_BYTES = 10;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final EntityManager em;
    private final Clock clock;

    Pseudonyms(EntityManager em, Clock clock) {
        this.em = em;
        this.clock = clock;
    }

    /** The pseudonym of a reporter of a CIRT, by address, or by name when there is no address. */
    @Transactional
    public String of(String tenant, String address, String name) {
        var subject = address != null ? "email:" + normalise(address) : "name:" + normalise(name);
        try {
            var mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key(tenant), "HmacSHA256"));
            var digest = mac.doFinal(subject.getBytes(StandardCharsets.UTF_8));
            return PREFIX + HexFormat.of().formatHex(digest, 0, PSEUDONYM_BYTES);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA-256 is not available", e);
        }
    }

    /** Trimmed and lower-cased: {@code Alice@Example.org } and {@code alice@example.org} are one reporter. */
    static String normalise(String value) {
        return value.strip().toLowerCase(Locale.ROOT);
    }

    /** The CIRT's key, made on first use (a replica racing this one makes the same row win). */
    private byte[] key(String tenant) {
        var fresh = new byte[KEY_BYTES];
        RANDOM.nextBytes(fresh);
        em.createNativeQuery(
                        "insert into retention_key (tenant, key, created_at) values (?1, ?2, ?3) on conflict do nothing")
                .setParameter(1, tenant)
                .setParameter(2, fresh)
                .setParameter(3, clock.instant())
                .executeUpdate();
        return (byte[]) em.createNativeQuery("select key from retention_key where tenant = ?1")
                .setParameter(1, tenant)
                .getSingleResult();
    }
}
