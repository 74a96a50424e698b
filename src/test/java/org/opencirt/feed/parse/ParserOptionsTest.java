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
        for (FeedFormat format : FeedFormat.values()) {
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
}
