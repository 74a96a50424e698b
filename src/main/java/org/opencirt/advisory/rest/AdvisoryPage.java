package org.opencirt.advisory.rest;

import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.regex.Pattern;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.opencirt.advisory.service.AdvisoryPages;
import org.opencirt.advisory.service.DirectoryService;
import org.opencirt.common.problem.ApiException;

/**
 * A published advisory for people: {@code /advisories/<cirt>/<tlp>/<year>/<name>.html}, under the
 * same access rules as the directory. Qute escapes every value.
 */
@Path("/advisories/{cirt}/{tlp}/{year}/{file}")
@PermitAll
@Produces(MediaType.TEXT_HTML)
public class AdvisoryPage {

    private static final Pattern PAGE = Pattern.compile("([+\\-a-z0-9_]+)\\.html");

    private final Template advisory;
    private final DirectoryService directory;
    private final AdvisoryPages pages;
    private final CsafReaders readers;

    AdvisoryPage(Template advisory, DirectoryService directory, AdvisoryPages pages, CsafReaders readers) {
        this.advisory = advisory;
        this.directory = directory;
        this.pages = pages;
        this.readers = readers;
    }

    @GET
    @Operation(summary = "A published advisory as an HTML page")
    public TemplateInstance page(
            @PathParam("cirt") String cirt,
            @PathParam("tlp") String tlp,
            @PathParam("year") String year,
            @PathParam("file") String file) {
        directory.requireRead(cirt, tlp, readers.reader());
        var matcher = PAGE.matcher(file);
        if (!matcher.matches() || !year.matches("\\d{4}")) {
            throw ApiException.notFound("Page '%s'".formatted(file));
        }
        var path = tlp + "/" + year + "/" + matcher.group(1) + ".json";
        var jsonUrl = DirectoryService.directoryUrl(readers.base(), cirt) + path;
        var page = directory
                .page(cirt, path, jsonUrl, pages)
                .orElseThrow(() -> ApiException.notFound("Advisory '%s'".formatted(file)));
        return advisory.data("a", page);
    }
}
