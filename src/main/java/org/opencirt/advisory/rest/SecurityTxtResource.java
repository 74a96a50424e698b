package org.opencirt.advisory.rest;

import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;
import java.time.Clock;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.opencirt.advisory.service.DirectoryService;

/** {@code /.well-known/security.txt}: the contacts and the CSAF provider metadata of every CIRT here. */
@Path("/.well-known/security.txt")
@PermitAll
@Tag(name = "CSAF directory")
public class SecurityTxtResource {

    private final DirectoryService directory;
    private final CsafReaders readers;
    private final Clock clock;

    SecurityTxtResource(DirectoryService directory, CsafReaders readers, Clock clock) {
        this.directory = directory;
        this.readers = readers;
        this.clock = clock;
    }

    @GET
    @Operation(summary = "security.txt (RFC 9116) with a CSAF field per CIRT")
    public Response securityTxt() {
        return Response.ok(directory.securityTxt(readers.base(), clock.instant()), "text/plain;charset=utf-8")
                .build();
    }
}
