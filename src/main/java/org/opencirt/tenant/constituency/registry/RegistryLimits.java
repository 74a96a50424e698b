package org.opencirt.tenant.constituency.registry;

/**
 * How much a read accepts before it stops with a {@link RegistryFormatException}: a dump is large but not
 * endless, and a hostile file must not exhaust memory.
 *
 * @param maxBytes bytes read from the input
 * @param maxObjects RPSL objects, or RDAP answers
 * @param maxLineLength bytes in one RPSL line (RDAP: not used)
 * @param maxAttributesPerObject attributes of one RPSL object, or entities (nested ones included) of one RDAP answer
 * @param maxOrganisations organisations in the result
 * @param maxWarnings warnings kept; further ones are counted only
 */
public record RegistryLimits(
        long maxBytes,
        long maxObjects,
        int maxLineLength,
        int maxAttributesPerObject,
        int maxOrganisations,
        int maxWarnings) {

    /** Enough for a whole RIR dump (RIPE's is about 6 GB uncompressed), not for an endless stream. */
    public static final RegistryLimits DEFAULTS =
            new RegistryLimits(16L * 1024 * 1024 * 1024, 50_000_000, 4096, 1000, 1_000_000, 1000);

    public RegistryLimits {
        if (maxBytes < 1
                || maxObjects < 1
                || maxLineLength < 80
                || maxAttributesPerObject < 1
                || maxOrganisations < 1
                || maxWarnings < 0) {
            throw new IllegalArgumentException("registry limits must be positive (a line at least 80 bytes)");
        }
    }
}
