package org.opencirt.quota;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.opencirt.common.audit.Audited;
import org.opencirt.exchange.service.ExchangeQuota;
import org.opencirt.feed.service.FeedQuotas;
import org.opencirt.playbook.notify.WebhookQuota;
import org.opencirt.tenant.TenantContext;

/** Fair use: what the caller's CIRT uses of its quotas. */
@Path("/api/v1/quotas")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Quotas")
@SecurityRequirement(name = "bearer")
@Audited
public class QuotaResource {

    /** The caller's CIRT's use of each quota, against the quota. */
    public record QuotaView(
            String tenant, FeedQuotas.Usage feeds, WebhookQuota.Usage webhooks, ExchangeQuota.Usage exchange) {}

    private final FeedQuotas feeds;
    private final WebhookQuota webhooks;
    private final ExchangeQuota exchange;
    private final TenantContext caller;

    QuotaResource(FeedQuotas feeds, WebhookQuota webhooks, ExchangeQuota exchange, TenantContext caller) {
        this.feeds = feeds;
        this.webhooks = webhooks;
        this.exchange = exchange;
        this.caller = caller;
    }

    @GET
    @RolesAllowed({"analyst", "lead", "cirt-admin"})
    @Operation(
            summary =
                    "The caller's CIRT's use of its quotas (feeds, fetched bytes today, runs going, webhook calls this minute, exchange requests this minute)")
    public QuotaView get() {
        var tenant = caller.tenantId();
        return new QuotaView(
                tenant, feeds.usage(tenant), webhooks.usage(tenant), exchange.usage(exchange.cirt(tenant)));
    }
}
