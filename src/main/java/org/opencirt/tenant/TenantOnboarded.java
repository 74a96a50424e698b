package org.opencirt.tenant;

/**
 * Fired (synchronously, after the CIRT's row is committed) when a national CIRT is onboarded, so
 * that features can set up what each CIRT needs (its advisory signing key, for one).
 */
public record TenantOnboarded(String tenantId) {}
