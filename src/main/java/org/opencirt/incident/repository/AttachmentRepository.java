package org.opencirt.incident.repository;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

@ApplicationScoped
public class AttachmentRepository implements PanacheRepositoryBase<Attachment, UUID> {

    /** Attachments of an incident without their content. */
    public List<Attachment> listFor(UUID incidentId) {
        return list("incidentId = ?1 order by createdAt", incidentId);
    }

    public Optional<Attachment> findInIncident(UUID incidentId, UUID id) {
        return find("incidentId = ?1 and id = ?2", incidentId, id).firstResultOptional();
    }
}
