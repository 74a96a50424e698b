package org.opencirt.common.archive;

/**
 * An archive that cannot be imported as it is: the message names the file (and line) and what is
 * wrong, never a value from it. Nothing of the archive is stored when it is thrown.
 */
public class ArchiveRefused extends RuntimeException {

    public ArchiveRefused(String message) {
        super(message);
    }
}
