package org.opencirt.tenant.constituency.registry;

import java.util.List;

/**
 * The result of reading a registry's data: the organisations, what was counted, and the warnings.
 *
 * @param organisations in the order their first network or ASN was read
 * @param counts what the read went through
 * @param warnings at most {@link RegistryLimits#maxWarnings()}, in the order found
 */
public record RegistryImport(
        List<RegistryOrganisation> organisations, RegistryCounts counts, List<RegistryWarning> warnings) {

    public RegistryImport {
        organisations = List.copyOf(organisations);
        warnings = List.copyOf(warnings);
    }
}
