package org.opencirt.advisory.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import java.time.Clock;
import java.time.Instant;
import org.opencirt.advisory.repository.AdvisorySettings;
import org.opencirt.advisory.repository.AdvisorySettingsRepository;

/** A CIRT's advisory settings: today, whether one person may write and publish an advisory alone. */
@ApplicationScoped
public class AdvisorySettingsService {

    private final AdvisorySettingsRepository settings;
    private final Clock clock;

    AdvisorySettingsService(AdvisorySettingsRepository settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
    }

    /**
     * The settings as the API shows them.
     *
     * @param singlePersonPublishing whether an author of a version (who wrote, edited or submitted it) may publish it;
     *                               off by default: a second lead publishes
     * @param updatedBy              who last changed the settings (null: never changed)
     */
    public record SettingsView(boolean singlePersonPublishing, String updatedBy, Instant updatedAt) {}

    /** A change of the settings by the CIRT admin. */
    public record SettingsChange(@NotNull Boolean singlePersonPublishing) {}

    /** The CIRT's settings (the defaults if it never changed them). */
    public SettingsView get(String tenant) {
        return settings.findByIdOptional(tenant)
                .map(s -> new SettingsView(s.singlePersonPublishing, s.updatedBy, s.updatedAt))
                .orElse(new SettingsView(false, null, null));
    }

    /** Whether the CIRT lets an author publish their own version. */
    public boolean singlePersonPublishing(String tenant) {
        return settings.findByIdOptional(tenant)
                .map(s -> s.singlePersonPublishing)
                .orElse(false);
    }

    /** Changes the CIRT's settings (the CIRT admin). */
    @Transactional
    public SettingsView update(String tenant, String actor, @NotNull @Valid SettingsChange change) {
        var existing = settings.findByIdOptional(tenant);
        var row = existing.orElseGet(AdvisorySettings::new);
        row.tenant = tenant;
        row.singlePersonPublishing = change.singlePersonPublishing();
        row.updatedBy = actor;
        row.updatedAt = clock.instant();
        if (existing.isEmpty()) {
            settings.persist(row); // after the fields are set: the insert takes the state at persist time
        }
        settings.flush();
        return get(tenant);
    }
}
