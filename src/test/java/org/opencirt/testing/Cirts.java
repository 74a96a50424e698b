package org.opencirt.testing;

import java.util.UUID;

/** National CIRTs a test onboards for itself, through the API, as the platform admin. */
public final class Cirts {

    private Cirts() {}

    /**
     * Onboards a CIRT with a new id.
     *
     * @param prefix the id's start; not "cert-" (a random id could begin with a demo CIRT's)
     * @return its id
     */
    public static String onboard(String prefix) {
        var id = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
        Api.asUser("platform-admin")
                .body("""
                {"id": "%1$s", "name": "CERT %1$s", "countryCode": "WS", "contactEmail": "cert@%1$s.example.org",
                 "constituency": "test"}
                """.formatted(id))
                .post("/api/v1/tenants")
                .then()
                .statusCode(201);
        return id;
    }
}
