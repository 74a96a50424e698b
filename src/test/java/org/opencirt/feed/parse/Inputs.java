package org.opencirt.feed.parse;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;

/** Inputs for the tests: the shipped samples, text, test resources. */
final class Inputs {

    static final Path SAMPLES = Path.of("threat-feeds", "samples");

    private Inputs() {}

    static byte[] sample(String name) {
        try {
            return Files.readAllBytes(SAMPLES.resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static FeedInput sampleInput(String name) {
        return FeedInput.of(new ByteArrayInputStream(sample(name)));
    }

    static FeedInput text(String text) {
        return FeedInput.of(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
    }

    static FeedInput bytes(byte[] bytes) {
        return FeedInput.of(new ByteArrayInputStream(bytes));
    }

    static byte[] resource(String name) {
        try (InputStream in = Inputs.class.getResourceAsStream("/feed/parse/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static CollectingSink parse(FeedFormat format, FeedInput input, ParserOptions options) throws IOException {
        var sink = new CollectingSink();
        FeedParsers.of(format, Clock.systemUTC()).parse(input, options, sink);
        return sink;
    }

    static CollectingSink parse(FeedFormat format, String text) throws IOException {
        return parse(format, text(text), ParserOptions.defaults());
    }

    static CollectingSink parseSample(FeedFormat format, String name, ParserOptions options) throws IOException {
        return parse(format, sampleInput(name), options);
    }
}
