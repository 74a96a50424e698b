package org.opencirt.advisory.repository;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;

/** The CIRTs' advisory settings, by tenant id. */
@ApplicationScoped
public class AdvisorySettingsRepository implements PanacheRepositoryBase<AdvisorySettings, String> {}
