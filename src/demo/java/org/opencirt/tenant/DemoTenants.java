package org.opencirt.tenant;

import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.opencirt.tenant.TenantApi.CreateTenant;
import org.opencirt.tenant.constituency.Cadence;
import org.opencirt.tenant.constituency.ConstituencyKind;
import org.opencirt.tenant.constituency.ConstituencyService;
import org.opencirt.tenant.constituency.ConstituencyService.AddEntries;
import org.opencirt.tenant.constituency.ConstituencyService.EntryInput;
import org.opencirt.tenant.constituency.ConstituentService;
import org.opencirt.tenant.constituency.ConstituentService.ConstituentInput;
import org.opencirt.tenant.constituency.ConstituentService.ContactInput;

/**
 * The two demo national CIRTs of the local stack. Their Keycloak side (groups, users, partner
 * clients) comes from the realm file {@code src/main/keycloak/opencirt-realm.json}; this puts
 * their rows in the database, and (with the demo incidents) a constituency for each, which the
 * sample feeds hit, with constituents and their abuse contacts, which the demo's notifications go to. On only with {@code opencirt.demo.enabled=true}: in a demo build
 * ({@code bin/opencirt run}) and in the tests, whose CIRTs these are (src/demo is a test source
 * root unless {@code -Pdemo}); the production jar holds no demo class (docs/adr/0020).
 */
@ApplicationScoped
class DemoTenants {

    void onStart(
            @Observes @Priority(100) StartupEvent event,
            TenantService tenants,
            ConstituencyService constituency,
            ConstituentService directory,
            @ConfigProperty(name = "opencirt.demo.enabled", defaultValue = "false") boolean enabled,
            @ConfigProperty(name = "opencirt.demo.incidents", defaultValue = "false") boolean withIncidents) {
        if (!enabled) {
            return;
        }
        tenants.ensureStored(new CreateTenant(
                "cert-ab",
                "CERT-AB, national CIRT of Republic A",
                "FR",
                "cert@cert-ab.example.org",
                "Government networks and operators of essential services of Republic A"));
        tenants.ensureStored(new CreateTenant(
                "cert-cd",
                "CERT-CD, national CIRT of Kingdom C",
                "TO",
                "cert@cert-cd.example.org",
                "All networks of Kingdom C, AS64500 and 203.0.113.0/24"));
        if (withIncidents && constituency.list("cert-ab").isEmpty()) {
            // constituents with abuse contacts, whom the demo's notification runs write to (the stack's mail server)
            directory.create(
                    "cert-ab",
                    new ConstituentInput(
                            "Ministry of Health",
                            "FR",
                            List.of(new EntryInput(
                                    ConstituencyKind.NETWORK, "198.51.100.0/24", "Ministry of Health network")),
                            List.of(new ContactInput("soc@health.gov-ab.example", "en", null, Cadence.DAILY, null))));
            constituency.add(
                    "cert-ab",
                    new AddEntries(
                            List.of(new EntryInput(ConstituencyKind.DOMAIN, "gov-ab.example", "Government domains"))));
            directory.create(
                    "cert-cd",
                    new ConstituentInput(
                            "Kingdom C Telecom",
                            null,
                            List.of(
                                    new EntryInput(ConstituencyKind.NETWORK, "203.0.113.0/24", "National backbone"),
                                    new EntryInput(ConstituencyKind.ASN, "AS64500", "Kingdom C Telecom")),
                            List.of(new ContactInput(
                                    "abuse@telecom.cd.example", "fr", null, Cadence.IMMEDIATE, null))));
        }
    }
}
