package org.opencirt.audit;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.TreeMap;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPPublicKeyRing;
import org.bouncycastle.openpgp.PGPUtil;
import org.bouncycastle.openpgp.bc.BcPGPPublicKeyRingCollection;
import org.opencirt.advisory.signing.OpenPgp;
import org.opencirt.common.crypto.Digests;

/**
 * {@code bin/opencirt audit verify ARCHIVE}: checks an exported audit archive offline, without the
 * service or its database (docs/audit.md, "Verifying an export"). In this order: every file against
 * the manifest, every signed head's signature against the archive's keys, then the chain from seq 1
 * (the same arithmetic as the service, {@link AuditChain}) and each signed head's hash against the
 * entry at its seq. It prints {@code OK} with the counts (exit 0), the first broken link (exit 1), or
 * a one-line reason the archive cannot be checked (exit 2).
 */
public final class AuditArchiveVerifier {

    /** A chain and heads that hold. */
    public static final int OK = 0;

    /** A link of the chain or a signed head that does not hold. */
    public static final int BROKEN = 1;

    /** An archive that cannot be checked: not a zip, truncated, a file missing or altered, unreadable keys. */
    public static final int UNUSABLE = 2;

    /** Longest line of {@value AuditArchive#ENTRIES} read (an entry is well under 2 KiB). */
    static final int MAX_LINE = 64 * 1024;

    /** Largest head statement, signature or key file read into memory. */
    static final int MAX_SMALL_FILE = 1024 * 1024;

    /**
     * The outcome.
     *
     * @param exitCode {@link #OK}, {@link #BROKEN} or {@link #UNUSABLE}
     * @param message  the one line printed
     * @param brokenAt the seq of the first broken link, when there is one
     */
    public record Result(int exitCode, String message, Long brokenAt) {

        static Result unusable(String message) {
            return new Result(UNUSABLE, "error: " + message, null);
        }

        static Result broken(long seq, String problem) {
            return new Result(BROKEN, "BROKEN at seq %d: %s".formatted(seq, problem), seq);
        }
    }

    private AuditArchiveVerifier() {}

    public static void main(String[] args) {
        var result = args.length == 1
                ? verify(Path.of(args[0]))
                : Result.unusable("usage: bin/opencirt audit verify ARCHIVE");
        PrintStream stream = result.exitCode() == OK ? System.out : System.err;
        stream.println(result.message());
        System.exit(result.exitCode());
    }

    /** Checks one archive; never throws for what the archive holds. */
    public static Result verify(Path archive) {
        if (!Files.isRegularFile(archive)) {
            return Result.unusable("%s is not a file".formatted(archive));
        }
        try (var zip = new ZipFile(archive.toFile())) {
            return verify(zip);
        } catch (Unusable e) {
            return Result.unusable(e.getMessage());
        } catch (NoSuchFileException e) {
            return Result.unusable("%s is not a file".formatted(archive));
        } catch (ZipException | java.io.EOFException e) {
            return Result.unusable(
                    "%s is not a zip archive, or it is truncated or damaged".formatted(archive.getFileName()));
        } catch (IOException e) {
            return Result.unusable("%s cannot be read".formatted(archive.getFileName()));
        }
    }

    private static Result verify(ZipFile zip) throws IOException {
        var manifestEntry = zip.getEntry(AuditArchive.MANIFEST);
        if (manifestEntry == null) {
            return Result.unusable("the archive has no " + AuditArchive.MANIFEST);
        }
        var manifest = new LinkedHashMap<String, String>();
        var lines =
                text(read(zip, AuditArchive.MANIFEST), AuditArchive.MANIFEST).split("\n");
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].isEmpty()) {
                continue;
            }
            var match = AuditArchive.MANIFEST_LINE.matcher(lines[i]);
            if (!match.matches()) {
                return Result.unusable("%s line %d is not 'SHA256  PATH'".formatted(AuditArchive.MANIFEST, i + 1));
            }
            manifest.put(match.group(2), match.group(1));
        }
        for (var required : List.of(AuditArchive.ENTRIES, AuditArchive.KEYS)) {
            if (!manifest.containsKey(required)) {
                return Result.unusable("%s does not list %s".formatted(AuditArchive.MANIFEST, required));
            }
        }
        var names = new ArrayList<String>();
        for (var entry : Collections.list(zip.entries())) {
            if (!entry.isDirectory() && !entry.getName().equals(AuditArchive.MANIFEST)) {
                names.add(entry.getName());
            }
        }
        for (var name : names) {
            if (!manifest.containsKey(name)) {
                return Result.unusable("%s is in the archive but not in %s".formatted(name, AuditArchive.MANIFEST));
            }
        }
        for (var listed : manifest.entrySet()) {
            if (zip.getEntry(listed.getKey()) == null) {
                return Result.unusable("%s is listed in %s but missing from the archive"
                        .formatted(listed.getKey(), AuditArchive.MANIFEST));
            }
            if (!sha256(zip, listed.getKey()).equals(listed.getValue())) {
                return Result.unusable(
                        "%s does not match its SHA-256 in %s".formatted(listed.getKey(), AuditArchive.MANIFEST));
            }
        }

        List<PGPPublicKeyRing> keys;
        try (var in = PGPUtil.getDecoderStream(zip.getInputStream(zip.getEntry(AuditArchive.KEYS)))) {
            keys = new ArrayList<>();
            new BcPGPPublicKeyRingCollection(in).getKeyRings().forEachRemaining(keys::add);
        } catch (IOException | PGPException | RuntimeException e) {
            return Result.unusable(AuditArchive.KEYS + " is not a set of OpenPGP public keys");
        }
        if (keys.isEmpty()) {
            return Result.unusable(AuditArchive.KEYS + " holds no key");
        }

        var heads = new TreeMap<Long, AuditArchive.Statement>();
        for (var name : names) {
            var match = AuditArchive.HEAD_FILE.matcher(name);
            if (!name.startsWith(AuditArchive.HEADS)) {
                continue;
            }
            if (!match.matches()) {
                return Result.unusable(
                        "%s is not a head statement or signature (heads/head-SEQ.json[.asc])".formatted(name));
            }
            if (match.group(2) != null) {
                if (zip.getEntry(name.substring(0, name.length() - 4)) == null) {
                    return Result.unusable("%s has no statement next to it".formatted(name));
                }
                continue;
            }
            var signatureName = name + ".asc";
            if (zip.getEntry(signatureName) == null) {
                return Result.unusable("%s has no signature %s".formatted(name, signatureName));
            }
            long seq = Long.parseLong(match.group(1));
            var bytes = read(zip, name);
            AuditArchive.Statement statement;
            try {
                statement = AuditArchive.statement(bytes);
            } catch (IllegalArgumentException e) {
                return Result.broken(seq, "%s %s".formatted(name, e.getMessage()));
            }
            if (statement.seq() != seq) {
                return Result.broken(seq, "%s says seq %d".formatted(name, statement.seq()));
            }
            OpenPgp.Verification verification;
            try {
                verification = OpenPgp.verify(bytes, text(read(zip, signatureName), signatureName), keys);
            } catch (IllegalArgumentException e) {
                return Result.broken(seq, "%s is not a readable OpenPGP signature".formatted(signatureName));
            }
            if (!verification.valid()) {
                var reason = verification.primaryFingerprint() == null
                        ? "was not made by a key in " + AuditArchive.KEYS
                        : verification.reason();
                return Result.broken(seq, "the signature %s does not hold: %s".formatted(signatureName, reason));
            }
            heads.put(seq, statement);
        }

        return chain(zip, heads);
    }

    private static Result chain(ZipFile zip, TreeMap<Long, AuditArchive.Statement> heads) throws IOException {
        long expectedSeq = 1;
        var prevHash = AuditChain.GENESIS;
        String tenant = null;
        try (var in =
                new java.io.BufferedInputStream(zip.getInputStream(zip.getEntry(AuditArchive.ENTRIES)), 64 * 1024)) {
            String line;
            while ((line = line(in, expectedSeq)) != null) {
                AuditEntry entry;
                try {
                    entry = AuditArchive.entry(line);
                } catch (IllegalArgumentException e) {
                    return Result.broken(
                            expectedSeq,
                            "line %d of %s %s".formatted(expectedSeq, AuditArchive.ENTRIES, e.getMessage()));
                }
                if (tenant == null) {
                    tenant = entry.tenant() == null ? "" : entry.tenant();
                } else if (!tenant.equals(entry.tenant() == null ? "" : entry.tenant())) {
                    return Result.broken(
                            entry.seq(), "the entry belongs to another chain (%s)".formatted(entry.tenant()));
                }
                var problem = AuditChain.problem(entry, expectedSeq, prevHash);
                if (problem.isPresent()) {
                    return Result.broken(Math.min(entry.seq(), expectedSeq), problem.get());
                }
                var head = heads.get(entry.seq());
                if (head != null && !head.hash().equals(entry.hash())) {
                    return Result.broken(
                            entry.seq(),
                            "the signed head %s names hash %s, the entry's hash is %s"
                                    .formatted(AuditArchive.headFile(entry.seq()), head.hash(), entry.hash()));
                }
                if (head != null && !head.tenant().equals(tenant)) {
                    return Result.broken(
                            entry.seq(),
                            "the signed head %s is of another chain (%s)"
                                    .formatted(AuditArchive.headFile(entry.seq()), head.tenant()));
                }
                prevHash = entry.hash();
                expectedSeq++;
            }
        } catch (CharacterCodingException e) {
            return Result.broken(
                    expectedSeq, "line %d of %s is not UTF-8".formatted(expectedSeq, AuditArchive.ENTRIES));
        }
        long last = expectedSeq - 1;
        if (!heads.isEmpty() && heads.lastKey() > last) {
            return Result.broken(
                    heads.lastKey(),
                    "the signed head %s names seq %d, but the chain ends at seq %d: entries were removed"
                            .formatted(AuditArchive.headFile(heads.lastKey()), heads.lastKey(), last));
        }
        return new Result(
                OK,
                "OK: %s, %d entries (seq 1 to %d, head hash %s), %d signed heads verified, the last at seq %s"
                        .formatted(
                                tenant == null || tenant.isEmpty() ? "the platform's chain" : tenant,
                                last,
                                last,
                                last == 0 ? "-" : prevHash,
                                heads.size(),
                                heads.isEmpty() ? "-" : heads.lastKey()),
                null);
    }

    /**
     * The next line of {@value AuditArchive#ENTRIES} (the seq it should hold names it), read without
     * ever holding more than {@link #MAX_LINE} bytes; null at the end.
     */
    private static String line(InputStream in, long seq) throws IOException {
        var bytes = new java.io.ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != -1 && b != '\n') {
            if (bytes.size() == MAX_LINE) {
                throw new Broken(Result.broken(
                        seq, "line %d of %s is longer than %d bytes".formatted(seq, AuditArchive.ENTRIES, MAX_LINE)));
            }
            bytes.write(b);
        }
        if (b == -1 && bytes.size() == 0) {
            return null;
        }
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(bytes.toByteArray()))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new Broken(Result.broken(seq, "line %d of %s is not UTF-8".formatted(seq, AuditArchive.ENTRIES)));
        }
    }

    /** A line that cannot be an entry: the chain is broken there. */
    private static final class Broken extends IOException {
        final transient Result result;

        Broken(Result result) {
            super(result.message());
            this.result = result;
        }
    }

    private static byte[] read(ZipFile zip, String name) throws IOException {
        var entry = zip.getEntry(name);
        try (InputStream in = zip.getInputStream(entry)) {
            var bytes = in.readNBytes(MAX_SMALL_FILE + 1);
            if (bytes.length > MAX_SMALL_FILE) {
                throw new Unusable("%s is larger than %d bytes".formatted(name, MAX_SMALL_FILE));
            }
            return bytes;
        }
    }

    private static String text(byte[] bytes, String name) throws IOException {
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new Unusable(name + " is not UTF-8 text");
        }
    }

    private static String sha256(ZipFile zip, String name) throws IOException {
        return Digests.sha256Hex(zip.getInputStream(zip.getEntry(name)));
    }

    /** A file of the archive that cannot be used, with the one line that says why. */
    private static final class Unusable extends IOException {
        Unusable(String message) {
            super(message);
        }
    }
}
