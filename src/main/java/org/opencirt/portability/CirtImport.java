package org.opencirt.portability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.arc.All;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationVersion;
import org.jboss.logging.Logger;
import org.opencirt.common.archive.ArchiveRefused;
import org.opencirt.common.archive.CirtArchivePart;
import org.opencirt.common.problem.ApiException;
import org.opencirt.feed.service.FeedScheduler;
import org.opencirt.tenant.KeycloakProvisioner;
import org.opencirt.tenant.TenantService;

/**
 * Recreates a CIRT from its archive (docs/portability.md, ADR 39): the checksums and the manifest
 * first, then the Keycloak group and partner client, then every part's rows in one transaction, in the
 * order the schema's foreign keys give, checked row by row and, before the commit, reference by
 * reference. Anything wrong stores nothing; a re-run after a crash starts again from a clean state.
 */
@ApplicationScoped
public class CirtImport {

    private static final Logger LOG = Logger.getLogger(CirtImport.class);

    private static final Pattern CIRT_ID = Pattern.compile("[a-z][a-z0-9-]{1,30}[a-z0-9]");

    private final List<CirtArchivePart> parts;
    private final DataSource database;
    private final Flyway flyway;
    private final TenantService tenants;
    private final FeedScheduler feeds;
    private final ObjectMapper json;
    private final PortabilityConfig config;

    CirtImport(
            @All List<CirtArchivePart> parts,
            DataSource database,
            Flyway flyway,
            TenantService tenants,
            FeedScheduler feeds,
            ObjectMapper json,
            PortabilityConfig config) {
        this.parts = CirtArchivePart.byFolder(parts);
        this.database = database;
        this.flyway = flyway;
        this.tenants = tenants;
        this.feeds = feeds;
        this.json = json;
        this.config = config;
    }

    /**
     * What the import stored, and the new installation's partner client of the CIRT (its secret is
     * shown once, as at onboarding: partners need it anew).
     */
    public record Imported(
            String cirt,
            String name,
            Map<String, Map<String, Long>> stored,
            String partnerClientId,
            String partnerClientSecret) {}

    /**
     * Imports the decrypted archive at {@code file}.
     *
     * @throws ArchiveRefused naming what is wrong with the archive (nothing is stored)
     * @throws ApiException 409 when the installation already has a CIRT with the archive's id
     */
    public Imported run(Path file) throws IOException {
        var started = System.nanoTime();
        try (var archive = ArchiveZip.open(file)) {
            var manifest = manifest(archive);
            var cirt = manifest.path("cirt").path("id").asText();
            var name = manifest.path("cirt").path("name").asText();
            if (tenants.reserved(cirt)) {
                throw new ArchiveRefused("manifest.json names a CIRT id reserved for the platform");
            }
            if (tenants.standing(cirt) == TenantService.Standing.ACTIVE) {
                throw ApiException.conflict(
                        "This installation already has a national CIRT '%s'; offboard it first or import elsewhere"
                                .formatted(cirt));
            }
            var provisioned = tenants.provisionImported(cirt, name);
            Map<String, Map<String, Long>> stored;
            try {
                stored = QuarkusTransaction.requiringNew()
                        .timeout((int) config.importTimeout().toSeconds())
                        .call(() -> store(cirt, archive, provisioned));
            } catch (RuntimeException e) {
                tenants.undoImported(cirt, provisioned);
                throw e;
            }
            tenants.imported(cirt);
            feeds.reschedule();
            LOG.infof("imported CIRT %s from its archive in %d ms", cirt, (System.nanoTime() - started) / 1_000_000);
            return new Imported(cirt, name, stored, provisioned.partnerClientId(), provisioned.partnerClientSecret());
        }
    }

    private Map<String, Map<String, Long>> store(
            String cirt, ArchiveZip archive, KeycloakProvisioner.Provisioned provisioned)
            throws IOException, SQLException {
        var stored = new LinkedHashMap<String, Map<String, Long>>();
        try (var transaction = database.getConnection()) {
            var paths = new HashMap<String, String>();
            for (var part : PartOrder.of(parts, transaction)) {
                var in = archive.folder(part.folder());
                stored.put(part.folder(), part.importFrom(cirt, transaction, in));
                part.tables().forEach(table -> paths.put(table, in.path(table + ".jsonl")));
            }
            References.check(transaction, cirt, paths);
            tenants.linkImported(transaction, cirt, provisioned);
        }
        return stored;
    }

    private JsonNode manifest(ArchiveZip archive) throws IOException {
        JsonNode manifest;
        try (var in = archive.open(CirtArchive.MANIFEST)) {
            manifest = json.readTree(in);
        } catch (IOException e) {
            throw new ArchiveRefused(CirtArchive.MANIFEST + " is not JSON");
        }
        if (manifest == null
                || !CirtArchive.FORMAT.equals(manifest.path("format").asText())) {
            throw new ArchiveRefused(CirtArchive.MANIFEST + " is not the manifest of an OpenCIRT CIRT archive");
        }
        if (manifest.path("formatVersion").asInt(-1) != CirtArchive.FORMAT_VERSION) {
            throw new ArchiveRefused(
                    "%s: formatVersion must be %d".formatted(CirtArchive.MANIFEST, CirtArchive.FORMAT_VERSION));
        }
        if (!CIRT_ID.matcher(manifest.path("cirt").path("id").asText()).matches()
                || manifest.path("cirt").path("name").asText().isBlank()) {
            throw new ArchiveRefused(CirtArchive.MANIFEST + ": cirt must have an id and a name");
        }
        // outside the request's transaction: Flyway reads its history on a connection of its own
        var ours = QuarkusTransaction.suspendingExisting()
                .call(() -> flyway.info().current().getVersion());
        MigrationVersion theirs;
        try {
            theirs = MigrationVersion.fromVersion(manifest.path("schemaVersion").asText());
        } catch (RuntimeException e) {
            throw new ArchiveRefused(CirtArchive.MANIFEST + ": schemaVersion is not a version");
        }
        if (theirs.isNewerThan(ours.getVersion())) {
            throw new ArchiveRefused("%s: the archive was written by a newer OpenCIRT (schema %s; this one has %s)"
                    .formatted(CirtArchive.MANIFEST, theirs, ours));
        }
        var known = parts.stream().map(CirtArchivePart::folder).toList();
        for (var folder : archive.folders()) {
            if (!known.contains(folder)) {
                throw new ArchiveRefused(
                        "the archive has a folder %s that no part of this installation reads".formatted(folder));
            }
        }
        return manifest;
    }
}
