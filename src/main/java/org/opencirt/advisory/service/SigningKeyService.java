package org.opencirt.advisory.service;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.bouncycastle.openpgp.PGPPrivateKey;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.jboss.logging.Logger;
import org.opencirt.advisory.repository.SigningKey;
import org.opencirt.advisory.repository.SigningKeyRepository;
import org.opencirt.advisory.signing.OpenPgp;
import org.opencirt.advisory.signing.SigningConfig;
import org.opencirt.common.crypto.KekTable;
import org.opencirt.common.crypto.KeyEncryption;
import org.opencirt.common.problem.ApiException;
import org.opencirt.common.problem.ProblemType;
import org.opencirt.tenant.TenantService;

/**
 * Each CIRT's OpenPGP keys: generated at onboarding (or on first use for CIRTs that predate
 * advisories), imported, rotated; and signing with the active one. Private keys are decrypted
 * only here, and kept in memory once decrypted (by fingerprint) so signing does not pay for
 * AES-GCM and parsing each time.
 */
@ApplicationScoped
public class SigningKeyService {

    private static final Logger LOG = Logger.getLogger(SigningKeyService.class);

    private final SigningKeyRepository keys;
    private final TenantService tenants;
    private final SigningConfig config;
    private final KeyEncryption kek;
    private final Clock clock;
    private final Map<String, Unlocked> unlocked = new ConcurrentHashMap<>();

    record Unlocked(PGPPrivateKey privateKey, PGPPublicKey publicKey) {}

    SigningKeyService(
            SigningKeyRepository keys, TenantService tenants, SigningConfig config, KeyEncryption kek, Clock clock) {
        this.keys = keys;
        this.tenants = tenants;
        this.config = config;
        this.kek = kek;
        this.clock = clock;
    }

    /** A key as the API shows it: never the private part. */
    public record KeyView(
            String fingerprint,
            String signingFingerprint,
            String algorithm,
            String origin,
            boolean active,
            Instant createdAt,
            Instant expiresAt,
            Instant retiredAt) {

        static KeyView of(SigningKey k) {
            return new KeyView(
                    k.fingerprint,
                    k.signingFingerprint,
                    k.algorithm,
                    k.origin,
                    k.active,
                    k.createdAt,
                    k.expiresAt,
                    k.retiredAt);
        }
    }

    /** A detached signature and the key that made it. */
    public record Signed(String armored, String fingerprint) {}

    /** The CIRT's active key, generating one first if it has none (CIRTs onboarded before advisories). */
    @Transactional
    public SigningKey active(String tenant) {
        var existing = keys.active(tenant);
        if (existing.isPresent() && existing.get().expiresAt.isAfter(clock.instant())) {
            return existing.get();
        }
        keys.lockTenant(tenant);
        var again = keys.active(tenant);
        if (again.isPresent() && again.get().expiresAt.isAfter(clock.instant())) {
            return again.get();
        }
        return store(tenant, generateFor(tenant), "generated");
    }

    /** Generates the first key of a newly onboarded CIRT (idempotent: nothing if it has one). */
    public void ensureKey(String tenant) {
        QuarkusTransaction.requiringNew().run(() -> active(tenant));
    }

    /** Makes a new key the active one; the old one is retired but stays published. */
    @Transactional
    public KeyView rotate(String tenant) {
        keys.lockTenant(tenant);
        return KeyView.of(store(tenant, generateFor(tenant), "generated"));
    }

    /**
     * Imports a secret key (armored, optionally passphrase-protected) as the CIRT's active key. The
     * key's own signatures must hold ({@link OpenPgp#checkSelfSignatures}), it must be able to sign
     * now, and none of its keys (primary or subkey) may be one the platform already holds: a key id
     * names exactly one CIRT's key, so {@code /verify} can name the signer.
     *
     * @throws ApiException 400 naming the rule that failed (never the key material), 409 when the CIRT already has this key
     */
    @Transactional
    public KeyView importKey(String tenant, String armored, String passphrase) {
        if (armored == null || armored.isBlank()) {
            throw ApiException.invalid("/secretKey", "is required: an ASCII-armored OpenPGP secret key");
        }
        OpenPgp.KeyMaterial material;
        try {
            material = OpenPgp.importSecretKey(armored, passphrase, clock.instant());
        } catch (IllegalArgumentException e) {
            throw ApiException.invalid("/secretKey", e.getMessage());
        }
        keys.lockImports();
        keys.lockTenant(tenant);
        if (keys.byFingerprint(tenant, material.fingerprint()).isPresent()) {
            throw ApiException.conflict(
                    "The key %s is already one of this CIRT's keys".formatted(material.fingerprint()));
        }
        var imported = OpenPgp.keyIds(OpenPgp.publicRing(material.secretRing()));
        for (var stored : keys.everyKey()) {
            var taken = OpenPgp.keyIds(OpenPgp.readPublicRing(stored.publicKey)).stream()
                    .filter(imported::contains)
                    .findFirst();
            if (taken.isPresent()) {
                // which CIRT holds it is not said: that is the other CIRT's business
                throw ApiException.invalid(
                        "/secretKey",
                        "contains a key (key id %016X) that is already on the platform, as another key's primary key or subkey; a key can belong to one CIRT only"
                                .formatted(taken.get()));
            }
        }
        return KeyView.of(store(tenant, material, "imported"));
    }

    public List<KeyView> list(String tenant) {
        return keys.all(tenant).stream().map(KeyView::of).toList();
    }

    /**
     * One key of the CIRT by its fingerprint, public facts only.
     *
     * @throws ApiException 404 when the CIRT has no such key
     */
    public KeyView key(String tenant, String fingerprint) {
        return keys.byFingerprint(tenant, fingerprint)
                .map(KeyView::of)
                .orElseThrow(() -> ApiException.notFound("Key " + fingerprint));
    }

    /** Every key of the CIRT, public parts only, oldest first (what its directory publishes). */
    public List<SigningKey> publicKeys(String tenant) {
        return keys.all(tenant);
    }

    /** Every key of the CIRT, oldest first, as its ASCII-armored public key (what verifies its signatures). */
    public List<String> publicKeysArmored(String tenant) {
        return keys.all(tenant).stream().map(k -> k.publicKey).toList();
    }

    /** Signs exactly {@code data} with the CIRT's active key. */
    public Signed sign(String tenant, byte[] data, Instant at) {
        var key = active(tenant);
        var secret = unlocked.computeIfAbsent(key.fingerprint, fingerprint -> unlock(key));
        return new Signed(
                OpenPgp.signDetached(
                        data,
                        secret.privateKey(),
                        secret.publicKey(),
                        config.digest().tag(),
                        at),
                key.fingerprint);
    }

    /** The hash of {@link #sign}'s signatures as RFC 3156's {@code micalg} names it: {@code pgp-sha512}. */
    public String micalg() {
        return "pgp-" + config.digest().name().toLowerCase(java.util.Locale.ROOT);
    }

    /** Verifies a detached signature against every key of the platform. */
    public OpenPgp.Verification verify(byte[] data, String armoredSignature) {
        var rings = keys.everyKey().stream()
                .map(k -> OpenPgp.readPublicRing(k.publicKey))
                .toList();
        return OpenPgp.verify(data, armoredSignature, rings);
    }

    /** The CIRT that owns a key (by primary fingerprint). */
    public String ownerOf(String fingerprint) {
        return keys.find("fingerprint", fingerprint)
                .firstResultOptional()
                .map(k -> k.tenant)
                .orElse(null);
    }

    private Unlocked unlock(SigningKey key) {
        if (!key.kekId.equals(kek.kekId())) {
            throw new ApiException(
                    ProblemType.INTERNAL,
                    "The signing key of %s was stored under another key-encryption key (%s, configured %s)"
                            .formatted(key.tenant, key.kekId, kek.kekId()));
        }
        var ring = OpenPgp.readSecretRing(kek.decrypt(key.privateKey, associatedData(key.tenant, key.fingerprint)));
        var now = clock.instant();
        var secret = OpenPgp.signingSecretKey(ring, now)
                .orElseThrow(() -> new IllegalStateException("no valid signing key in " + key.fingerprint));
        return new Unlocked(OpenPgp.signingKey(ring, now), secret.getPublicKey());
    }

    private OpenPgp.KeyMaterial generateFor(String tenant) {
        var profile = tenants.get(tenant);
        var userId = "%s <%s>".formatted(profile.name().replace('<', '(').replace('>', ')'), profile.contactEmail());
        var started = System.nanoTime();
        var material = OpenPgp.generate(userId, config.algorithm(), config.keyValidity(), clock.instant());
        LOG.infof(
                "generated OpenPGP key %s (%s) for %s in %d ms",
                material.fingerprint(), material.algorithm(), tenant, (System.nanoTime() - started) / 1_000_000);
        return material;
    }

    private SigningKey store(String tenant, OpenPgp.KeyMaterial material, String origin) {
        var now = clock.instant();
        keys.active(tenant).ifPresent(old -> {
            old.active = false;
            old.retiredAt = now;
        });
        keys.flush();
        var key = new SigningKey();
        key.id = UUID.randomUUID();
        key.tenant = tenant;
        key.fingerprint = material.fingerprint();
        key.signingFingerprint = material.signingFingerprint();
        key.algorithm = material.algorithm();
        key.origin = origin;
        key.createdAt = material.createdAt();
        key.expiresAt = material.expiresAt();
        key.active = true;
        key.publicKey = material.publicArmored();
        key.privateKey = kek.encrypt(material.secretEncoded(), associatedData(tenant, material.fingerprint()));
        key.kekId = kek.kekId();
        keys.persist(key);
        keys.flush();
        return key;
    }

    private static String associatedData(String tenant, String fingerprint) {
        return KekTable.SIGNING_KEY.associatedData(tenant, fingerprint);
    }
}
