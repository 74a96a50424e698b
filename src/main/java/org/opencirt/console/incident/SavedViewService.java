package org.opencirt.console.incident;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import org.opencirt.common.problem.ApiException;

/** An analyst's saved views of the queue; each is seen and deleted only by its owner within their CIRT. */
@ApplicationScoped
public class SavedViewService {

    static final int MAX_PER_OWNER = 50;

    /** A saved view as the queue page shows it. */
    public record ViewLink(UUID id, String name, String href) {
    }

    private final SavedViewRepository views;
    private final Clock clock;

    SavedViewService(SavedViewRepository views, Clock clock) {
        this.views = views;
        this.clock = clock;
    }

    public List<ViewLink> list(String tenant, String owner) {
        return views.listFor(tenant, owner).stream().map(v -> new ViewLink(v.id, v.name, "/console/queue?" + v.query)).toList();
    }

    /**
     * Saves (or replaces, under the same name) a view.
     *
     * @param query the queue query string the console built from the filters (no cursor)
     */
    @Transactional
    public void save(String tenant, String owner, String name, String query) {
        var clean = name == null ? "" : name.strip();
        if (clean.isEmpty() || clean.length() > 100) {
            throw ApiException.invalid("name", "between 1 and 100 characters");
        }
        if (query.length() > 4000) {
            throw ApiException.invalid("query", "too long");
        }
        var existing = views.findByName(tenant, owner, clean);
        if (existing.isPresent()) {
            existing.get().query = query;
            return;
        }
        if (views.count("tenant = ?1 and owner = ?2", tenant, owner) >= MAX_PER_OWNER) {
            throw ApiException.invalid("name", "at most %d saved views".formatted(MAX_PER_OWNER));
        }
        var view = new SavedView();
        view.id = UUID.randomUUID();
        view.tenant = tenant;
        view.owner = owner;
        view.name = clean;
        view.query = query;
        view.createdAt = clock.instant();
        views.persist(view);
    }

    /** Deletes one of the owner's views; another's (or another CIRT's) answers 404. */
    @Transactional
    public void delete(String tenant, String owner, UUID id) {
        var view = views.findOwned(tenant, owner, id).orElseThrow(() -> ApiException.notFound("Saved view " + id));
        views.delete(view);
    }
}
