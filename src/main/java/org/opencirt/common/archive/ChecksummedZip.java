package org.opencirt.common.archive;

import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.SQLException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * A zip written as a stream, file by file, that keeps every file's SHA-256 and ends with a
 * manifest of them in {@code sha256sum} format ({@code HEX  PATH} per line: what {@code sha256sum -c}
 * reads). The stream it writes to stays open.
 */
public final class ChecksummedZip {

    private static final Pattern PATH = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._+-]*(/[A-Za-z0-9][A-Za-z0-9._+-]*)*");

    private final ZipOutputStream zip;
    private final Map<String, String> sums = new LinkedHashMap<>();

    public ChecksummedZip(OutputStream out) {
        this.zip = new ZipOutputStream(new FilterOutputStream(out) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
            }

            @Override
            public void close() throws IOException {
                flush(); // the caller's stream stays open
            }
        });
    }

    /**
     * Writes one file and keeps its SHA-256.
     *
     * @throws IllegalArgumentException when the path is not a plain relative path, or was written already
     */
    public void file(String path, ArchiveFolder.FileBody body) throws IOException, SQLException {
        if (!PATH.matcher(path).matches() || path.contains("..")) {
            throw new IllegalArgumentException("not a plain relative path in an archive: " + path);
        }
        if (sums.containsKey(path)) {
            throw new IllegalArgumentException("written twice in an archive: " + path);
        }
        zip.putNextEntry(new ZipEntry(path));
        var digest = sha256();
        var entry = new DigestOutputStream(
                new FilterOutputStream(zip) {
                    @Override
                    public void write(byte[] b, int off, int len) throws IOException {
                        out.write(b, off, len);
                    }

                    @Override
                    public void close() {
                        // the zip entry is closed below
                    }
                },
                digest);
        var buffered = new BufferedOutputStream(entry, 64 * 1024);
        body.write(buffered);
        buffered.flush();
        zip.closeEntry();
        sums.put(path, HexFormat.of().formatHex(digest.digest()));
    }

    /** The files written under {@code prefix} as a folder of this zip; the empty prefix is the zip's top. */
    public ArchiveFolder folder(String prefix) {
        return new ArchiveFolder() {
            @Override
            public void file(String name, FileBody body) throws IOException, SQLException {
                ChecksummedZip.this.file(prefix.isEmpty() ? name : prefix + "/" + name, body);
            }

            @Override
            public Map<String, String> sums() {
                return ChecksummedZip.this.sums(prefix);
            }
        };
    }

    /** The SHA-256 (hex) of the files written so far under {@code prefix}, by their path relative to it, in order. */
    private Map<String, String> sums(String prefix) {
        var below = new LinkedHashMap<String, String>();
        sums.forEach((path, sum) -> {
            if (prefix.isEmpty()) {
                below.put(path, sum);
            } else if (path.startsWith(prefix + "/")) {
                below.put(path.substring(prefix.length() + 1), sum);
            }
        });
        return below;
    }

    /** A manifest in {@code sha256sum} format of the given sums. */
    public static byte[] manifest(Map<String, String> sums) {
        var manifest = new StringBuilder();
        sums.forEach(
                (path, sum) -> manifest.append(sum).append("  ").append(path).append('\n'));
        return manifest.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Writes the manifest of every file as {@code name} (not itself in it) and ends the zip. */
    public void finish(String name) throws IOException, SQLException {
        var manifest = manifest(sums(""));
        file(name, out -> out.write(manifest));
        zip.close();
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
