package org.opencirt.feed.parse;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.opencirt.observable.ObservableType;

class OpenPhishParserTest {

    @Test
    void readsTheSampleAsPhishingUrls() throws IOException {
        var sink = Inputs.parseSample(FeedFormat.OPENPHISH, "openphish.txt", ParserOptions.defaults());

        assertThat(sink.items).hasSize(15);
        assertThat(sink.invalid).hasSize(2);
        assertThat(sink.items).allSatisfy(item -> {
            assertThat(item.type()).isEqualTo(ObservableType.URL);
            assertThat(item.classification()).isEqualTo("phishing");
        });
        assertThat(sink.items.get(0))
                .isEqualTo(new RawItem(
                        "https://secure-login.example.com/paypal/signin.php",
                        ObservableType.URL,
                        "phishing",
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        1));
        assertThat(sink.item("https://wallet-connect.example.org/#/import").position())
                .isEqualTo(7);
        assertThat(sink.item("https://[2001:db8::bad]/paypal/").position()).isEqualTo(16);
        assertThat(sink.invalid).extracting(CollectingSink.Invalid::position).containsExactly(12L, 15L);
    }

    @Test
    void theOptionsMayClassifyOtherwise() throws IOException {
        var sink = Inputs.parse(
                FeedFormat.OPENPHISH,
                Inputs.text("https://x.example.com/\n"),
                ParserOptions.defaults().withClassifications(Map.of("*", "masquerade")));

        assertThat(sink.items.get(0).classification()).isEqualTo("masquerade");
    }

    @Test
    void theParserSaysItsFormat() {
        assertThat(FeedParsers.of(FeedFormat.OPENPHISH, Clock.systemUTC())).isInstanceOf(OpenPhishParser.class);
        assertThat(FeedParsers.of(FeedFormat.OPENPHISH, Clock.systemUTC()).format())
                .isEqualTo(FeedFormat.OPENPHISH);
    }
}
