package org.opencirt.feed.parse;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import org.opencirt.common.Texts;

/** Jackson's error messages, made short enough for an invalid entry. */
final class JsonErrors {

    private JsonErrors() {}

    /** The message without Jackson's source reference; with the line and column when known. */
    static String message(IOException e) {
        String text;
        if (e instanceof JsonProcessingException j) {
            text = j.getOriginalMessage();
            if (j.getLocation() != null && j.getLocation().getLineNr() > 0) {
                text += " (line " + j.getLocation().getLineNr() + ", column "
                        + j.getLocation().getColumnNr() + ")";
            }
        } else {
            text = String.valueOf(e.getMessage());
        }
        text = text.replace('\n', ' ').replace('\r', ' ');
        return Texts.abbreviate(text, 300);
    }
}
