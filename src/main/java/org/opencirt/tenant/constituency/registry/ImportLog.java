package org.opencirt.tenant.constituency.registry;

import java.util.ArrayList;
import java.util.List;

/** The warnings and counts of one read; warnings beyond the limit are only counted. */
final class ImportLog {

    private final int maxWarnings;
    private final List<RegistryWarning> warnings = new ArrayList<>();
    long objects;
    long networks;
    long asns;
    long skipped;
    long filteredOut;
    private long omitted;

    ImportLog(int maxWarnings) {
        this.maxWarnings = maxWarnings;
    }

    void warn(long line, String message) {
        if (warnings.size() < maxWarnings) {
            warnings.add(new RegistryWarning(line, message));
        } else {
            omitted++;
        }
    }

    RegistryImport result(List<RegistryOrganisation> organisations) {
        return new RegistryImport(
                organisations, new RegistryCounts(objects, networks, asns, skipped, filteredOut, omitted), warnings);
    }
}
