package org.opencirt.tenant.constituency.registry;

/**
 * Something read but not used: an object kind skipped, a handle not resolved, a range not valid. The message
 * quotes nothing from the file but a handle.
 *
 * @param line the line (RPSL) or the line of the answer (RDAP) the warning is about, from 1
 * @param message what was wrong and what was done about it
 */
public record RegistryWarning(long line, String message) {

    @Override
    public String toString() {
        return "line " + line + ": " + message;
    }
}
