package org.opencirt.common.archive;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/**
 * A part's folder in an archive being imported, whose checksums have been checked: the files the
 * part wrote under its folder, read back.
 */
public interface ArchiveSource {

    /** True when the folder holds the file. */
    boolean has(String name);

    /**
     * The file's bytes, streamed.
     *
     * @throws ArchiveRefused when the folder does not hold it
     */
    InputStream open(String name) throws IOException;

    /** The files under {@code prefix} ({@code attachments/}), by their name relative to the folder, in order. */
    List<String> names(String prefix);

    /** The path of {@code name} in the archive, for messages ({@code incidents/incident.jsonl}). */
    String path(String name);
}
