package org.opencirt.feed.parse;

/** Sets the item fields of {@link ParserOptions#fields()} on a draft from the text a source wrote. */
final class Fields {

    private Fields() {}

    /**
     * Sets one item field. Fields that do not read (a date that is no date, a confidence outside
     * 0-100) are left unset: the value is still worth having.
     */
    static void set(Draft draft, String field, String text) {
        if (text == null) {
            return;
        }
        switch (field) {
            case "value" -> draft.value = text;
            case "type" -> draft.typeName = text;
            case "classification" -> draft.classification = text;
            case "tags" -> draft.splitTags(text);
            case "first_seen" -> draft.firstSeen = Timestamps.parse(text);
            case "last_seen" -> draft.lastSeen = Timestamps.parse(text);
            case "confidence" -> draft.confidence(text);
            case "description" -> draft.description = text;
            case "source_id" -> draft.sourceId = text;
            case "tlp" -> draft.tlp = TlpLabels.parse(text);
            default -> throw new IllegalArgumentException("unknown item field " + field);
        }
    }
}
