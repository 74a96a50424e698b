package org.opencirt.portability;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.opencirt.common.problem.ApiException;
import org.opencirt.common.problem.ProblemType;

/**
 * An archive uploaded in numbered parts, each within a request's size, then imported as one
 * (docs/portability.md): the parts are rows of PostgreSQL, so any replica takes any part, and sending
 * a part again replaces it. An upload goes when it is imported, deleted, or expired.
 */
@ApplicationScoped
public class ArchiveUploads {

    /** The highest part number (the table's check). */
    static final int MAX_PARTS = 100_000;

    private final DataSource database;
    private final PortabilityConfig config;
    private final Clock clock;

    ArchiveUploads(DataSource database, PortabilityConfig config, Clock clock) {
        this.database = database;
        this.config = config;
        this.clock = clock;
    }

    /** An upload as its creator sees it: where to send the parts and how large they may be. */
    public record Upload(UUID id, long maxPartBytes, long maxBytes, Instant expiresAt) {}

    /** What an upload holds so far: the numbers of its parts and their bytes, to resume a broken one. */
    public record Progress(
            UUID id, long maxPartBytes, long maxBytes, Instant expiresAt, List<Integer> parts, long bytes) {}

    /** Starts an upload; uploads that expired go at the same time. */
    @Transactional
    public Upload start(String actor) throws SQLException {
        var now = clock.instant();
        var upload = new Upload(
                UUID.randomUUID(),
                config.uploadPartSize().asLongValue(),
                config.uploadMaxSize().asLongValue(),
                now.plus(config.uploadExpiry()));
        try (var connection = database.getConnection();
                var expire = connection.prepareStatement("delete from archive_upload where expires_at < ?");
                var insert = connection.prepareStatement(
                        "insert into archive_upload (id, created_by, created_at, expires_at) values (?, ?, ?, ?)")) {
            expire.setTimestamp(1, Timestamp.from(now));
            expire.executeUpdate();
            insert.setObject(1, upload.id());
            insert.setString(2, actor);
            insert.setTimestamp(3, Timestamp.from(now));
            insert.setTimestamp(4, Timestamp.from(upload.expiresAt()));
            insert.executeUpdate();
        }
        return upload;
    }

    /**
     * What the upload holds.
     *
     * @throws ApiException 404 for no such upload, or an expired one
     */
    @Transactional
    public Progress progress(UUID id) throws SQLException {
        try (var connection = database.getConnection();
                var upload = connection.prepareStatement(
                        "select expires_at from archive_upload where id = ? and expires_at >= ?");
                var parts = connection.prepareStatement(
                        "select number, octet_length(content) from archive_upload_part where upload_id = ? order by number")) {
            upload.setObject(1, id);
            upload.setTimestamp(2, Timestamp.from(clock.instant()));
            Instant expiresAt;
            try (var rows = upload.executeQuery()) {
                if (!rows.next()) {
                    throw ApiException.notFound("Upload " + id);
                }
                expiresAt = rows.getTimestamp(1).toInstant();
            }
            parts.setObject(1, id);
            var numbers = new ArrayList<Integer>();
            long bytes = 0;
            try (var rows = parts.executeQuery()) {
                while (rows.next()) {
                    numbers.add(rows.getInt(1));
                    bytes += rows.getLong(2);
                }
            }
            return new Progress(
                    id,
                    config.uploadPartSize().asLongValue(),
                    config.uploadMaxSize().asLongValue(),
                    expiresAt,
                    numbers,
                    bytes);
        }
    }

    /**
     * Stores one part, replacing a part of that number sent before.
     *
     * @throws ApiException 404 for no such upload (or an expired one), 413 for a part larger than the part
     *         size or an upload that would grow past its largest size, 400 for a part number out of range
     */
    @Transactional
    public void put(UUID id, int number, InputStream body) throws SQLException, IOException {
        if (number < 1 || number > MAX_PARTS) {
            throw ApiException.invalid("number", "a part number is 1 to " + MAX_PARTS);
        }
        var maxPart = config.uploadPartSize().asLongValue();
        byte[] content;
        try (body) {
            content = body.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxPart + 1));
        }
        if (content.length > maxPart) {
            throw new ApiException(ProblemType.PAYLOAD_TOO_LARGE, "A part holds at most %d bytes".formatted(maxPart));
        }
        try (var connection = database.getConnection()) {
            try (var lock = connection.prepareStatement(
                    "select 1 from archive_upload where id = ? and expires_at >= ? for update")) {
                lock.setObject(1, id);
                lock.setTimestamp(2, Timestamp.from(clock.instant()));
                try (var rows = lock.executeQuery()) {
                    if (!rows.next()) {
                        throw ApiException.notFound("Upload " + id);
                    }
                }
            }
            try (var size = connection.prepareStatement(
                    "select coalesce(sum(octet_length(content)), 0) from archive_upload_part where upload_id = ? and number <> ?")) {
                size.setObject(1, id);
                size.setInt(2, number);
                try (var rows = size.executeQuery()) {
                    rows.next();
                    if (rows.getLong(1) + content.length
                            > config.uploadMaxSize().asLongValue()) {
                        throw new ApiException(
                                ProblemType.PAYLOAD_TOO_LARGE,
                                "An upload holds at most %d bytes"
                                        .formatted(config.uploadMaxSize().asLongValue()));
                    }
                }
            }
            try (var upsert = connection.prepareStatement("""
                    insert into archive_upload_part (upload_id, number, content) values (?, ?, ?)
                    on conflict (upload_id, number) do update set content = excluded.content""")) {
                upsert.setObject(1, id);
                upsert.setInt(2, number);
                upsert.setBytes(3, content);
                upsert.executeUpdate();
            }
        }
    }

    /**
     * Writes the upload's parts, in order, into a new temporary file (the caller deletes it).
     *
     * @throws ApiException 404 for no such upload, 422 when it has no part or a part is missing
     */
    @Transactional
    public Path assemble(UUID id) throws SQLException, IOException {
        try (var connection = database.getConnection()) {
            try (var exists =
                    connection.prepareStatement("select 1 from archive_upload where id = ? and expires_at >= ?")) {
                exists.setObject(1, id);
                exists.setTimestamp(2, Timestamp.from(clock.instant()));
                try (var rows = exists.executeQuery()) {
                    if (!rows.next()) {
                        throw ApiException.notFound("Upload " + id);
                    }
                }
            }
            var file = Files.createTempFile("opencirt-upload-", ".zip");
            try (var out = Files.newOutputStream(file);
                    var parts = connection.prepareStatement(
                            "select number, content from archive_upload_part where upload_id = ? order by number")) {
                parts.setFetchSize(1);
                parts.setObject(1, id);
                int expected = 1;
                try (var rows = parts.executeQuery()) {
                    while (rows.next()) {
                        if (rows.getInt(1) != expected) {
                            throw new ApiException(
                                    ProblemType.UNPROCESSABLE, "Part %d of the upload is missing".formatted(expected));
                        }
                        try (var content = rows.getBinaryStream(2)) {
                            content.transferTo(out);
                        }
                        expected++;
                    }
                }
                if (expected == 1) {
                    throw new ApiException(ProblemType.UNPROCESSABLE, "The upload has no part");
                }
                return file;
            } catch (SQLException | IOException | RuntimeException e) {
                Files.deleteIfExists(file);
                throw e;
            }
        }
    }

    /**
     * Deletes an upload and its parts.
     *
     * @return false when there was no such upload
     */
    @Transactional
    public boolean delete(UUID id) throws SQLException {
        try (var connection = database.getConnection();
                var delete = connection.prepareStatement("delete from archive_upload where id = ?")) {
            delete.setObject(1, id);
            return delete.executeUpdate() > 0;
        }
    }
}
