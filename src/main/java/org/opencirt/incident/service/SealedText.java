package org.opencirt.incident.service;

import java.util.List;
import java.util.Map;

/**
 * The incident tables' text columns sealed under the CIRT's data key (ADR 40), as the entities seal them
 * (associated data {@code table.column}), for the code that reads or writes them in SQL: the archive and
 * {@link LegacySealing}. The timeline's before and after are sealed too, but for changes of state, and an
 * attachment's bytes when its row says so.
 */
final class SealedText {

    static final Map<String, List<String>> COLUMNS = Map.of(
            "incident", List.of("title", "description", "reporter_name", "reporter_email", "reporter_org"),
            "incident_comment", List.of("body"),
            "incident_task", List.of("title"),
            "attachment", List.of("filename"));

    private SealedText() {}
}
