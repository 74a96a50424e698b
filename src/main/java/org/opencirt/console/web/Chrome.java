package org.opencirt.console.web;

import java.util.List;
import java.util.Locale;

/**
 * What the layout of every console page shows around its content: who is logged in, for which CIRT, in
 * which language and direction, the navigation, and the session's CSRF token for forms.
 *
 * @param active the navigation entry of the current page (queue, search, feeds, ...)
 * @param path   the current path, where the language form returns to
 * @param platform the platform admin's page, outside any CIRT: the navigation shows only what the platform admin
 *     may open (the audit trail of the platform)
 */
public record Chrome(
        Languages.Language language,
        List<Languages.Language> languages,
        String user,
        String cirtId,
        String cirtName,
        String csrf,
        boolean analyst,
        boolean lead,
        boolean admin,
        String active,
        String path,
        boolean platform) {

    public Locale locale() {
        return language.locale();
    }

    public String lang() {
        return language.code();
    }

    public String dir() {
        return language.dir();
    }

    /** Whether the navigation offers the audit trail: a CIRT's lead and admins, and the platform admin. */
    public boolean audit() {
        return platform || lead || admin;
    }

    /**
     * True when the page is the given navigation entry (aria-current). Not named {@code is}: Qute reads
     * {@code is} in an {@code #if} as its equality operator, and the entry was never marked current.
     */
    public boolean current(String entry) {
        return entry.equals(active);
    }
}
