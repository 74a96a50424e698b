package org.opencirt.common.web;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

/** The 201 answers of the API: every one carries a {@code Location} its caller can read. */
public final class Created {

    private Created() {}

    /** A 201 whose {@code Location} is the new resource's id below the request's path ({@code POST /feeds} → {@code /feeds/{id}}). */
    public static Response.ResponseBuilder below(UriInfo uri, Object id) {
        return Response.created(uri.getAbsolutePathBuilder().path(id.toString()).build());
    }
}
