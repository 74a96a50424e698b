package org.opencirt.tenant;

import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.opencirt.tenant.TenantApi.CreateTenant;

/**
 * The two demo national CIRTs of the local stack. Their Keycloak side (groups, users, partner
 * clients) comes from the realm file {@code src/main/keycloak/opencirt-realm.json}; this puts
 * their rows in the database. On only with {@code opencirt.demo.enabled=true}.
 */
@ApplicationScoped
class DemoTenants {

    void onStart(@Observes @Priority(100) StartupEvent event, TenantService tenants,
            @ConfigProperty(name = "opencirt.demo.enabled", defaultValue = "false") boolean enabled) {
        if (!enabled) {
            return;
        }
        tenants.ensureStored(new CreateTenant("cert-ab", "CERT-AB, national CIRT of Republic A", "FR",
                "cert@cert-ab.example.org", "Government networks and operators of essential services of Republic A"));
        tenants.ensureStored(new CreateTenant("cert-cd", "CERT-CD, national CIRT of Kingdom C", "TO",
                "cert@cert-cd.example.org", "All networks of Kingdom C, AS64500 and 203.0.113.0/24"));
    }
}
