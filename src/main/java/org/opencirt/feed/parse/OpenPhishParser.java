package org.opencirt.feed.parse;

import java.io.IOException;
import java.util.Map;
import org.opencirt.observable.ObservableType;

/**
 * {@code openphish}: OpenPhish's feed, a plain list of URLs ({@link PlainListParser} rules), each
 * typed {@code url} and classified {@code phishing} (the classification {@code *} of the options
 * overrides it).
 */
public final class OpenPhishParser implements FeedParser {

    private final PlainListParser list =
            new PlainListParser(FeedFormat.OPENPHISH, ObservableType.URL, Map.of(ParserOptions.ANY, "phishing"));

    @Override
    public FeedFormat format() {
        return FeedFormat.OPENPHISH;
    }

    @Override
    public void parse(FeedInput input, ParserOptions options, ItemSink sink) throws IOException {
        list.parse(input, options, sink);
    }
}
