package org.opencirt.feed.parse;

/**
 * The reasons given to {@link ItemSink#skipped}: short, stable texts a sink may count by (they
 * are constants, so counting them allocates nothing).
 */
public final class Skips {

    /** A line starting with a comment prefix (after white space). */
    public static final String COMMENT = "comment";

    /** An empty line, or one of white space only. */
    public static final String BLANK_LINE = "blank line";

    /** A line naming the columns (a CSV header, a header written in a comment, a repeated header). */
    public static final String HEADER = "header";

    /** Spamhaus's closing {@code {"type":"metadata",...}} line. */
    public static final String METADATA = "metadata";

    /** A MISP attribute with {@code to_ids: false}: context, not an indicator. */
    public static final String TO_IDS_FALSE = "to_ids false";

    /** A MISP attribute or object marked {@code deleted}. */
    public static final String DELETED = "deleted";

    /** The prefix of {@code "not an indicator: <STIX object type>"}. */
    public static final String NOT_AN_INDICATOR = "not an indicator: ";

    private Skips() {}
}
