package org.opencirt.indicator.model;

import java.util.Map;

/** What a write of indicators did: new sources, merged ones, and the refused indicators by id with the reason. */
public record WriteResult(int created, int updated, Map<String, String> failed) {}
