package org.opencirt.tenant.constituency;

import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;
import org.opencirt.testing.Api;

@QuarkusTest
class ConstituencyApiTest {

    @Test
    void entriesAreNormalisedAndAnotherCirtNeitherSeesNorRemovesThem() {
        var id = Api.asUser("cd-admin")
                .body("""
                {"entries": [{"kind": "network", "value": "192.0.2.77/24", "label": "Ministry"},
                             {"kind": "asn", "value": "as64511"}, {"kind": "domain", "value": "Ministry.Gov-CD.example."}]}
                """)
                .post("/api/v1/constituency")
                .then()
                .statusCode(201)
                .header("Location", endsWith("/api/v1/constituency"))
                .body("value", hasItems("192.0.2.0/24", "AS64511", "ministry.gov-cd.example"))
                .extract()
                .jsonPath()
                .getString("find { it.kind == 'network' }.id");

        Api.asUser("ab-analyst")
                .get("/api/v1/constituency")
                .then()
                .statusCode(200)
                .body("id", not(hasItem(id)));
        Api.asUser("ab-admin")
                .delete("/api/v1/constituency/" + id)
                .then()
                .statusCode(404)
                .contentType("application/problem+json");
        Api.asUser("cd-analyst").get("/api/v1/constituency").then().body("id", hasItem(id));
        Api.asUser("cd-analyst").delete("/api/v1/constituency/" + id).then().statusCode(403);

        Api.asUser("cd-admin").delete("/api/v1/constituency/" + id).then().statusCode(204);
        Api.asUser("cd-analyst").get("/api/v1/constituency").then().body("id", not(hasItem(id)));
    }

    @Test
    void invalidEntriesAreAllNamedAndNoneIsStored() {
        Api.asUser("ab-admin")
                .body("""
                {"entries": [{"kind": "network", "value": "198.51.100.0/24"}, {"kind": "network", "value": "not-a-network"},
                             {"kind": "asn", "value": "AS-nothing"}, {"kind": "country", "value": "FR"}]}
                """)
                .post("/api/v1/constituency")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors[0].pointer", equalTo("/entries/3/kind"));
        Api.asUser("ab-admin")
                .body("""
                {"entries": [{"kind": "network", "value": "198.51.100.0/24"}, {"kind": "network", "value": "not-a-network"},
                             {"kind": "asn", "value": "AS-nothing"}]}
                """)
                .post("/api/v1/constituency")
                .then()
                .statusCode(400)
                .body("errors.pointer", hasItems("/entries/1/value", "/entries/2/value"));
        Api.asUser("ab-admin").get("/api/v1/constituency").then().body("value", not(hasItem("198.51.100.0/24")));
    }
}
