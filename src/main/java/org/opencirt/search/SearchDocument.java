package org.opencirt.search;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * What a feature hands to the search package to index: the document body and the fields every
 * document must carry for the tenant guard.
 *
 * @param id        the record's id, also the document id
 * @param tenant    the owning tenant
 * @param visibleTo the tenants allowed to find it (the owner first)
 * @param version   the record's version: indexing uses it as external version, so an older
 *                  version never overwrites a newer one
 * @param body      the other fields, as the projection's mappings name them
 */
public record SearchDocument(UUID id, String tenant, List<String> visibleTo, long version, Map<String, Object> body) {}
