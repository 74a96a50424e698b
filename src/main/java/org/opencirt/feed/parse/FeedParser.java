package org.opencirt.feed.parse;

import java.io.IOException;

/**
 * Reads one {@link FeedFormat} as a stream: memory stays bounded whatever the size of the input
 * (a line is at most {@value LineReader#MAX_LINE} characters, a JSON record is read one at a
 * time). Implementations are stateless and safe to share between threads; they never close
 * {@link FeedInput#body()} (the caller owns it) and always close what they fetch.
 */
public interface FeedParser {

    FeedFormat format();

    /**
     * Streams items to the sink. Bad lines/records go to {@code sink.invalid} and parsing continues.
     *
     * @throws FeedFormatException only when the whole input is unusable (e.g. not JSON at all,
     *         CSV header missing a mapped column)
     * @throws IllegalArgumentException when the options are not valid for the format (see
     *         {@link ParserOptions#problems(FeedFormat)}, which a feed definition loader should call first)
     * @throws IOException when reading the body or fetching a further resource fails
     */
    void parse(FeedInput input, ParserOptions options, ItemSink sink) throws IOException;
}
