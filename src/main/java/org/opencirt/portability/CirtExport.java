package org.opencirt.portability;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.arc.All;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.OutputStream;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.jboss.logging.Logger;
import org.opencirt.common.archive.ChecksummedZip;
import org.opencirt.common.archive.CirtArchivePart;
import org.opencirt.tenant.TenantService;

/**
 * Writes a CIRT's archive (docs/portability.md): every part's folder, read from one read-only
 * snapshot of the database, then {@code manifest.json} and {@code SHA256SUMS}, as one zip streamed
 * through OpenPGP encryption to the key the CIRT gave. Nothing is stored on the way: an export that
 * breaks off leaves nothing behind, and is simply asked for again.
 */
@ApplicationScoped
public class CirtExport {

    private static final Logger LOG = Logger.getLogger(CirtExport.class);

    /** Tables with a CIRT column that no feature's part carries, each with the reason. */
    static final Map<String, String> LEFT_OUT = Map.of(
            "outbox",
            "changes on their way to the search index of this installation: the index is built again from the rows",
            "usage_counter",
            "this installation's quota counters of the current windows");

    private final List<CirtArchivePart> parts;
    private final DataSource database;
    private final Flyway flyway;
    private final TenantService tenants;
    private final ObjectMapper json;
    private final Clock clock;

    CirtExport(
            @All List<CirtArchivePart> parts,
            DataSource database,
            Flyway flyway,
            TenantService tenants,
            ObjectMapper json,
            Clock clock) {
        this.parts = CirtArchivePart.byFolder(parts);
        this.database = database;
        this.flyway = flyway;
        this.tenants = tenants;
        this.json = json;
        this.clock = clock;
    }

    /** What is settled before the archive streams: whose, for whom, by whom and when. */
    public record Prepared(
            String tenant, String name, ArchiveEncryption.Recipient recipient, String actor, Instant at) {

        /** The archive's file name. */
        public String fileName() {
            return "opencirt-%s-%s.zip.gpg".formatted(tenant, at.toString().substring(0, 10));
        }

        /** The fingerprint of the key the archive is encrypted to. */
        public String recipientFingerprint() {
            return recipient.fingerprint();
        }
    }

    /** The parts, by folder. */
    List<CirtArchivePart> parts() {
        return parts;
    }

    /**
     * Checks the recipient's key and reads what the manifest needs, before the answer starts.
     *
     * @throws org.opencirt.common.problem.ApiException 400 naming {@code recipientKey} when it cannot be encrypted to
     */
    public Prepared prepare(String tenant, String recipientKey, String actor) {
        var now = clock.instant();
        var recipient = ArchiveEncryption.recipient(recipientKey, now);
        var cirt = tenants.get(tenant);
        return new Prepared(tenant, cirt.name(), recipient, actor, now);
    }

    /** Streams the encrypted archive into {@code out}, which stays open. */
    public void write(Prepared prepared, OutputStream out) throws IOException {
        var started = System.nanoTime();
        // outside the request's transaction: Flyway reads its history on a connection of its own
        var schemaVersion = flyway.info().current().getVersion().getVersion();
        var encrypted = ArchiveEncryption.encrypt(
                out, prepared.recipient(), prepared.fileName().replace(".gpg", ""), prepared.at());
        var zip = new ChecksummedZip(encrypted);
        var described = new ArrayList<Map<String, Object>>();
        try (var snapshot = database.getConnection()) {
            snapshot.setAutoCommit(false);
            snapshot.setReadOnly(true);
            snapshot.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            try {
                for (var part : parts) {
                    var counts = part.export(prepared.tenant(), snapshot, zip.folder(part.folder()));
                    described.add(describe(part, counts));
                }
            } finally {
                snapshot.rollback();
            }
            var manifest = json.writerWithDefaultPrettyPrinter()
                    .writeValueAsBytes(manifest(prepared, schemaVersion, described));
            zip.file(CirtArchive.MANIFEST, body -> body.write(manifest));
            zip.finish(CirtArchive.SUMS);
        } catch (SQLException e) {
            throw new IOException("the CIRT's data could not be read", e);
        }
        // ended only when the zip is whole: an export that breaks off is never a well-formed message
        encrypted.close();
        LOG.infof(
                "archive of CIRT %s written for key %s in %d ms",
                prepared.tenant(), prepared.recipientFingerprint(), (System.nanoTime() - started) / 1_000_000);
    }

    private static Map<String, Object> describe(CirtArchivePart part, Map<String, Long> counts) {
        var described = new LinkedHashMap<String, Object>();
        described.put("folder", part.folder());
        described.put("tables", List.copyOf(part.tables()));
        described.put("counts", counts);
        described.put("leftOut", new TreeMap<>(part.leftOut()));
        return described;
    }

    private static Map<String, Object> manifest(
            Prepared prepared, String schemaVersion, List<Map<String, Object>> parts) {
        var manifest = new LinkedHashMap<String, Object>();
        manifest.put("format", CirtArchive.FORMAT);
        manifest.put("formatVersion", CirtArchive.FORMAT_VERSION);
        manifest.put("cirt", Map.of("id", prepared.tenant(), "name", prepared.name()));
        manifest.put("exportedAt", prepared.at().toString());
        manifest.put("exportedBy", prepared.actor());
        manifest.put("encryptedTo", prepared.recipientFingerprint());
        manifest.put("schemaVersion", schemaVersion);
        manifest.put("parts", parts);
        manifest.put("leftOut", new TreeMap<>(LEFT_OUT));
        manifest.put("checksums", CirtArchive.SUMS);
        return manifest;
    }
}
