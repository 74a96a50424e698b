package org.opencirt.common.archive;

import java.io.IOException;
import java.io.OutputStream;
import java.sql.SQLException;
import java.util.Map;

/** A part's folder in an archive being written: each file is streamed in, and its SHA-256 goes into the manifest. */
public interface ArchiveFolder {

    /**
     * Writes one file under the folder.
     *
     * @param name a relative path of letters, digits, {@code -_.+} and {@code /} ({@code incidents.jsonl},
     *     {@code attachments/3f1c...}); never {@code ..}
     */
    void file(String name, FileBody body) throws IOException, SQLException;

    /** The SHA-256 (hex) of the files written so far under this folder, by their relative path, in order. */
    Map<String, String> sums();

    /** What writes a file's bytes; the stream is buffered, and the folder closes the entry after it. */
    @FunctionalInterface
    interface FileBody {
        void write(OutputStream out) throws IOException, SQLException;
    }
}
