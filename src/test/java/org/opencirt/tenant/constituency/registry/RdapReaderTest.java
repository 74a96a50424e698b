package org.opencirt.tenant.constituency.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Reading RDAP answers (RFC 9083) into organisations with their networks, ASNs and abuse mailbox. */
class RdapReaderTest {

    private static InputStream resource(String name) {
        return RdapReaderTest.class.getResourceAsStream("/registry/" + name);
    }

    private static RegistryImport read(String resource) throws IOException {
        try (var in = resource(resource)) {
            return new RdapReader().read(in);
        }
    }

    private static RegistryImport readText(String json) throws IOException {
        return new RdapReader().read(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void anIpNetworkIsItsRegistrantsOrganisationWithTheAbuseMailboxNestedInTheRegistrant() throws IOException {
        var result = read("rdap-ip-network.json");

        assertThat(result.organisations()).singleElement().satisfies(bank -> {
            assertThat(bank.name()).isEqualTo("Example Bank N.V.");
            assertThat(bank.country()).isEqualTo("NL");
            assertThat(bank.abuseMailbox()).isEqualTo("abuse@bank.example");
            assertThat(bank.contactSource()).isEqualTo(ContactSource.NESTED_ABUSE_ENTITY);
            assertThat(bank.handles()).containsExactly("ORG-EB1-TEST", "AR-EB1-TEST");
            assertThat(bank.networks()).containsExactly("192.0.2.0/24");
        });
        assertThat(result.counts()).isEqualTo(new RegistryCounts(1, 1, 0, 0, 0, 0));
    }

    @Test
    void theTechnicalContactIsNeverTakenForTheAbuseMailbox() throws IOException {
        var bank = read("rdap-ip-network.json").organisations().getFirst();

        assertThat(bank.abuseMailbox()).isNotEqualTo("noc@bank.example");
        assertThat(bank.handles()).doesNotContain("EBT1-TEST");
    }

    @Test
    void aMaintainerListedAsRegistrantIsNotTakenForTheOrganisation() throws IOException {
        var bank = read("rdap-ip-network.json").organisations().getFirst();

        assertThat(bank.handles()).doesNotContain("EXAMPLE-BANK-MNT");
    }

    @Test
    void anAutnumGivesItsAsnAndAnAbuseEntityOnTheAnswerWinsOverANestedOne() throws IOException {
        var result = read("rdap-autnum.json");

        assertThat(result.organisations()).singleElement().satisfies(bank -> {
            assertThat(bank.name()).as("the jCard org before fn").isEqualTo("Example Bank");
            assertThat(bank.asns()).containsExactly("AS64496");
            assertThat(bank.networks()).isEmpty();
            assertThat(bank.abuseMailbox()).isEqualTo("as-abuse@bank.example");
            assertThat(bank.contactSource()).isEqualTo(ContactSource.ABUSE_ENTITY);
            assertThat(bank.country()).as("the registrant's address cc").isEqualTo("NL");
        });
    }

    @Test
    void answersOfOneRegistrantAreOneOrganisationKeepingTheFirstContactAndWarningOfTheOther() throws IOException {
        var in = new SequenceInputStream(resource("rdap-ip-network.json"), resource("rdap-autnum.json"));

        var result = new RdapReader().read(in);

        assertThat(result.organisations()).singleElement().satisfies(bank -> {
            assertThat(bank.networks()).containsExactly("192.0.2.0/24");
            assertThat(bank.asns()).containsExactly("AS64496");
            assertThat(bank.abuseMailbox()).isEqualTo("abuse@bank.example");
        });
        assertThat(result.warnings())
                .extracting(RegistryWarning::message)
                .containsExactly(
                        "organisation ORG-EB1-TEST: this object's abuse contact differs from the one kept for the organisation (the first read)");
    }

    @Test
    void anArrayOfAnswersIsReadAnswerByAnswer() throws IOException {
        var result = read("rdap-answers.json");

        assertThat(result.organisations())
                .extracting(RegistryOrganisation::name)
                .containsExactly("Stichting Ziekenhuis Voorbeeld", "EXAMPLE-UNI-V6", "EXAMPLE-SHOP-NET");
        assertThat(result.counts()).isEqualTo(new RegistryCounts(4, 3, 0, 1, 0, 0));
        assertThat(result.warnings())
                .containsExactly(new RegistryWarning(43, "an answer of class entity: skipped, not read"));
    }

    @Test
    void withoutCidr0TheRangeBecomesExactlyTheBlocksSpanningIt() throws IOException {
        var hospital = read("rdap-answers.json").organisations().getFirst();

        assertThat(hospital.networks()).containsExactly("198.51.100.0/25", "198.51.100.128/26", "198.51.100.192/29");
        assertThat(hospital.handles()).containsExactly("ORG-ZV1-TEST", "ZVA1-TEST");
    }

    @Test
    void theCidr0BlocksOfAnIpv6NetworkAreNormalisedAndWithoutRegistrantItIsNamedByItself() throws IOException {
        var university = read("rdap-answers.json").organisations().get(1);

        assertThat(university.networks()).containsExactly("2001:db8:2000::/36");
        assertThat(university.abuseMailbox()).isEqualTo("abuse@uni.example");
        assertThat(university.handles()).containsExactly("IRT-UNI-TEST");
    }

    @Test
    void lineDelimitedAnswersAreReadOneByOneAndGroupedByTheirAbuseMailbox() throws IOException {
        var result = read("rdap-answers.ndjson");

        assertThat(result.organisations()).singleElement().satisfies(transit -> {
            assertThat(transit.name()).isEqualTo("EXAMPLE-TRANSIT-AS");
            assertThat(transit.asns()).containsExactly("AS64500");
            assertThat(transit.networks()).containsExactly("203.0.113.0/26");
            assertThat(transit.abuseMailbox()).isEqualTo("abuse@transit.example");
        });
        assertThat(result.warnings())
                .containsExactly(
                        new RegistryWarning(3, "an RDAP error answer: skipped"),
                        new RegistryWarning(4, "ip network whose addresses are not valid: skipped"));
    }

    @Test
    void theCountryFilterKeepsOnlyThatCountry() throws IOException {
        try (var in = resource("rdap-answers.json")) {
            var result = new RdapReader().read(in, Set.of("NL"));

            assertThat(result.organisations())
                    .extracting(RegistryOrganisation::name)
                    .containsExactly("Stichting Ziekenhuis Voorbeeld", "EXAMPLE-UNI-V6");
            assertThat(result.counts().filteredOut()).isEqualTo(1);
        }
    }

    @Test
    void invalidJsonStopsTheReadWithLineAndColumnButNoContent() {
        var json = "{\"objectClassName\": \"ip network\",\n \"name\": \"SECRET-NAME\" \"country\": \"NL\"}";

        assertThatThrownBy(() -> readText(json))
                .isInstanceOf(RegistryFormatException.class)
                .hasMessageStartingWith("line 2, column ")
                .hasMessageNotContaining("SECRET")
                .hasMessageNotContaining("country")
                .hasNoCause();
    }

    @Test
    void anArrayThatNeverEndsIsNotValidJson() {
        assertThatThrownBy(() -> readText("[{\"objectClassName\": \"autnum\", \"startAutnum\": 64496},\n"))
                .isInstanceOf(RegistryFormatException.class)
                .hasMessageContaining("not valid JSON");
    }

    @Test
    void valuesThatAreNotAnswersAreSkippedWithAWarning() throws IOException {
        var result = readText("[1, \"text\", [2]]");

        assertThat(result.organisations()).isEmpty();
        assertThat(result.counts().skipped()).isEqualTo(3);
    }

    @Test
    void jsonNestedDeeperThanTheLimitStopsTheRead() {
        var json = "[".repeat(200) + "]".repeat(200);

        assertThatThrownBy(() -> readText(json))
                .isInstanceOf(RegistryFormatException.class)
                .hasMessageContaining("line 1, column");
    }

    @Test
    void moreAnswersThanTheLimitStopTheReadAtTheFirstAnswerBeyondIt() {
        var reader = new RdapReader(new RegistryLimits(1 << 20, 2, 4096, 1000, 100, 100));

        assertThatThrownBy(() -> reader.read(resource("rdap-answers.json")))
                .isInstanceOf(RegistryFormatException.class)
                .hasMessage("line 43: more than 2 answers (the limit maxObjects); reading stopped");
    }

    @Test
    void moreEntitiesInOneAnswerThanTheLimitStopTheRead() {
        var reader = new RdapReader(new RegistryLimits(1 << 20, 100, 4096, 3, 100, 100));

        assertThatThrownBy(() -> reader.read(resource("rdap-ip-network.json")))
                .isInstanceOf(RegistryFormatException.class)
                .hasMessage(
                        "line 1: more than 3 entities in one answer (the limit maxAttributesPerObject); reading stopped");
    }

    @Test
    void moreBytesThanTheLimitStopTheRead() {
        var reader = new RdapReader(new RegistryLimits(500, 100, 4096, 1000, 100, 100));

        assertThatThrownBy(() -> reader.read(resource("rdap-ip-network.json")))
                .isInstanceOf(RegistryFormatException.class)
                .hasMessageStartingWith("line ")
                .hasMessageContaining("(the limit maxBytes)")
                .satisfies(
                        e -> assertThat(((RegistryFormatException) e).limit()).isEqualTo("maxBytes"));
    }

    @Test
    void moreOrganisationsThanTheLimitStopTheRead() {
        var reader = new RdapReader(new RegistryLimits(1 << 20, 100, 4096, 1000, 1, 100));

        assertThatThrownBy(() -> reader.read(resource("rdap-answers.json")))
                .isInstanceOf(RegistryFormatException.class)
                .hasMessage("line 25: more than 1 organisations (the limit maxOrganisations); reading stopped");
    }
}
