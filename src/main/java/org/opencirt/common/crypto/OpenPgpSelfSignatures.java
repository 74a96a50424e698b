package org.opencirt.common.crypto;

import java.util.ArrayList;
import java.util.HexFormat;
import org.bouncycastle.bcpg.sig.KeyFlags;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPPublicKeyRing;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.operator.bc.BcPGPContentVerifierBuilderProvider;

/**
 * The check of an OpenPGP key's own signatures, which every key the platform takes from outside
 * passes: a CIRT's imported signing key, an archive's recipient, a contact's key.
 */
public final class OpenPgpSelfSignatures {

    private OpenPgpSelfSignatures() {}

    /**
     * The ring's own signatures, verified: the primary key has a valid self-signature and no valid
     * revocation; every subkey has a binding signature made by the primary key, and every binding
     * signature on it verifies (its flags and expiry are what the platform reads); a subkey that may
     * sign carries a valid primary-key binding (back) signature made by the subkey itself. So a subkey
     * lifted from another key (another CIRT's) cannot pass for this key's, and one whose private key
     * the importer does not hold cannot be claimed.
     *
     * @throws IllegalArgumentException naming the rule and the subkey's fingerprint
     */
    public static void check(PGPPublicKeyRing ring) {
        var primary = ring.getPublicKey();
        try {
            var certified = false;
            for (var signature : iterable(primary.getSignatures())) {
                var type = signature.getSignatureType();
                if (signature.getKeyID() != primary.getKeyID()) {
                    continue; // a certification by someone else: not the key's own statement
                }
                if (type == PGPSignature.KEY_REVOCATION
                        && verifies(signature, primary, s -> s.verifyCertification(primary))) {
                    throw new IllegalArgumentException(
                            "is revoked (its primary key carries a valid revocation signature)");
                }
                if (type == PGPSignature.DIRECT_KEY
                        && verifies(signature, primary, s -> s.verifyCertification(primary))) {
                    certified = true;
                }
            }
            for (var userId : iterable(primary.getUserIDs())) {
                for (var signature : iterable(primary.getSignaturesForID(userId))) {
                    if (signature.getKeyID() == primary.getKeyID()
                            && signature.isCertification()
                            && verifies(signature, primary, s -> s.verifyCertification(userId, primary))) {
                        certified = true;
                    }
                }
            }
            if (!certified) {
                throw new IllegalArgumentException("has no valid self-signature on its primary key");
            }
            for (var subkey : iterable(ring.getPublicKeys())) {
                if (subkey.isMasterKey()) {
                    continue;
                }
                checkBinding(primary, subkey);
            }
        } catch (PGPException e) {
            throw new IllegalArgumentException("has a signature that cannot be checked");
        }
    }

    private static void checkBinding(PGPPublicKey primary, PGPPublicKey subkey) throws PGPException {
        var name = HexFormat.of().withUpperCase().formatHex(subkey.getFingerprint());
        var bindings = new ArrayList<PGPSignature>();
        subkey.getSignaturesOfType(PGPSignature.SUBKEY_BINDING).forEachRemaining(bindings::add);
        if (bindings.isEmpty()) {
            throw new IllegalArgumentException(
                    "has a subkey %s without a binding signature from its primary key".formatted(name));
        }
        for (var binding : bindings) {
            if (!verifies(binding, primary, s -> s.verifyCertification(primary, subkey))) {
                throw new IllegalArgumentException(
                        "has a subkey %s whose binding signature was not made by its primary key (a subkey of another key?)"
                                .formatted(name));
            }
            var hashed = binding.getHashedSubPackets();
            if (hashed == null || (hashed.getKeyFlags() & KeyFlags.SIGN_DATA) == 0) {
                continue;
            }
            var backSignatures = new ArrayList<PGPSignature>();
            hashed.getEmbeddedSignatures().forEach(backSignatures::add);
            if (binding.getUnhashedSubPackets() != null) {
                binding.getUnhashedSubPackets().getEmbeddedSignatures().forEach(backSignatures::add);
            }
            var backed = false;
            for (var back : backSignatures) {
                if (back.getSignatureType() == PGPSignature.PRIMARYKEY_BINDING
                        && verifies(back, subkey, s -> s.verifyCertification(primary, subkey))) {
                    backed = true;
                }
            }
            if (!backed) {
                throw new IllegalArgumentException(
                        "has a signing subkey %s without a valid primary-key binding (back) signature made by the subkey"
                                .formatted(name));
            }
        }
    }

    private interface Check {
        boolean verify(PGPSignature signature) throws PGPException;
    }

    /** Whether the signature verifies with {@code signer}; a malformed one does not. */
    private static boolean verifies(PGPSignature signature, PGPPublicKey signer, Check check) {
        try {
            signature.init(new BcPGPContentVerifierBuilderProvider(), signer);
            return check.verify(signature);
        } catch (PGPException | RuntimeException e) {
            return false;
        }
    }

    private static <T> Iterable<T> iterable(java.util.Iterator<T> iterator) {
        return () -> iterator;
    }
}
