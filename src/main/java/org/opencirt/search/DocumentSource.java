package org.opencirt.search;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A feature that owns the records behind a projection implements this, so that the outbox relay
 * and the reindexer can build documents without knowing the feature's tables.
 */
public interface DocumentSource {

    Projection projection();

    /** The current documents of these records; a record that no longer exists is absent from the map. */
    Map<UUID, SearchDocument> load(Collection<UUID> ids);

    /** All record ids in ascending order after {@code after} (null: from the start), at most {@code limit}. */
    List<UUID> idsAfter(UUID after, int limit);
}
