package org.opencirt.feed.parse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;
import static org.opencirt.feed.parse.Inputs.parse;
import static org.opencirt.feed.parse.Inputs.text;

import java.io.IOException;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.opencirt.observable.ObservableType;

/** {@code add-scheme}: urls written without {@code scheme://} get one. */
class AddSchemeTest {

    private static final ParserOptions HTTP = ParserOptions.defaults().withAddScheme("http");

    @Test
    void aUrlOfTheFormatWithoutSchemeGetsTheOptionsScheme() throws IOException {
        var sink = parse(FeedFormat.OPENPHISH, text("""
                login.example.com/verify.php
                https://secure.example.org/x
                hxxps[:]//defanged.example.net/y
                //relative.example.com/z
                """), HTTP.withAddScheme("https"));

        assertThat(sink.items)
                .extracting(RawItem::value, RawItem::type)
                .containsExactly(
                        tuple("https://login.example.com/verify.php", ObservableType.URL),
                        tuple("https://secure.example.org/x", ObservableType.URL),
                        tuple("hxxps[:]//defanged.example.net/y", ObservableType.URL),
                        tuple("https://relative.example.com/z", ObservableType.URL));
    }

    @Test
    void aForcedUrlTypeGetsTheSchemeEvenWithoutAPath() throws IOException {
        var sink = parse(FeedFormat.PLAIN_LIST, text("example.com\n"), HTTP.withType("url"));

        assertThat(sink.values()).containsExactly("http://example.com");
    }

    @Test
    void withoutATypeOnlyWhatLooksLikeHostAndPathIsAUrl() throws IOException {
        var sink = parse(FeedFormat.PLAIN_LIST, text("""
                example.com/path/x.exe
                198.51.100.7:8080/bins/mozi.m
                [2001:db8::1]/a
                user@mail.example.com/x
                example.com
                198.51.100.7
                198.51.100.0/24
                2001:db8::/32
                d41d8cd98f00b204e9800998ecf8427e
                not_a_host/x
                """), HTTP);

        assertThat(sink.items)
                .extracting(RawItem::value, RawItem::type)
                .containsExactly(
                        tuple("http://example.com/path/x.exe", ObservableType.URL),
                        tuple("http://198.51.100.7:8080/bins/mozi.m", ObservableType.URL),
                        tuple("http://[2001:db8::1]/a", ObservableType.URL),
                        tuple("http://user@mail.example.com/x", ObservableType.URL),
                        tuple("example.com", null),
                        tuple("198.51.100.7", null),
                        tuple("198.51.100.0/24", null),
                        tuple("2001:db8::/32", null),
                        tuple("d41d8cd98f00b204e9800998ecf8427e", null),
                        tuple("not_a_host/x", null));
    }

    @Test
    void otherStatedTypesAreLeftAlone() throws IOException {
        var sink = parse(FeedFormat.CSV, text("value,type\nexample.com/x,domain\nexample.com/y,url\n"), HTTP);

        assertThat(sink.items)
                .extracting(RawItem::value, RawItem::type)
                .containsExactly(
                        tuple("example.com/x", ObservableType.DOMAIN),
                        tuple("http://example.com/y", ObservableType.URL));
    }

    @Test
    void withoutTheOptionNothingChanges() throws IOException {
        var sink = parse(FeedFormat.OPENPHISH, text("login.example.com/verify.php\n"), ParserOptions.defaults());

        assertThat(sink.values()).containsExactly("login.example.com/verify.php");
    }

    @Test
    void theJsonFormatsAddItToo() throws IOException {
        var sink = parse(
                FeedFormat.JSON_RECORDS,
                text("[{\"value\": \"example.com/a\", \"type\": \"url\"}]"),
                HTTP.withFields(Map.of()));

        assertThat(sink.values()).containsExactly("http://example.com/a");
    }

    @Test
    void onlyHttpAndHttpsAreAllowed() {
        assertThatThrownBy(() -> parse(FeedFormat.OPENPHISH, text("x/y\n"), HTTP.withAddScheme("javascript")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("options not valid for openphish: addScheme: must be http or https, not 'javascript'");
    }
}
