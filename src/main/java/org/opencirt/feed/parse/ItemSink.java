package org.opencirt.feed.parse;

/**
 * Receives what a {@link FeedParser} reads, in input order. Called on the parsing thread; a
 * runtime exception thrown here stops the parse and propagates to the parser's caller.
 */
public interface ItemSink {

    /** One indicator as the source states it. */
    void item(RawItem item);

    /**
     * A line/record that could not be read: counted and sampled by the caller; parsing goes on.
     *
     * @param position the line number (1-based) or record index (0-based), as {@link RawItem#position()}
     * @param reason   why, in words for the analyst ("line longer than 65536 characters")
     * @param excerpt  at most 200 characters of the input (may be empty when the input cannot be shown)
     */
    void invalid(long position, String reason, String excerpt);

    /**
     * A line/record/object the parser left out on purpose: a comment, a blank line, a header, a
     * MISP attribute with {@code to_ids: false}, a STIX object that is no indicator... Not an error:
     * counted by reason so a run can show what it did not import. Default no-op.
     *
     * <p>Called for every such line, so a sink should only count: the reasons are a few constant
     * texts ({@link Skips}), the same instance each time; the position is as for {@link #invalid}.
     *
     * @param position the line number (1-based) or record index (0-based), as {@link RawItem#position()}
     * @param reason   a short stable reason: {@code "comment"}, {@code "blank line"}, {@code "header"},
     *                 {@code "to_ids false"}, {@code "not an indicator: identity"}...
     */
    default void skipped(long position, String reason) {}

    /**
     * TAXII: the {@code added_after} to resume from next time (the server's
     * {@code X-TAXII-Date-Added-Last} of the last page). Default no-op.
     *
     * <p>Called at most once a parse, after the last page was read completely; never when the
     * reading failed, nor when there was nothing to resume after. Give it back as
     * {@link FeedInput#checkpoint()} next time. See {@link TaxiiCollectionParser} for how it is
     * made when the response headers are not visible.
     */
    default void checkpoint(String state) {}
}
