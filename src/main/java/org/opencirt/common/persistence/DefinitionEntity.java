package org.opencirt.common.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.Id;
import jakarta.persistence.MappedSuperclass;
import org.hibernate.annotations.ColumnTransformer;

/**
 * The columns of a definition a CIRT added through the API (a feed, a playbook): keyed by the CIRT
 * and the definition's id there (the entity names its {@code @IdClass} of {@code tenant} and
 * {@code id}), the checked definition as JSON, and whether it is on.
 */
@MappedSuperclass
public abstract class DefinitionEntity extends AuthoredEntity {

    @Id
    public String tenant;

    @Id
    public String id;

    @Column(nullable = false)
    @ColumnTransformer(write = "?::jsonb")
    public String definition;

    @Column(nullable = false)
    public boolean enabled;
}
