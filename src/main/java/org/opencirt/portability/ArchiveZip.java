package org.opencirt.portability;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import org.opencirt.common.archive.ArchiveRefused;
import org.opencirt.common.archive.ArchiveSource;
import org.opencirt.common.crypto.Digests;

/**
 * A CIRT's archive (decrypted) opened for the import: every file is checked against {@code SHA256SUMS}
 * before anything is read from it, and each part reads its folder through an {@link ArchiveSource}.
 */
final class ArchiveZip implements AutoCloseable {

    /** Files an archive may hold (every attachment is one): more is not an archive this installation wrote. */
    static final int MAX_FILES = 1_000_000;

    /** The largest {@code SHA256SUMS} read: a line a file, about a hundred bytes each. */
    static final int MAX_SUMS_BYTES = 256 * 1024 * 1024;

    private static final Pattern SUM_LINE =
            Pattern.compile("([0-9a-f]{64}) [ *]([A-Za-z0-9][A-Za-z0-9._+-]*(/[A-Za-z0-9][A-Za-z0-9._+-]*)*)");

    private final ZipFile zip;
    private final List<String> names;

    private ArchiveZip(ZipFile zip, List<String> names) {
        this.zip = zip;
        this.names = names;
    }

    /**
     * Opens the archive and checks that its files are exactly those {@code SHA256SUMS} lists, each with
     * its checksum.
     *
     * @throws ArchiveRefused when it is not a zip, is truncated, or a file is missing, extra or altered
     */
    static ArchiveZip open(Path file) throws IOException {
        ZipFile zip;
        try {
            zip = new ZipFile(file.toFile());
        } catch (ZipException e) {
            throw new ArchiveRefused("the archive is not a zip file, or it is truncated or damaged");
        }
        try {
            if (zip.size() > MAX_FILES) {
                throw new ArchiveRefused("the archive holds more than %d files".formatted(MAX_FILES));
            }
            var sums = sums(zip);
            var names = new ArrayList<String>();
            for (var entry : Collections.list(zip.entries())) {
                if (entry.isDirectory() || entry.getName().equals(CirtArchive.SUMS)) {
                    continue;
                }
                if (!sums.containsKey(entry.getName())) {
                    throw new ArchiveRefused(
                            "the archive holds a file that %s does not list".formatted(CirtArchive.SUMS));
                }
                names.add(entry.getName());
            }
            for (var listed : sums.entrySet()) {
                var entry = zip.getEntry(listed.getKey());
                if (entry == null) {
                    throw new ArchiveRefused("%s is listed in %s but missing from the archive"
                            .formatted(listed.getKey(), CirtArchive.SUMS));
                }
                if (!sha256(zip, listed.getKey()).equals(listed.getValue())) {
                    throw new ArchiveRefused(
                            "%s does not match its SHA-256 in %s".formatted(listed.getKey(), CirtArchive.SUMS));
                }
            }
            return new ArchiveZip(zip, List.copyOf(names));
        } catch (ArchiveRefused | IOException e) {
            zip.close();
            if (e instanceof ZipException) {
                throw new ArchiveRefused("the archive is truncated or damaged");
            }
            throw e;
        }
    }

    /** A file at the top of the archive. */
    InputStream open(String name) throws IOException {
        var entry = zip.getEntry(name);
        if (entry == null) {
            throw new ArchiveRefused(name + " is missing");
        }
        return zip.getInputStream(entry);
    }

    /** The top-level folders that hold files. */
    List<String> folders() {
        return names.stream()
                .filter(name -> name.contains("/"))
                .map(name -> name.substring(0, name.indexOf('/')))
                .distinct()
                .toList();
    }

    /** A part's folder. */
    ArchiveSource folder(String folder) {
        var prefix = folder + "/";
        return new ArchiveSource() {
            @Override
            public boolean has(String name) {
                return zip.getEntry(prefix + name) != null;
            }

            @Override
            public InputStream open(String name) throws IOException {
                return ArchiveZip.this.open(prefix + name);
            }

            @Override
            public List<String> names(String under) {
                return names.stream()
                        .filter(name -> name.startsWith(prefix + under))
                        .map(name -> name.substring(prefix.length()))
                        .toList();
            }

            @Override
            public String path(String name) {
                return prefix + name;
            }
        };
    }

    @Override
    public void close() throws IOException {
        zip.close();
    }

    private static Map<String, String> sums(ZipFile zip) throws IOException {
        var entry = zip.getEntry(CirtArchive.SUMS);
        if (entry == null) {
            throw new ArchiveRefused("the archive has no " + CirtArchive.SUMS);
        }
        byte[] bytes;
        try (var in = zip.getInputStream(entry)) {
            bytes = in.readNBytes(MAX_SUMS_BYTES + 1);
        }
        if (bytes.length > MAX_SUMS_BYTES) {
            throw new ArchiveRefused(CirtArchive.SUMS + " is larger than %d bytes".formatted(MAX_SUMS_BYTES));
        }
        var text = new String(bytes, StandardCharsets.UTF_8);
        var sums = new LinkedHashMap<String, String>();
        var lines = text.split("\n");
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].isEmpty()) {
                continue;
            }
            var match = SUM_LINE.matcher(lines[i]);
            if (!match.matches()) {
                throw new ArchiveRefused("%s line %d is not 'SHA256  PATH' with a plain relative path"
                        .formatted(CirtArchive.SUMS, i + 1));
            }
            sums.put(match.group(2), match.group(1));
        }
        return sums;
    }

    private static String sha256(ZipFile zip, String name) throws IOException {
        return Digests.sha256Hex(zip.getInputStream(zip.getEntry(name)));
    }
}
