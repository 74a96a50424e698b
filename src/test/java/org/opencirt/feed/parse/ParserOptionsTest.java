package org.opencirt.feed.parse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.time.Clock;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.opencirt.observable.ObservableType;

class ParserOptionsTest {

    @Test
    void theDefaultsFillInCommentPrefixesHeaderAndEmptyMaps() {
        var defaults = ParserOptions.defaults();

        assertThat(defaults.commentPrefixes()).containsExactly("#", ";");
        assertThat(defaults.header()).isTrue();
        assertThat(defaults.fields()).isEmpty();
        assertThat(defaults.classifications()).isEmpty();
        assertThat(defaults.delimiter()).isNull();
        assertThat(defaults.valueField()).isNull();
        assertThat(defaults.records()).isNull();
        assertThat(defaults.type()).isNull();
        assertThat(defaults.forcedType()).isNull();
        for (FeedFormat format : FeedFormat.values()) {
            assertThat(defaults.problems(format)).as(format.wire()).isEmpty();
        }
    }

    @Test
    void aFeedDefinitionInYamlReadsWithEveryFieldOptional() throws Exception {
        var yaml = new YAMLMapper();
        var options = yaml.readValue("""
                delimiter: "|"
                value_field: 2
                fields:
                  last_seen: "3"
                classifications:
                  sshpwauth: brute-force
                """, ParserOptions.class);

        assertThat(options)
                .isEqualTo(ParserOptions.defaults()
                        .withDelimiter("|")
                        .withValueField(2)
                        .withFields(Map.of("last_seen", "3"))
                        .withClassifications(Map.of("sshpwauth", "brute-force")));
        assertThat(yaml.readValue("{}", ParserOptions.class)).isEqualTo(ParserOptions.defaults());
        assertThat(new ObjectMapper()
                        .readValue("{\"commentPrefixes\": [\"//\"], \"type\": \"cidr\"}", ParserOptions.class))
                .satisfies(o -> {
                    assertThat(o.commentPrefixes()).containsExactly("//");
                    assertThat(o.forcedType()).isEqualTo(ObservableType.CIDR);
                });
    }

    @Test
    void kebabCaseKeysReadToo() throws Exception {
        var kebab = new YAMLMapper();
        kebab.setPropertyNamingStrategy(com.fasterxml.jackson.databind.PropertyNamingStrategies.KEBAB_CASE);
        kebab.enable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

        var options = kebab.readValue("""
                comment-prefixes: ["//"]
                value-field: 1
                delimiter: " "
                """, ParserOptions.class);

        assertThat(options.commentPrefixes()).containsExactly("//");
        assertThat(options.valueField()).isEqualTo(1);
    }

    @Test
    void problemsAreAllReportedAtOnce() {
        var fields = new HashMap<String, String>();
        fields.put("ip", "0");
        fields.put("value", "x");
        fields.put("tags", " ");
        var options = new ParserOptions(
                null, List.of("#", ""), 1, null, fields, null, "hostname", Map.of("malware_download", "malware"));

        assertThat(options.problems(FeedFormat.PLAIN_LIST))
                .containsExactlyInAnyOrder(
                        "type: unknown observable type 'hostname'; allowed: "
                                + String.join(", ", ObservableType.wireNames()),
                        "commentPrefixes: a comment prefix must not be blank",
                        "classifications.malware_download: 'malware' is not an RSIT type",
                        "valueField: needs a delimiter");
        assertThat(options.withDelimiter("|").problems(FeedFormat.PLAIN_LIST))
                .contains(
                        "fields: unknown item field 'ip'; allowed: value, type, classification, tags, first_seen, last_seen, "
                                + "confidence, description, source_id, tlp",
                        "fields.value: 'x' is not a 0-based field index",
                        "fields.tags: a column is required");
    }

    @Test
    void eachFormatChecksWhatItUses() {
        assertThat(ParserOptions.defaults().withDelimiter(";;").problems(FeedFormat.CSV))
                .containsExactly("delimiter: a CSV delimiter is one character, not ';;'");
        assertThat(ParserOptions.defaults()
                        .withHeader(false)
                        .withFields(Map.of("value", "ip"))
                        .problems(FeedFormat.CSV))
                .containsExactly(
                        "fields.value: 'ip' is not a 0-based field index (without a header, columns are given by index)");
        assertThat(ParserOptions.defaults().withRecords("data").problems(FeedFormat.JSON_RECORDS))
                .containsExactly("records: 'data' is not a JSON pointer (write \"\" or \"/data\")");
        assertThat(ParserOptions.defaults()
                        .withFields(Map.of("value", "ip_address"))
                        .problems(FeedFormat.JSON_RECORDS))
                .containsExactly("fields.value: 'ip_address' is not a JSON pointer (like /ip_address)");
        assertThat(ParserOptions.defaults()
                        .withRecords("data")
                        .withDelimiter(";;")
                        .problems(FeedFormat.STIX_BUNDLE))
                .isEmpty();
    }

    @Test
    void parsersRefuseOptionsWithProblems() {
        var options = ParserOptions.defaults().withType("ip");
        for (FeedFormat format : Arrays.stream(FeedFormat.values())
                .filter(FeedFormat::readByParser)
                .toList()) {
            assertThatThrownBy(() -> FeedParsers.of(format, Clock.systemUTC())
                            .parse(Inputs.text(""), options, new CollectingSink()))
                    .as(format.wire())
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith(
                            "options not valid for " + format.wire() + ": type: unknown observable type 'ip'");
        }
    }

    @Test
    void theCollectionsAreCopiedAndCannotBeChanged() {
        var prefixes = new java.util.ArrayList<>(List.of("#"));
        var options = ParserOptions.defaults().withCommentPrefixes(prefixes);
        prefixes.add(";");

        assertThat(options.commentPrefixes()).containsExactly("#");
        assertThatThrownBy(() -> options.commentPrefixes().add("x")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> options.fields().put("a", "b")).isInstanceOf(UnsupportedOperationException.class);
        assertThat(Arrays.asList(ParserOptions.ITEM_FIELDS.toArray())).hasSize(10);
    }

    @Test
    void columnsFreeTextFieldAndAddSchemeReadInKebabAndSnakeCase() throws Exception {
        var kebab = new YAMLMapper();
        kebab.setPropertyNamingStrategy(com.fasterxml.jackson.databind.PropertyNamingStrategies.KEBAB_CASE);
        kebab.enable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

        var options = kebab.readValue("""
                delimiter: "|"
                columns: [asn, asname, ipaddr, lastseen, category]
                free-text-field: asname
                add-scheme: http
                """, ParserOptions.class);
        var snake = new YAMLMapper().readValue("""
                columns: [a, b]
                free_text_field: 1
                add_scheme: HTTPS
                """, ParserOptions.class);

        assertThat(options.columns()).containsExactly("asn", "asname", "ipaddr", "lastseen", "category");
        assertThat(options.freeTextField()).isEqualTo("asname");
        assertThat(options.scheme()).isEqualTo("http");
        assertThat(options.problems(FeedFormat.PLAIN_LIST)).isEmpty();
        assertThat(snake.freeTextField()).isEqualTo("1");
        assertThat(snake.scheme()).isEqualTo("https");
        assertThat(ParserOptions.defaults().columns()).isEmpty();
        assertThat(ParserOptions.defaults().scheme()).isNull();
    }

    @Test
    void theNewOptionsAreChecked() {
        assertThat(ParserOptions.defaults().withAddScheme("ftp").problems(FeedFormat.OPENPHISH))
                .containsExactly("addScheme: must be http or https, not 'ftp'");
        assertThat(ParserOptions.defaults().withAddScheme("https").problems(FeedFormat.STIX_BUNDLE))
                .isEmpty();
        assertThat(ParserOptions.defaults()
                        .withColumns(Arrays.asList("value", " ", "Value"))
                        .withFreeTextField("comment")
                        .problems(FeedFormat.CSV))
                .containsExactly(
                        "columns: a column name must not be blank",
                        "columns: 'Value' is named twice",
                        "freeTextField: 'comment' is not one of the columns (value,  , Value) nor a 0-based index below 3");
        assertThat(ParserOptions.defaults()
                        .withColumns(List.of("ip", "seen"))
                        .withFields(Map.of("first_seen", "when"))
                        .problems(FeedFormat.CSV))
                .containsExactly(
                        "fields.first_seen: 'when' is not one of the columns (ip, seen) nor a 0-based index below 2",
                        "columns: none is named 'value'; map fields.value to one of them");
        assertThat(ParserOptions.defaults()
                        .withColumns(List.of("ip", "seen"))
                        .withFields(Map.of("value", "ip", "last_seen", "1"))
                        .withHeader(false)
                        .problems(FeedFormat.CSV))
                .isEmpty();
        assertThat(ParserOptions.defaults()
                        .withHeader(false)
                        .withFreeTextField("2")
                        .problems(FeedFormat.CSV))
                .containsExactly("freeTextField: needs columns (or a header) to know how many fields a record has");
        assertThat(ParserOptions.defaults()
                        .withColumns(List.of("a", "b"))
                        .withFreeTextField("b")
                        .problems(FeedFormat.PLAIN_LIST))
                .containsExactly("columns: needs a delimiter");
        assertThat(ParserOptions.defaults()
                        .withDelimiter("|")
                        .withFreeTextField("1")
                        .problems(FeedFormat.PLAIN_LIST))
                .containsExactly("freeTextField: needs columns, to know how many fields a line has");
    }
}
