package org.opencirt.tenant.constituency.registry;

/**
 * What one read went through.
 *
 * @param objects RPSL objects, or RDAP answers, read
 * @param networks networks kept (objects, not CIDR blocks)
 * @param asns ASNs kept
 * @param skipped objects or answers of a kind not read, or not valid
 * @param filteredOut networks and ASNs left out by the country filter
 * @param warningsOmitted warnings beyond {@link RegistryLimits#maxWarnings()}, counted only
 */
public record RegistryCounts(
        long objects, long networks, long asns, long skipped, long filteredOut, long warningsOmitted) {}
