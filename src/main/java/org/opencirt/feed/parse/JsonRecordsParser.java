package org.opencirt.feed.parse;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code json-records}: a JSON array of record objects, read one record at a time.
 *
 * <ul>
 *   <li>{@code records}: JSON pointer of the array ({@code ""}, the default, for a top-level
 *       array; {@code /data} for {@code {"data":[...]}}); nothing else of the document is read.</li>
 *   <li>{@code fields}: item field -> JSON pointer inside a record ({@code /ip_address},
 *       {@code /attributes/confidence}); an item field without an entry is read from
 *       {@code /<field>} ({@code /value}, {@code /first_seen}...). Strings, numbers and booleans
 *       are read as text and then as {@link CsvParser} reads its columns; {@code tags} may be an
 *       array of strings or one string to split.</li>
 *   <li>Invalid: a record that is no object, a record without a value (or whose value is an
 *       array or object), an empty value or one with white space inside. Position: the 0-based
 *       index of the record in the array.</li>
 *   <li>{@link FeedFormatException}: empty input, not JSON, no array at {@code records}. A syntax
 *       error inside the array (a truncated download) keeps the records before it and adds one
 *       invalid entry; the rest is not read.</li>
 * </ul>
 */
public final class JsonRecordsParser implements FeedParser {

    @Override
    public FeedFormat format() {
        return FeedFormat.JSON_RECORDS;
    }

    @Override
    public void parse(FeedInput input, ParserOptions options, ItemSink sink) throws IOException {
        options.check(FeedFormat.JSON_RECORDS);
        var rules = new Draft.Rules(options, null, Map.of());
        Map<String, JsonPointer> pointers = new LinkedHashMap<>();
        for (String field : ParserOptions.ITEM_FIELDS) {
            pointers.put(field, JsonPointer.compile("/" + field));
        }
        options.fields().forEach((field, where) -> pointers.put(field, JsonPointer.compile(where)));
        JsonPointer records = JsonPointer.compile(options.records() == null ? "" : options.records());
        JsonPointer valuePointer = pointers.get("value");
        Json.forEachRecord(input.body(), records, "records", sink, (record, index) -> {
            if (!record.isObject()) {
                sink.invalid(index, "record is not a JSON object", Excerpts.of(record));
                return;
            }
            JsonNode value = record.at(valuePointer);
            if (Json.text(value) == null) {
                sink.invalid(
                        index,
                        value.isMissingNode() || value.isNull()
                                ? "record has no value at " + valuePointer
                                : "the value at " + valuePointer + " is not a string or number",
                        Excerpts.of(record));
                return;
            }
            Draft draft = new Draft();
            pointers.forEach((field, pointer) -> {
                JsonNode node = record.at(pointer);
                if (field.equals("tags") && node.isArray()) {
                    node.forEach(tag -> draft.tag(Json.text(tag)));
                } else {
                    Fields.set(draft, field, Json.text(node));
                }
            });
            draft.finish(rules, index, () -> Excerpts.of(record), sink);
        });
    }
}
