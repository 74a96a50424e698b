package org.opencirt.feed.definition;

/**
 * A feed with the namespace its id lives in: the CIRT that added it through the API, or null for
 * a platform feed read from a file. Two CIRTs may each have a feed of the same id; runs, state
 * and scheduled jobs are kept per owner and id.
 */
public record OwnedFeed(String owner, FeedDefinition definition) {

    public String id() {
        return definition.id();
    }

    public boolean isPlatformFeed() {
        return owner == null;
    }

    /** A name unique across owners, for logs and job keys: {@code id} or {@code owner/id}. */
    public String qualifiedName() {
        return owner == null ? definition.id() : owner + "/" + definition.id();
    }
}
