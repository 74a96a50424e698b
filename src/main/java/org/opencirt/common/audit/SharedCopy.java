package org.opencirt.common.audit;

/** A read-only copy of content a CIRT shared with another: the answer of a {@link SharedRead}, or one of its items. */
public interface SharedCopy {

    /** The id of the CIRT that owns the content (whose audit chain records the read). */
    String ownerCirt();
}
