package org.opencirt.incident.rest;

import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;
import io.vertx.core.http.HttpServerRequest;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.resteasy.reactive.RestForm;
import org.opencirt.common.problem.ApiException;
import org.opencirt.common.problem.Problem;
import org.opencirt.common.web.ClientAddresses;
import org.opencirt.incident.service.PublicReportService;
import org.opencirt.incident.service.PublicReportService.PublicReport;
import org.opencirt.tenant.TenantService;

/** The public reporting page: a plain HTML form, no account, no JavaScript. */
@Path("/report")
@PermitAll
@Produces(MediaType.TEXT_HTML)
public class PublicReportPage {

    private final Template report;
    private final PublicReportService reports;
    private final TenantService tenants;
    private final HttpServerRequest request;
    private final ClientAddresses clients;

    PublicReportPage(
            Template report,
            PublicReportService reports,
            TenantService tenants,
            HttpServerRequest request,
            ClientAddresses clients) {
        this.report = report;
        this.reports = reports;
        this.tenants = tenants;
        this.request = request;
        this.clients = clients;
    }

    @GET
    @Operation(hidden = true)
    public TemplateInstance form() {
        return page(Map.of(), List.of(), null, null);
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Operation(hidden = true)
    public TemplateInstance submit(
            @RestForm String cirt,
            @RestForm String title,
            @RestForm String description,
            @RestForm String name,
            @RestForm String email,
            @RestForm String organisation) {
        var values = Map.of(
                "cirt",
                nullToEmpty(cirt),
                "title",
                nullToEmpty(title),
                "description",
                nullToEmpty(description),
                "name",
                nullToEmpty(name),
                "email",
                nullToEmpty(email),
                "organisation",
                nullToEmpty(organisation));
        try {
            var receipt = reports.submit(
                    new PublicReport(
                            blankToNull(cirt),
                            blankToNull(title),
                            blankToNull(description),
                            blankToNull(name),
                            blankToNull(email),
                            blankToNull(organisation),
                            (Instant) null),
                    clients.of(request));
            return page(Map.of(), List.of(), receipt.reference(), receipt.statusToken());
        } catch (ApiException e) {
            var errors = e.violations().isEmpty() ? List.of(new Problem.Violation("", e.getMessage())) : e.violations();
            return page(values, errors, null, null);
        } catch (jakarta.validation.ConstraintViolationException e) {
            var errors = e.getConstraintViolations().stream()
                    .map(v -> new Problem.Violation(lastNode(v.getPropertyPath().toString()), v.getMessage()))
                    .toList();
            return page(values, errors, null, null);
        }
    }

    private TemplateInstance page(
            Map<String, String> values, List<Problem.Violation> errors, String reference, String token) {
        return report.data("cirts", tenants.list())
                .data("values", values)
                .data("errors", errors)
                .data("reference", reference)
                .data("token", token);
    }

    private static String lastNode(String path) {
        return path.substring(path.lastIndexOf('.') + 1);
    }

    private static String nullToEmpty(String value) {
        return value == null ? "" : value;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
