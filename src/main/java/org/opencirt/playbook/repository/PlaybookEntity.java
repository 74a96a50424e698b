package org.opencirt.playbook.repository;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import org.opencirt.common.persistence.DefinitionEntity;

/**
 * A playbook a CIRT added through the API: its checked definition as JSON, and the YAML as sent.
 * It has no version column: a playbook's version is the one its definition declares.
 */
@Entity
@Table(name = "playbook")
@IdClass(TenantPlaybookKey.class)
public class PlaybookEntity extends DefinitionEntity {

    @Column(nullable = false)
    public String source;
}
