package org.opencirt.tenant;

import jakarta.enterprise.context.ApplicationScoped;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;

/**
 * Whether a CIRT a token names was offboarded: an access token issued before the offboarding stays
 * valid for its lifetime, and must not act for the CIRT meanwhile. Each id is read again after
 * {@link #KEEP}, so a replica that did not offboard it follows within that time; the offboarding's
 * replica knows at once.
 */
@ApplicationScoped
class OffboardedCirts {

    /** How long an answer is kept before the row is read again. */
    static final Duration KEEP = Duration.ofSeconds(2);

    private record Known(boolean offboarded, Instant until) {}

    private final DataSource database;
    private final Clock clock;
    private final Map<String, Known> known = new ConcurrentHashMap<>();

    OffboardedCirts(DataSource database, Clock clock) {
        this.database = database;
        this.clock = clock;
    }

    /** True when the CIRT's row is a tombstone. */
    boolean offboarded(String id) {
        var now = clock.instant();
        var answer = known.get(id);
        if (answer == null || !answer.until().isAfter(now)) {
            answer = new Known(read(id), now.plus(KEEP));
            known.put(id, answer);
        }
        return answer.offboarded();
    }

    /** Forgets what it knew of a CIRT that is being offboarded or imported here. */
    void forget(String id) {
        known.remove(id);
    }

    private boolean read(String id) {
        try (var connection = database.getConnection();
                var select = connection.prepareStatement(
                        "select 1 from tenant where id = ? and offboarded_at is not null")) {
            select.setString(1, id);
            try (var rows = select.executeQuery()) {
                return rows.next();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not read whether a CIRT was offboarded", e);
        }
    }
}
