package org.opencirt.tenant.constituency;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import io.quarkus.test.junit.QuarkusTest;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.opencirt.testing.Api;

@QuarkusTest
class RegistryImportTest {

    /** A dump of two organisations of the CIRT's country and one of another, under networks of this run only. */
    private static String dump(String net, String handle) {
        return """
                %% A whois dump in RPSL, as a regional registry publishes it

                inet6num:       %1$s:100::/56
                netname:        UNIV-%2$s
                country:        CD
                org:            ORG-U-%2$s
                status:         ASSIGNED
                source:         TEST

                organisation:   ORG-U-%2$s
                org-name:       Universite %2$s
                country:        CD
                abuse-c:        AR-U-%2$s
                source:         TEST

                role:           University abuse team
                nic-hdl:        AR-U-%2$s
                abuse-mailbox:  cert@univ-%2$s.example
                source:         TEST

                inet6num:       %1$s:200::/56
                netname:        ISP-%2$s
                descr:          An ISP without an organisation object,
                +               known by its abuse contact
                country:        CD
                abuse-c:        AR-I-%2$s
                source:         TEST

                role:           ISP abuse
                nic-hdl:        AR-I-%2$s
                abuse-mailbox:  abuse@isp-%2$s.example
                source:         TEST

                inet6num:       %1$s:300::/56
                netname:        ELSEWHERE-%2$s
                country:        AB
                abuse-c:        AR-I-%2$s
                source:         TEST
                """.formatted(net, handle);
    }

    @Test
    void aDumpOfTheCountryFillsTheDirectoryOnceAndTheLookupFindsEachContact() {
        var net = "2001:db8:%x".formatted(ThreadLocalRandom.current().nextInt(0x1000, 0x10000));
        var handle = Integer.toString(ThreadLocalRandom.current().nextInt(100_000, 1_000_000));
        var body = dump(net, handle);

        Api.asUser("cd-lead")
                .contentType("text/plain")
                .queryParam("format", "rpsl")
                .queryParam("country", "cd")
                .queryParam("dryRun", true)
                .body(body)
                .post("/api/v1/constituents/imports")
                .then()
                .statusCode(200)
                .body("dryRun", equalTo(true))
                .body("constituentsCreated", equalTo(2))
                .body("entriesAdded", equalTo(2))
                .body("contactsAdded", equalTo(2))
                .body("filteredOut", equalTo(1));
        // a dry run changed nothing
        Api.asUser("cd-analyst")
                .queryParam("q", handle)
                .get("/api/v1/constituents")
                .then()
                .statusCode(200)
                .body("total", equalTo(0));

        Api.asUser("cd-lead")
                .contentType("text/plain")
                .queryParam("format", "rpsl")
                .queryParam("country", "CD")
                .body(body)
                .post("/api/v1/constituents/imports")
                .then()
                .statusCode(200)
                .body("constituentsCreated", equalTo(2));
        Api.asUser("cd-analyst")
                .queryParam("address", net + ":100::1")
                .get("/api/v1/constituents/lookup")
                .then()
                .statusCode(200)
                .body("constituent.name", equalTo("Universite " + handle))
                .body("constituent.country", equalTo("CD"))
                .body("constituent.source", equalTo("rpsl"))
                .body("contacts[0].email", equalTo("cert@univ-%s.example".formatted(handle)));
        Api.asUser("cd-analyst")
                .queryParam("address", net + ":2ff::1")
                .get("/api/v1/constituents/lookup")
                .then()
                .statusCode(200)
                .body("contacts[0].email", equalTo("abuse@isp-%s.example".formatted(handle)));
        // the other country's network was left out: the ISP has only its own
        Api.asUser("cd-analyst")
                .queryParam("q", handle)
                .get("/api/v1/constituents")
                .then()
                .statusCode(200)
                .body("total", equalTo(2))
                .body("items.entries", equalTo(java.util.List.of(1, 1)));

        // again: the same constituents are updated, nothing is added
        Api.asUser("cd-admin")
                .contentType("text/plain")
                .queryParam("format", "rpsl")
                .queryParam("country", "CD")
                .body(body)
                .post("/api/v1/constituents/imports")
                .then()
                .statusCode(200)
                .body("constituentsCreated", equalTo(0))
                .body("constituentsUpdated", equalTo(2))
                .body("entriesAdded", equalTo(0))
                .body("entriesKept", equalTo(2))
                .body("contactsAdded", equalTo(0));

        // another CIRT's directory holds none of it
        Api.asUser("ab-analyst")
                .queryParam("q", handle)
                .get("/api/v1/constituents")
                .then()
                .statusCode(200)
                .body("total", equalTo(0));
        Api.asUser("cd-analyst")
                .contentType("text/plain")
                .queryParam("format", "rpsl")
                .body(body)
                .post("/api/v1/constituents/imports")
                .then()
                .statusCode(403);
    }

    @Test
    void aFileThatIsNotWhatItClaimsIsRefusedWithItsLineAndWithoutItsContent() {
        Api.asUser("ab-admin")
                .contentType("application/json")
                .queryParam("format", "rdap")
                .body("{\"objectClassName\": \"ip network\",\n \"startAddress\": \"secret-looking-text\" ,,}")
                .post("/api/v1/constituents/imports")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors[0].message", containsString("line 2"))
                .body("errors[0].message", not(containsString("secret-looking-text")));
        Api.asUser("ab-admin")
                .contentType("text/plain")
                .queryParam("format", "whois")
                .body("inetnum: 192.0.2.0 - 192.0.2.255\n")
                .post("/api/v1/constituents/imports")
                .then()
                .statusCode(400)
                .contentType("application/problem+json");
    }
}
