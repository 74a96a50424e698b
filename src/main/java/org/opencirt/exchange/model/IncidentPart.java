package org.opencirt.exchange.model;

import java.util.List;
import org.opencirt.common.WireEnum;

/** The parts of an incident a grant may show its recipients. */
public enum IncidentPart implements WireEnum {
    /** Title, description, dates, state. */
    SUMMARY,
    /** RSIT classification, severity, TLP. */
    CLASSIFICATION,
    OBSERVABLES,
    COMMENTS,
    ATTACHMENTS;

    /** What a grant shares when it names no parts: never comments or attachments unless chosen. */
    public static final List<IncidentPart> DEFAULT = List.of(SUMMARY, CLASSIFICATION, OBSERVABLES);
}
