package org.opencirt.advisory.repository;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** The CIRTs' OpenPGP keys. */
@ApplicationScoped
public class SigningKeyRepository implements PanacheRepositoryBase<SigningKey, UUID> {

    public Optional<SigningKey> active(String tenant) {
        return find("tenant = ?1 and active = true", tenant).firstResultOptional();
    }

    public List<SigningKey> all(String tenant) {
        return find("tenant", Sort.ascending("createdAt").and("fingerprint"), tenant)
                .list();
    }

    public Optional<SigningKey> byFingerprint(String tenant, String fingerprint) {
        return find("tenant = ?1 and fingerprint = ?2", tenant, fingerprint).firstResultOptional();
    }

    /** Every key of the platform: their public parts verify signatures posted to the verify endpoint. */
    public List<SigningKey> everyKey() {
        return listAll(Sort.ascending("createdAt"));
    }

    /**
     * Serialises imports platform-wide within the current transaction: the check that no other key
     * holds an imported key's ids and the insert must not interleave with another CIRT's import.
     */
    public void lockImports() {
        getEntityManager()
                .createNativeQuery("select pg_advisory_xact_lock(hashtext('advisory-key-import'))")
                .getSingleResult();
    }

    /** Serialises key creation per CIRT within the current transaction. */
    public void lockTenant(String tenant) {
        getEntityManager()
                .createNativeQuery("select pg_advisory_xact_lock(hashtext('advisory-key:' || :tenant))")
                .setParameter("tenant", tenant)
                .getSingleResult();
    }
}
