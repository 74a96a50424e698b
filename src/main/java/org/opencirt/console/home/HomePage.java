package org.opencirt.console.home;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.Authenticated;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.stream.Stream;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.opencirt.console.web.Chrome;
import org.opencirt.console.web.ConsoleSession;

/** The console's start page: who is logged in, for which CIRT. */
@Path("/console")
@Authenticated
@Produces(MediaType.TEXT_HTML)
public class HomePage {

    @CheckedTemplate(basePath = "console")
    static class Templates {
        static native TemplateInstance home(Chrome chrome, List<String> roles);
    }

    private final ConsoleSession session;

    HomePage(ConsoleSession session) {
        this.session = session;
    }

    @GET
    @Operation(hidden = true)
    public TemplateInstance home() {
        var roles = Stream.of("analyst", "lead", "cirt-admin")
                .filter(session::hasRole)
                .toList();
        return session.render(Templates.home(session.chrome("home"), roles));
    }
}
