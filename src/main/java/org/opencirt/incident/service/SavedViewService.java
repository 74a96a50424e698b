package org.opencirt.incident.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import org.opencirt.common.problem.ApiException;
import org.opencirt.incident.repository.SavedView;
import org.opencirt.incident.repository.SavedViewRepository;

/** An analyst's saved views of the incident queue; each is seen and deleted only by its owner within their CIRT. */
@ApplicationScoped
public class SavedViewService {

    static final int MAX_PER_OWNER = 50;

    /** A saved view in the owner's list: its name and the queue's query string it stands for. */
    public record Item(UUID id, String name, String query) {}

    private final SavedViewRepository views;
    private final Clock clock;

    SavedViewService(SavedViewRepository views, Clock clock) {
        this.views = views;
        this.clock = clock;
    }

    /** The owner's saved views, by name. */
    public List<Item> list(String tenant, String owner) {
        return views.listFor(tenant, owner).stream()
                .map(v -> new Item(v.id, v.name, v.query))
                .toList();
    }

    /**
     * Saves (or replaces, under the same name) a view.
     *
     * @param query the queue's query string as the console built it from the filters (no cursor)
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
