package org.opencirt.exchange.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManager;
import java.io.IOException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.UUID;
import org.jboss.logging.Logger;
import org.opencirt.indicator.model.Indicator;
import org.opencirt.indicator.service.IndicatorService;
import org.opencirt.search.IndexBootstrap.IndexReplaced;
import org.opencirt.search.Projection;

/**
 * The indicators STIX imports wrote, kept in PostgreSQL as the statements they were: a feed's indicators come back
 * with its next run, but nothing could fetch a partner's push again, so when the indicator index is replaced by an
 * empty one (an upgrade that changed its mappings) they are written again from here, oldest import first, those
 * expired left out (and forgotten).
 */
@ApplicationScoped
public class ImportedIndicators {

    private static final Logger LOG = Logger.getLogger(ImportedIndicators.class);
    static final int PAGE = 1000;

    private final EntityManager em;
    private final IndicatorService indicators;
    private final ObjectMapper json;
    private final Clock clock;

    ImportedIndicators(EntityManager em, IndicatorService indicators, ObjectMapper json, Clock clock) {
        this.em = em;
        this.indicators = indicators;
        this.json = json.copy().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
        this.clock = clock;
    }

    /**
     * Keeps the statements an import is about to write, in a transaction of their own: one statement for the batch (a
     * value twice in it keeps its last statement, as the index does).
     */
    void keep(UUID importId, String tenant, Collection<Indicator> statements) {
        var rows = json.createArrayNode();
        var last = new LinkedHashMap<String, Indicator>();
        statements.forEach(statement -> last.put(statement.id(), statement));
        for (var statement : last.values()) {
            rows.addObject()
                    .put("id", statement.id())
                    .put("expires_at", statement.expiresAt().toString())
                    .set("statement", json.valueToTree(statement));
        }
        if (rows.isEmpty()) {
            return;
        }
        QuarkusTransaction.requiringNew()
                .run(() -> em.createNativeQuery("""
                                insert into imported_indicator (import_id, indicator_id, tenant, statement, expires_at)
                                select ?1, r.id, ?2, r.statement, r.expires_at
                                from jsonb_to_recordset(cast(?3 as jsonb)) as r(id text, statement jsonb, expires_at timestamptz)
                                on conflict (import_id, indicator_id)
                                do update set statement = excluded.statement, expires_at = excluded.expires_at
                                """)
                        .setParameter(1, importId)
                        .setParameter(2, tenant)
                        .setParameter(3, rows.toString())
                        .executeUpdate());
    }

    /** Forgets the statements of an import that could not be written after all. */
    void forget(UUID importId, Collection<String> indicatorIds) {
        if (indicatorIds.isEmpty()) {
            return;
        }
        QuarkusTransaction.requiringNew()
                .run(() -> em.createNativeQuery(
                                "delete from imported_indicator where import_id = ?1 and indicator_id in (?2)")
                        .setParameter(1, importId)
                        .setParameter(2, List.copyOf(indicatorIds))
                        .executeUpdate());
    }

    void onReplaced(@Observes IndexReplaced event) {
        if (event.projection() != Projection.INDICATORS) {
            return;
        }
        Thread.ofVirtual().name("refill-imported-indicators").start(() -> {
            try {
                LOG.infof("the indicator index is new: %d imported indicator statement(s) written again", restore());
            } catch (IOException | RuntimeException e) {
                LOG.errorf(e, "writing the imported indicators again failed; they come back at the next start-up");
            }
        });
    }

    /**
     * Writes every imported statement that has not expired into the indicator index again, oldest import first (a
     * later push of the same value by the same sender supersedes an earlier one, as it did when it came).
     *
     * @return the statements written
     */
    public synchronized long restore() throws IOException {
        var now = Timestamp.from(clock.instant());
        QuarkusTransaction.requiringNew()
                .run(() -> em.createNativeQuery("delete from imported_indicator where expires_at <= ?1")
                        .setParameter(1, now)
                        .executeUpdate());
        long written = 0;
        var after = new Position(Timestamp.from(Instant.EPOCH), new UUID(0, 0), "");
        while (true) {
            var page = page(now, after);
            if (page.statements().isEmpty()) {
                break;
            }
            indicators.write(page.statements(), false);
            written += page.statements().size();
            after = page.last();
        }
        indicators.refresh();
        return written;
    }

    /** Where a page ends, in the order of {@link #restore}: its import's time, the import, the indicator. */
    private record Position(Timestamp received, UUID importId, String indicatorId) {}

    private record Page(List<Indicator> statements, Position last) {}

    /** The statements after a position, by keyset: each page costs what the first one does. */
    private Page page(Timestamp now, Position after) {
        return QuarkusTransaction.requiringNew().call(() -> {
            @SuppressWarnings("unchecked")
            List<Object[]> rows = em.createNativeQuery("""
                            select s.request_timestamp, i.import_id, i.indicator_id, cast(i.statement as text)
                            from imported_indicator i
                            join stix_import s on s.id = i.import_id
                            where i.expires_at > ?1 and (s.request_timestamp, i.import_id, i.indicator_id) > (?2, ?3, ?4)
                            order by s.request_timestamp, i.import_id, i.indicator_id
                            """)
                    .setParameter(1, now)
                    .setParameter(2, after.received())
                    .setParameter(3, after.importId())
                    .setParameter(4, after.indicatorId())
                    .setMaxResults(PAGE)
                    .getResultList();
            var statements = new ArrayList<Indicator>(rows.size());
            Position last = after;
            for (var row : rows) {
                statements.add(read((String) row[3]));
                last = new Position(timestamp(row[0]), (UUID) row[1], (String) row[2]);
            }
            return new Page(statements, last);
        });
    }

    private static Timestamp timestamp(Object value) {
        return switch (value) {
            case Timestamp t -> t;
            case Instant i -> Timestamp.from(i);
            case java.time.OffsetDateTime o -> Timestamp.from(o.toInstant());
            default -> throw new IllegalStateException("an import time of an unexpected type");
        };
    }

    private Indicator read(String row) {
        try {
            return json.readValue(row, Indicator.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an imported indicator statement could not be read", e);
        }
    }
}
