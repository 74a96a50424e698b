package org.opencirt.incident.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import org.opencirt.common.crypto.Digests;
import org.opencirt.common.metrics.QuotaRejections;
import org.opencirt.common.problem.ApiException;
import org.opencirt.common.problem.TooManyRequests;
import org.opencirt.common.usage.UsageCounters;
import org.opencirt.common.web.RateLimiter;
import org.opencirt.incident.model.Channel;
import org.opencirt.incident.repository.IncidentRepository;
import org.opencirt.incident.service.IncidentCommands.CreateIncident;
import org.opencirt.incident.service.IncidentCommands.Reporter;
import org.opencirt.incident.service.IncidentViews.ReportReceipt;
import org.opencirt.incident.service.IncidentViews.ReportStatus;
import org.opencirt.tenant.TenantService;

/**
 * Reports from the public, without an account. The reporter names the national CIRT to report
 * to, gets a reference and a secret status token (only its hash is stored), and can later read
 * the report's state with both, and nothing else.
 */
@ApplicationScoped
public class PublicReportService {

    /** A report from the public. */
    public record PublicReport(
            @NotBlank @Size(max = 32) String cirt,
            @NotBlank @Size(max = 300) String title,
            @NotBlank @Size(max = 100_000) String description,
            @Size(max = 200) String name,
            @Email @Size(max = 254) String email,
            @Size(max = 200) String organisation,
            Instant occurredAt) {}

    private static final SecureRandom RANDOM = new SecureRandom();

    private final IncidentService incidents;
    private final IncidentRepository incidentRows;
    private final TenantService tenants;
    private final IncidentConfig config;
    private final RateLimiter limiter;

    @Inject
    QuotaRejections rejections;

    PublicReportService(
            IncidentService incidents,
            IncidentRepository incidentRows,
            TenantService tenants,
            IncidentConfig config,
            UsageCounters usage,
            Clock clock) {
        this.incidents = incidents;
        this.incidentRows = incidentRows;
        this.tenants = tenants;
        this.config = config;
        this.limiter = new RateLimiter(
                usage,
                "public-report",
                config.publicReports().perAddress(),
                config.publicReports().window(),
                clock);
    }

    /**
     * Files a public report with the named CIRT.
     *
     * @param clientAddress the reporter's address, for the rate limit
     * @throws ApiException 429 over the rate limit, 400 for an unknown CIRT or invalid fields
     */
    @Transactional
    public ReportReceipt submit(@NotNull @Valid PublicReport report, String clientAddress) {
        if (!limiter.tryAcquire(clientAddress)) {
            rejections.rejected(QuotaRejections.Kind.PUBLIC_REPORTS);
            var wait = limiter.retryAfterSeconds();
            throw new TooManyRequests(
                    "Too many reports from your address; try again in %d seconds".formatted(wait), wait);
        }
        if (report.description().length() > config.publicReports().maxDescription()) {
            throw ApiException.invalid(
                    "/description",
                    "at most %d characters".formatted(config.publicReports().maxDescription()));
        }
        if (!tenants.exists(report.cirt())) {
            throw ApiException.invalid("/cirt", "no national CIRT '%s' on this platform".formatted(report.cirt()));
        }
        var command = CreateIncident.reported(
                report.title(),
                report.description(),
                new Reporter(report.name(), report.email(), report.organisation()),
                report.occurredAt());
        var view = incidents.create(
                command,
                new IncidentService.Origin(
                        report.cirt(),
                        "public",
                        Channel.PUBLIC,
                        null,
                        config.publicReports().maxObservables()));
        var token = newToken();
        incidentRows.findById(view.id()).statusTokenHash = hash(token);
        return new ReportReceipt(view.reference(), token);
    }

    /** The state of a public report; 404 unless the token matches, exactly as for a reference that does not exist. */
    public ReportStatus status(String reference, String token) {
        var incident = incidentRows
                .find("reference", reference)
                .firstResultOptional()
                .filter(i -> i.statusTokenHash != null
                        && token != null
                        && MessageDigest.isEqual(
                                i.statusTokenHash.getBytes(StandardCharsets.US_ASCII),
                                hash(token).getBytes(StandardCharsets.US_ASCII)))
                .orElseThrow(() -> ApiException.notFound("Report " + reference));
        return new ReportStatus(incident.reference, incident.state, incident.reportedAt, incident.updatedAt);
    }

    private static String newToken() {
        var bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static String hash(String token) {
        return Digests.sha256Hex(token);
    }
}
