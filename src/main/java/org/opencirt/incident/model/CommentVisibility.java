package org.opencirt.incident.model;

import org.opencirt.common.WireEnum;

/** Whether a comment may leave the CIRT with the incident (shareable) or never (internal). */
public enum CommentVisibility implements WireEnum {
    INTERNAL,
    SHAREABLE;
}
