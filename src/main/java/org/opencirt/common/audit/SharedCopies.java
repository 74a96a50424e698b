package org.opencirt.common.audit;

import java.util.Collection;
import java.util.Set;
import java.util.TreeSet;

/**
 * An answer that holds shared copies among the reader's own content (a search page of the queue, a
 * console page): the CIRTs whose content it holds. A {@link SharedRead} operation that answers one,
 * or a console page that carries one as its template's attribute {@link #ATTRIBUTE}, leaves one
 * entry in each owner's chain, and none when it holds no copy.
 */
public interface SharedCopies {

    /** The attribute of a console page's template that holds what the page shows of other CIRTs. */
    String ATTRIBUTE = "opencirt.sharedCopies";

    /** The CIRTs whose shared content the answer holds. */
    Set<String> ownerCirts();

    /** The owners of these copies. */
    static SharedCopies of(Collection<? extends SharedCopy> copies) {
        var owners = new TreeSet<String>();
        copies.forEach(copy -> owners.add(copy.ownerCirt()));
        return () -> owners;
    }
}
