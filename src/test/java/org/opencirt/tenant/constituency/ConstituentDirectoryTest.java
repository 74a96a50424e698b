package org.opencirt.tenant.constituency;

import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.opencirt.testing.Api;

@QuarkusTest
class ConstituentDirectoryTest {

    static String resource(String path) {
        try (var in = ConstituentDirectoryTest.class.getResourceAsStream(path)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String unique(String name) {
        return name + " " + UUID.randomUUID().toString().substring(0, 8);
    }

    /** A network of its own for each run: the test database outlives a run. */
    private static String prefix() {
        return "2001:db8:%x"
                .formatted(java.util.concurrent.ThreadLocalRandom.current().nextInt(0x1000, 0x10000));
    }

    @Test
    void aConstituentKeepsItsEntriesAndContactsAndTheLookupFindsItByTheMostSpecificNetwork() {
        var net = prefix();
        var asn = "AS"
                + (4_200_000_000L
                        + java.util.concurrent.ThreadLocalRandom.current().nextInt(90_000_000));
        var isp = unique("ISP One");
        var university = unique("University");
        var ispId = Api.asUser("cd-lead")
                .body(Map.of(
                        "name",
                        isp,
                        "country",
                        "cd",
                        "entries",
                        java.util.List.of(
                                Map.of("kind", "network", "value", net + "::/48"),
                                Map.of("kind", "asn", "value", asn.toLowerCase())),
                        "contacts",
                        java.util.List.of(Map.of(
                                "email", "abuse@isp-one.example",
                                "language", "fr",
                                "cadence", "immediate",
                                "openpgpKey", resource("/openpgp/contact-public.asc")))))
                .post("/api/v1/constituents")
                .then()
                .statusCode(201)
                .body("country", equalTo("CD"))
                .body("source", equalTo("manual"))
                .body("entries.value", containsInAnyOrder(net + "::/48", asn))
                .body("contacts[0].language", equalTo("fr"))
                .body("contacts[0].format", equalTo("csv"))
                .body("contacts[0].cadence", equalTo("immediate"))
                .body("contacts[0].openpgpFingerprint", equalTo("A156F09FFFFE9BA05E2A7558D8A05F432C509EFE"))
                .extract()
                .path("id");
        // a university inside the ISP's network: its narrower network wins the lookup
        var universityId = Api.asUser("cd-admin")
                .body(Map.of(
                        "name",
                        university,
                        "entries",
                        java.util.List.of(Map.of("kind", "network", "value", net + ":8000::/49")),
                        "contacts",
                        java.util.List.of(Map.of("email", "cert@univ.example"))))
                .post("/api/v1/constituents")
                .then()
                .statusCode(201)
                .body("contacts[0].language", equalTo("en"))
                .body("contacts[0].cadence", equalTo("daily"))
                .extract()
                .path("id");

        Api.asUser("cd-analyst")
                .queryParam("address", net + ":8001::1")
                .get("/api/v1/constituents/lookup")
                .then()
                .statusCode(200)
                .body("constituent.id", equalTo(universityId))
                .body("entry.value", equalTo(net + ":8000::/49"))
                .body("contacts.email", equalTo(java.util.List.of("cert@univ.example")));
        Api.asUser("cd-analyst")
                .queryParam("address", net + ":1::7")
                .get("/api/v1/constituents/lookup")
                .then()
                .statusCode(200)
                .body("constituent.id", equalTo(ispId))
                .body("contacts.email", equalTo(java.util.List.of("abuse@isp-one.example")));
        Api.asUser("cd-analyst")
                .queryParam("asn", asn)
                .get("/api/v1/constituents/lookup")
                .then()
                .statusCode(200)
                .body("constituent.name", equalTo(isp));
        // another CIRT's directory holds neither
        Api.asUser("ab-analyst")
                .queryParam("address", net + ":1::7")
                .get("/api/v1/constituents/lookup")
                .then()
                .statusCode(404);
        Api.asUser("ab-analyst").get("/api/v1/constituents/" + ispId).then().statusCode(404);
        Api.asUser("ab-analyst")
                .queryParam("q", isp)
                .get("/api/v1/constituents")
                .then()
                .statusCode(200)
                .body("total", equalTo(0));

        Api.asUser("cd-analyst")
                .queryParam("q", isp.substring(4).toUpperCase())
                .get("/api/v1/constituents")
                .then()
                .statusCode(200)
                .body("total", equalTo(1))
                .body("items[0].entries", equalTo(2))
                .body("items[0].contacts", equalTo(1));

        // removing the university gives its addresses back to the ISP
        Api.asUser("ab-admin")
                .delete("/api/v1/constituents/" + universityId)
                .then()
                .statusCode(404);
        Api.asUser("cd-analyst")
                .delete("/api/v1/constituents/" + universityId)
                .then()
                .statusCode(403);
        Api.asUser("cd-admin")
                .delete("/api/v1/constituents/" + universityId)
                .then()
                .statusCode(204);
        Api.asUser("cd-analyst")
                .queryParam("address", net + ":8001::1")
                .get("/api/v1/constituents/lookup")
                .then()
                .body("constituent.id", equalTo(ispId));
        Api.asUser("cd-analyst").get("/api/v1/constituency").then().body("value", not(hasItem(net + ":8000::/49")));
    }

    @Test
    void contactsAreCheckedAndEveryProblemIsNamed() {
        var id = Api.asUser("ab-admin")
                .body(Map.of("name", unique("Ministry")))
                .post("/api/v1/constituents")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        Api.asUser("ab-admin")
                .body(Map.of(
                        "email",
                        "abuse@ministry.example, boss@ministry.example",
                        "language",
                        "de",
                        "openpgpKey",
                        resource("/openpgp/contact-signing-only.asc")))
                .post("/api/v1/constituents/" + id + "/contacts")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors.pointer", hasItems("/email", "/language", "/openpgpKey"))
                .body("errors.find { it.pointer == '/openpgpKey' }.message", containsString("may encrypt"))
                .body("errors.message", not(hasItem(containsString("PGP PUBLIC KEY"))));
        Api.asUser("ab-admin")
                .body(Map.of(
                        "email",
                        "abuse@ministry.example",
                        "openpgpKey",
                        "-----BEGIN PGP PUBLIC KEY BLOCK-----\nnonsense\n"))
                .post("/api/v1/constituents/" + id + "/contacts")
                .then()
                .statusCode(400)
                .body("errors[0].message", containsString("cannot be read as an OpenPGP public key"));
        Api.asUser("ab-admin").get("/api/v1/constituents/" + id).then().body("contacts", hasSize(0));

        var contact = Api.asUser("ab-lead")
                .body(Map.of("email", "abuse@ministry.example", "format", "json", "cadence", "weekly"))
                .post("/api/v1/constituents/" + id + "/contacts")
                .then()
                .statusCode(201)
                .body("openpgpFingerprint", nullValue())
                .extract()
                .path("id");
        Api.asUser("ab-lead")
                .body(Map.of("email", "ABUSE@ministry.example"))
                .post("/api/v1/constituents/" + id + "/contacts")
                .then()
                .statusCode(409);
        Api.asUser("ab-lead")
                .body(Map.of("email", "soc@ministry.example", "language", "ar"))
                .put("/api/v1/constituents/" + id + "/contacts/" + contact)
                .then()
                .statusCode(200)
                .body("email", equalTo("soc@ministry.example"))
                .body("format", equalTo("csv"));
        Api.asUser("cd-admin")
                .delete("/api/v1/constituents/" + id + "/contacts/" + contact)
                .then()
                .statusCode(404);
        Api.asUser("ab-admin")
                .delete("/api/v1/constituents/" + id + "/contacts/" + contact)
                .then()
                .statusCode(204);
    }

    @Test
    void namesAreUniquePerCirtAndEntriesOfAnotherCirtsConstituentAreRefused() {
        var net = prefix() + "::/48";
        var name = unique("Bank");
        var id = Api.asUser("ab-admin")
                .body(Map.of("name", name))
                .post("/api/v1/constituents")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        Api.asUser("ab-admin")
                .body(Map.of("name", name.toLowerCase()))
                .post("/api/v1/constituents")
                .then()
                .statusCode(409);
        // the same name in another CIRT is another constituent
        Api.asUser("cd-admin")
                .body(Map.of("name", name))
                .post("/api/v1/constituents")
                .then()
                .statusCode(201);
        Api.asUser("cd-admin")
                .body("""
                {"entries": [{"kind": "network", "value": "%s", "constituent": "%s"}]}""".formatted(net, id))
                .post("/api/v1/constituency")
                .then()
                .statusCode(400)
                .body("errors[0].pointer", equalTo("/entries/0/constituent"));
        Api.asUser("ab-admin")
                .body("""
                {"entries": [{"kind": "network", "value": "%s", "constituent": "%s"}]}""".formatted(net, id))
                .post("/api/v1/constituency")
                .then()
                .statusCode(201)
                .body("[0].constituent", equalTo(id));
        Api.asUser("ab-admin")
                .body(Map.of("name", name + " renamed", "country", "AB"))
                .put("/api/v1/constituents/" + id)
                .then()
                .statusCode(200)
                .body("name", equalTo(name + " renamed"))
                .body("entries.value", equalTo(java.util.List.of(net)));
    }
}
