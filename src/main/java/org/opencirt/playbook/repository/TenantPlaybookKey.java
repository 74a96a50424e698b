package org.opencirt.playbook.repository;

import java.io.Serializable;
import java.util.Objects;

/** The key of a row that belongs to one CIRT and one playbook id. */
public class TenantPlaybookKey implements Serializable {

    public String tenant;
    public String id;

    public TenantPlaybookKey() {}

    public TenantPlaybookKey(String tenant, String id) {
        this.tenant = tenant;
        this.id = id;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TenantPlaybookKey other
                && Objects.equals(tenant, other.tenant)
                && Objects.equals(id, other.id);
    }

    @Override
    public int hashCode() {
        return Objects.hash(tenant, id);
    }
}
