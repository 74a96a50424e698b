package org.opencirt.feed.service;

import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import java.util.SequencedMap;
import java.util.Set;
import org.opencirt.common.archive.ArchiveFolder;
import org.opencirt.common.archive.CirtArchivePart;
import org.opencirt.common.archive.TableRows;

/** A CIRT's own feeds (their definitions) and their run history; the platform's feeds stay with the platform. */
@ApplicationScoped
class FeedArchivePart implements CirtArchivePart {

    private static final SequencedMap<String, String> QUERIES = TableRows.queries(
            "feed",
            "select * from feed where tenant = ? order by id",
            "feed_run",
            "select * from feed_run where tenant = ? order by started_at, id");

    @Override
    public String folder() {
        return "feeds";
    }

    @Override
    public Set<String> tables() {
        return QUERIES.keySet();
    }

    @Override
    public Map<String, String> leftOut() {
        return Map.of(
                "feed_state",
                "what this installation last fetched (ETag, Last-Modified): the first run after an import fetches everything");
    }

    @Override
    public Map<String, Long> export(String tenant, Connection snapshot, ArchiveFolder out)
            throws IOException, SQLException {
        return TableRows.jsonl(out, snapshot, QUERIES, tenant);
    }
}
