package org.opencirt.portability;

/** The layout of a CIRT's archive (docs/portability.md): a folder per part, the manifest, the checksums. */
final class CirtArchive {

    static final String FORMAT = "opencirt-cirt-archive";

    /** Raised when a reader of an older version could no longer read the archive. */
    static final int FORMAT_VERSION = 1;

    /** What the archive holds: the CIRT, when, for which key, the schema version, and each part's tables and counts. */
    static final String MANIFEST = "manifest.json";

    /** The SHA-256 of every other file, in {@code sha256sum} format; written last. */
    static final String SUMS = "SHA256SUMS";

    private CirtArchive() {}
}
