package org.opencirt.feed.shadowserver;

import java.io.IOException;

/**
 * A report that cannot be read at all: no header, a header without the IP column, too many rows.
 * The message names columns and limits, never a cell's content.
 */
public class ReportFormatException extends IOException {

    public ReportFormatException(String message) {
        super(message);
    }
}
