package org.opencirt.feed.parse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.opencirt.feed.parse.Inputs.parse;

import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.opencirt.observable.ObservableType;

class UrlhausCsvParserTest {

    private static final String ROW = "\"2881501\",\"2024-06-11 10:04:05\",\"http://198.51.100.23:45123/Mozi.m\","
            + "\"online\",\"2024-06-11 10:04:05\",\"malware_download\",\"elf,Mozi\","
            + "\"https://urlhaus.abuse.ch/url/2881501/\",\"lrz_urlhaus\"";

    @Test
    void readsTheSample() throws IOException {
        var sink = Inputs.parseSample(FeedFormat.URLHAUS_CSV, "urlhaus.csv", ParserOptions.defaults());

        assertThat(sink.items).hasSize(15);
        assertThat(sink.invalid).hasSize(3);
        assertThat(sink.items.get(0))
                .isEqualTo(new RawItem(
                        "http://198.51.100.23:45123/Mozi.m",
                        ObservableType.URL,
                        "malware-distribution",
                        List.of("elf", "Mozi"),
                        Instant.parse("2024-06-11T10:04:05Z"),
                        Instant.parse("2024-06-11T10:04:05Z"),
                        null,
                        null,
                        "URLhaus: online, reported by lrz_urlhaus, https://urlhaus.abuse.ch/url/2881501/",
                        "2881501",
                        12));
        assertThat(sink.item("http://198.51.100.150/bot.x86_64")).satisfies(item -> {
            assertThat(item.lastSeen()).as("empty last_online").isNull();
            assertThat(item.description()).startsWith("URLhaus: offline,");
        });
        assertThat(sink.item("https://storage.example.org/pub/dropper.js").tags())
                .containsExactly("js", "Lumma Stealer");
        assertThat(sink.item("https://example.com/").tags())
                .as("URLhaus writes None for no tags")
                .isEmpty();
        assertThat(sink.item("hxxp://dl.example.com/tool.rar").sourceId()).isEqualTo("2881489");
        assertThat(sink.invalid).extracting(CollectingSink.Invalid::position).containsExactly(22L, 25L, 27L);
        assertThat(sink.reasons().get(0)).startsWith("not a CSV record: ");
        assertThat(sink.reasons().subList(1, 3))
                .containsExactly(
                        "record has 2 columns, no url column",
                        "more than one value: white space inside 'http://203.0.113.77/login page.php'");
    }

    @Test
    void aHeaderLineThatIsNoCommentNamesTheColumnsToo() throws IOException {
        var sink = parse(
                FeedFormat.URLHAUS_CSV,
                "id,dateadded,url,url_status,last_online,threat,tags,urlhaus_link,reporter\n" + ROW + "\n");

        assertThat(sink.values()).containsExactly("http://198.51.100.23:45123/Mozi.m");
        assertThat(sink.items.get(0).position()).isEqualTo(2);
        assertThat(sink.invalid).isEmpty();
    }

    @Test
    void aByteOrderMarkBeforeTheHeaderLineAndCrlfLineEndsAreFine() throws IOException {
        var sink = Inputs.parse(
                FeedFormat.URLHAUS_CSV,
                Inputs.bytes(Inputs.resource("urlhaus-bom-crlf-header.csv")),
                ParserOptions.defaults());

        assertThat(sink.items)
                .extracting(RawItem::value, RawItem::sourceId, RawItem::position)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("http://192.0.2.10/a.sh", "3000001", 2L),
                        org.assertj.core.groups.Tuple.tuple("http://192.0.2.11/b.sh", "3000002", 4L));
        assertThat(sink.items.get(1).tags()).isEmpty();
        assertThat(sink.invalid).isEmpty();
    }

    @Test
    void withoutAnyHeaderTheDocumentedColumnOrderIsUsed() throws IOException {
        var sink = parse(FeedFormat.URLHAUS_CSV, ROW + "\r\n");

        assertThat(sink.items.get(0).sourceId()).isEqualTo("2881501");
        assertThat(sink.items.get(0).classification()).isEqualTo("malware-distribution");
    }

    @Test
    void aNamedColumnOrderWinsOverTheDefault() throws IOException {
        var sink = parse(
                FeedFormat.URLHAUS_CSV,
                "# url,id,threat\n# ignored comment\n\"http://192.0.2.1/x\",\"77\",\"malware_download\"\n");

        assertThat(sink.items)
                .containsExactly(new RawItem(
                        "http://192.0.2.1/x",
                        ObservableType.URL,
                        "malware-distribution",
                        List.of(),
                        null,
                        null,
                        null,
                        null,
                        null,
                        "77",
                        3));
    }

    @Test
    void theClassificationsOfTheOptionsGoOverTheBuiltInOnes() throws IOException {
        var sink = parse(
                FeedFormat.URLHAUS_CSV,
                Inputs.text(ROW),
                ParserOptions.defaults().withClassifications(Map.of("MALWARE_DOWNLOAD", "malware-configuration")));

        assertThat(sink.items.get(0).classification()).isEqualTo("malware-configuration");
    }

    @Test
    void emptyInputAndOnlyCommentsGiveNothing() throws IOException {
        assertThat(parse(FeedFormat.URLHAUS_CSV, "").items).isEmpty();
        var comments = parse(FeedFormat.URLHAUS_CSV, "####\n# id,dateadded,url\n#\n");
        assertThat(comments.items).isEmpty();
        assertThat(comments.invalid).isEmpty();
    }

    @Test
    void commentsTheHeaderInACommentAndBlankLinesAreCountedByReason() throws IOException {
        var sink = parse(FeedFormat.URLHAUS_CSV, """
                ################################################################
                # abuse.ch URLhaus Database Dump (CSV - recent URLs only)      #
                # id,dateadded,url,url_status,last_online,threat,tags,urlhaus_link,reporter
                %s

                # a comment in the middle
                "2881502","2024-06-11 08:00:00","http://192.0.2.9/x","online","","malware_download","","",""
                """.formatted(ROW));

        assertThat(sink.values()).containsExactly("http://198.51.100.23:45123/Mozi.m", "http://192.0.2.9/x");
        assertThat(sink.invalid).isEmpty();
        assertThat(sink.skipped)
                .containsExactly(
                        new CollectingSink.Skipped(1, "comment"),
                        new CollectingSink.Skipped(2, "comment"),
                        new CollectingSink.Skipped(3, "header"),
                        new CollectingSink.Skipped(5, "blank line"),
                        new CollectingSink.Skipped(6, "comment"));
    }

    @Test
    void aHeaderVariantWithOtherCaseAndAnExtraColumnReadsByName() throws IOException {
        var sink = parse(FeedFormat.URLHAUS_CSV, """
                # ID,DateAdded,URL,URL_Status,Last_Online,Threat,Tags,URLhaus_Link,Reporter,Country
                "3000001","2024-06-11 10:04:05","http://192.0.2.10/a.sh","online","","malware_download","elf","","alice","NL"
                """);

        assertThat(sink.items)
                .extracting(RawItem::value, RawItem::sourceId, RawItem::tags, RawItem::classification)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(
                        "http://192.0.2.10/a.sh", "3000001", List.of("elf"), "malware-distribution"));
        assertThat(sink.items.get(0).description()).isEqualTo("URLhaus: online, reported by alice");
        assertThat(sink.skipped).containsExactly(new CollectingSink.Skipped(1, "header"));
    }
}
