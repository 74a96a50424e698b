package org.opencirt.tenant.constituency.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Reading an RPSL whois dump into organisations with their networks, ASNs and abuse mailbox. */
class RpslReaderTest {

    private static RegistryImport sample(RpslReader reader, Set<String> countries) throws IOException {
        try (var in = RpslReaderTest.class.getResourceAsStream("/registry/ripe-sample.db")) {
            return countries.isEmpty() ? reader.read(in) : reader.read(in, countries);
        }
    }

    private static RegistryImport sample() throws IOException {
        return sample(new RpslReader(), Set.of());
    }

    private static RegistryImport read(String dump) throws IOException {
        return new RpslReader().read(bytes(dump));
    }

    private static InputStream bytes(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }

    private static RegistryOrganisation named(RegistryImport result, String name) {
        return result.organisations().stream()
                .filter(o -> name.equals(o.name()))
                .findFirst()
                .orElseThrow(
                        () -> new AssertionError("no organisation named " + name + " in " + result.organisations()));
    }

    @Test
    void anOrganisationDefinedAfterItsNetworksStillGroupsThemWithItsNameAndCountry() throws IOException {
        var bank = named(sample(), "Example Bank N.V.");

        assertThat(bank.country()).isEqualTo("NL");
        assertThat(bank.networks()).containsExactly("192.0.2.0/24", "2001:db8:1000::/36");
        assertThat(bank.asns()).containsExactly("AS64496");
        assertThat(bank.handles()).containsExactly("ORG-EB1-TEST", "AR-EB1-TEST");
    }

    @Test
    void theWholeSampleGivesOneOrganisationPerOrgHandleMailboxOrLoneNetwork() throws IOException {
        var result = sample();

        assertThat(result.organisations())
                .extracting(RegistryOrganisation::name)
                .containsExactly(
                        "Example Bank N.V.",
                        "Stichting Ziekenhuis Voorbeeld",
                        "EXAMPLE-UNI-NET",
                        "EXAMPLE-SHOP-NET",
                        "EXAMPLE-TRANSIT-AS");
        assertThat(result.counts()).isEqualTo(new RegistryCounts(16, 6, 2, 3, 0, 0));
    }

    @Test
    void aRangeThatIsNotOneCidrBlockBecomesExactlyTheBlocksSpanningIt() throws IOException {
        var hospital = named(sample(), "Stichting Ziekenhuis Voorbeeld");

        assertThat(hospital.networks()).containsExactly("198.51.100.0/25", "198.51.100.128/26", "198.51.100.192/29");
    }

    @Test
    void aRangeOfOddBoundsIsSpannedBySeveralBlocksOfDifferentSizes() throws IOException {
        var result = read("inetnum: 192.0.2.5 - 192.0.2.18\nnetname: ODD-NET\n");

        assertThat(result.organisations().getFirst().networks())
                .containsExactly("192.0.2.5/32", "192.0.2.6/31", "192.0.2.8/29", "192.0.2.16/31", "192.0.2.18/32");
    }

    @Test
    void continuationLinesJoinTheValueAndEndOfLineCommentsAreDropped() throws IOException {
        var hospital = named(sample(), "Stichting Ziekenhuis Voorbeeld");

        assertThat(hospital.abuseMailbox()).isEqualTo("cert@hospital.example");
        assertThat(hospital.country()).isEqualTo("NL");
    }

    @Test
    void commentLinesNeitherEndAnObjectNorBecomeAttributes() throws IOException {
        var result = read("""
                % a comment before
                inetnum: 192.0.2.0 - 192.0.2.127
                # a comment inside the object
                netname: COMMENTED-NET
                % another
                abuse-c: AB1-TEST

                role: Abuse
                nic-hdl: AB1-TEST
                abuse-mailbox: abuse@commented.example
                """);

        assertThat(result.organisations()).singleElement().satisfies(o -> {
            assertThat(o.name()).isEqualTo("COMMENTED-NET");
            assertThat(o.abuseMailbox()).isEqualTo("abuse@commented.example");
        });
        assertThat(result.warnings()).isEmpty();
    }

    @Test
    void theNetworksOwnAbuseCWinsOverItsOrganisations() throws IOException {
        var hospital = named(sample(), "Stichting Ziekenhuis Voorbeeld");

        assertThat(hospital.contactSource()).isEqualTo(ContactSource.OWN_ABUSE_C);
        assertThat(hospital.handles()).containsExactly("ORG-ZV1-TEST", "ZVA1-TEST");
    }

    @Test
    void withoutAnAbuseCOfItsOwnANetworkTakesItsOrganisations() throws IOException {
        var bank = named(sample(), "Example Bank N.V.");

        assertThat(bank.abuseMailbox()).isEqualTo("abuse@bank.example");
        assertThat(bank.contactSource()).isEqualTo(ContactSource.ORGANISATION_ABUSE_C);
    }

    @Test
    void withoutAnyAbuseCANetworkTakesTheMailboxOfTheIrtItReferences() throws IOException {
        var university = named(sample(), "EXAMPLE-UNI-NET");

        assertThat(university.abuseMailbox()).isEqualTo("abuse@uni.example");
        assertThat(university.contactSource()).isEqualTo(ContactSource.IRT);
        assertThat(university.handles()).containsExactly("IRT-UNI-TEST");
    }

    @Test
    void networksWithoutOrganisationSharingAMailboxAreOneOrganisationNamedByTheFirst() throws IOException {
        var university = named(sample(), "EXAMPLE-UNI-NET");

        assertThat(university.networks()).containsExactly("203.0.113.0/26", "203.0.113.64/26");
    }

    @Test
    void aNetworkWithNeitherOrganisationNorContactIsAnOrganisationOfItsOwnWithoutMailbox() throws IOException {
        var shop = named(sample(), "EXAMPLE-SHOP-NET");

        assertThat(shop.abuseMailbox()).isNull();
        assertThat(shop.contactSource()).isEqualTo(ContactSource.NONE);
        assertThat(shop.networks()).containsExactly("203.0.113.128/25");
        assertThat(shop.country()).isEqualTo("BE");
    }

    @Test
    void aHandleNotInTheFileIsAWarningNamingItAndItsLine() throws IOException {
        var result = sample();

        assertThat(named(result, "EXAMPLE-TRANSIT-AS").contactSource()).isEqualTo(ContactSource.NONE);
        assertThat(result.warnings())
                .contains(new RegistryWarning(139, "abuse-c AR-GONE-TEST is not in the file: unresolved"));
    }

    @Test
    void anInetnumWhoseRangeDoesNotParseIsSkippedWithAWarningThatQuotesNothing() throws IOException {
        var result = sample();

        assertThat(result.warnings())
                .contains(new RegistryWarning(134, "inetnum whose range or prefix is not valid: skipped"));
        assertThat(result.organisations())
                .extracting(RegistryOrganisation::name)
                .doesNotContain("BROKEN-NET");
        assertThat(result.warnings()).allSatisfy(w -> assertThat(w.message()).doesNotContain("192.0.2.300", "BROKEN"));
    }

    @Test
    void objectKindsNotReadAreCountedInOneWarningPerKind() throws IOException {
        var result = sample();

        assertThat(result.warnings())
                .contains(
                        new RegistryWarning(48, "1 object(s) of kind route skipped: not read"),
                        new RegistryWarning(146, "1 object(s) of kind mntner skipped: not read"));
    }

    @Test
    void theCountryFilterKeepsOnlyThatCountryAndAnAsnWithoutCountryTakesItsOrganisations() throws IOException {
        var result = sample(new RpslReader(), Set.of("nl"));

        assertThat(result.organisations())
                .extracting(RegistryOrganisation::name)
                .doesNotContain("EXAMPLE-SHOP-NET");
        assertThat(named(result, "Example Bank N.V.").asns()).containsExactly("AS64496");
        assertThat(result.counts().filteredOut()).isEqualTo(1);
    }

    @Test
    void aCountryFilterOfAnotherCountryKeepsOnlyItsNetworks() throws IOException {
        var result = sample(new RpslReader(), Set.of("BE"));

        assertThat(result.organisations())
                .extracting(RegistryOrganisation::name)
                .containsExactly("EXAMPLE-SHOP-NET");
        assertThat(result.counts().filteredOut()).isEqualTo(7);
    }

    @Test
    void anAutNumWithoutOrganisationIsNamedByItsAsName() throws IOException {
        var transit = named(sample(), "EXAMPLE-TRANSIT-AS");

        assertThat(transit.asns()).containsExactly("AS64500");
        assertThat(transit.networks()).isEmpty();
    }

    @Test
    void anInet6numWithHostBitsSetIsNotAPrefixAndIsSkipped() throws IOException {
        var result = read("inet6num: 2001:db8::1/32\nnetname: HOSTBITS-NET\n");

        assertThat(result.organisations()).isEmpty();
        assertThat(result.counts().skipped()).isEqualTo(1);
    }

    @Test
    void aLineThatIsNotUtf8IsReadAsLatin1() throws IOException {
        var head = "organisation: ORG-L1-TEST\norg-name: H".getBytes(StandardCharsets.US_ASCII);
        var latin1 = "\u00f4pital\n\ninetnum: 192.0.2.0 - 192.0.2.255\norg: ORG-L1-TEST\n"
                .getBytes(StandardCharsets.ISO_8859_1);
        var in = new SequenceInputStream(new ByteArrayInputStream(head), new ByteArrayInputStream(latin1));

        var result = new RpslReader().read(in);

        assertThat(result.organisations().getFirst().name()).isEqualTo("H\u00f4pital");
    }

    @Test
    void abuseMailboxesThatAreNotValidAreNotUsed() throws IOException {
        var result = read("""
                inetnum: 192.0.2.0 - 192.0.2.255
                netname: BAD-MAILBOX-NET
                abuse-c: BM1-TEST

                role: Bad
                nic-hdl: BM1-TEST
                abuse-mailbox: Abuse Team <abuse@bad.example>, other@bad.example
                """);

        assertThat(result.organisations().getFirst().abuseMailbox()).isNull();
        assertThat(result.warnings())
                .contains(new RegistryWarning(1, "abuse-c BM1-TEST has no valid abuse-mailbox or e-mail"));
    }

    @Test
    void aLineLongerThanTheLimitStopsTheReadNamingTheLimitAndTheLineButNotTheContent() {
        var secret = "x".repeat(5000);
        var dump = "inetnum: 192.0.2.0 - 192.0.2.255\nnetname: " + secret + "\n";

        assertThatThrownBy(() -> read(dump))
                .isInstanceOf(RegistryFormatException.class)
                .hasMessageContaining("line 2")
                .hasMessageContaining("maxLineLength")
                .hasMessageNotContaining("xxxx")
                .satisfies(
                        e -> assertThat(((RegistryFormatException) e).limit()).isEqualTo("maxLineLength"));
    }

    @Test
    void moreObjectsThanTheLimitStopTheReadAtTheFirstObjectBeyondIt() {
        var reader = new RpslReader(new RegistryLimits(1 << 20, 2, 4096, 1000, 100, 100));

        assertThatThrownBy(() -> sample(reader, Set.of()))
                .isInstanceOf(RegistryFormatException.class)
                .hasMessage("line 33: more than 2 objects (the limit maxObjects); reading stopped");
    }

    @Test
    void moreAttributesInAnObjectThanTheLimitStopTheRead() {
        var reader = new RpslReader(new RegistryLimits(1 << 20, 100, 4096, 5, 100, 100));

        assertThatThrownBy(() -> sample(reader, Set.of()))
                .isInstanceOf(RegistryFormatException.class)
                .hasMessage(
                        "line 15: more than 5 attributes in one object (the limit maxAttributesPerObject); reading stopped");
    }

    @Test
    void moreBytesThanTheLimitStopTheRead() {
        var reader = new RpslReader(new RegistryLimits(100, 100, 4096, 1000, 100, 100));
        var dump = new ByteArrayOutputStream();
        dump.writeBytes("% header\n".repeat(200).getBytes(StandardCharsets.US_ASCII));

        assertThatThrownBy(() -> reader.read(new ByteArrayInputStream(dump.toByteArray())))
                .isInstanceOf(RegistryFormatException.class)
                .hasMessageContaining("line 1:")
                .hasMessageContaining("the limit maxBytes");
    }

    @Test
    void moreOrganisationsThanTheLimitStopTheReadAtTheObjectThatWouldAddOne() {
        var reader = new RpslReader(new RegistryLimits(1 << 20, 100, 4096, 1000, 2, 100));

        assertThatThrownBy(() -> sample(reader, Set.of()))
                .isInstanceOf(RegistryFormatException.class)
                .hasMessage("line 101: more than 2 organisations (the limit maxOrganisations); reading stopped");
    }

    @Test
    void warningsBeyondTheLimitAreCountedOnly() throws IOException {
        var reader = new RpslReader(new RegistryLimits(1 << 20, 100, 4096, 1000, 100, 1));

        var result = sample(reader, Set.of());

        assertThat(result.warnings()).hasSize(1);
        assertThat(result.counts().warningsOmitted()).isEqualTo(3);
    }

    @Test
    void aCountryFilterMustNameValidCodes() {
        var reader = new RpslReader();

        assertThatThrownBy(() -> reader.read(bytes(""), Set.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> reader.read(bytes(""), Set.of("Netherlands")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aLargeDumpIsStreamedObjectByObject() throws IOException {
        int count = 20_000;
        var in = new InputStream() {
            private int object;
            private byte[] current = new byte[0];
            private int at;

            @Override
            public int read() {
                if (at == current.length) {
                    if (object == count) {
                        return -1;
                    }
                    current = "inetnum: 10.%d.%d.0 - 10.%d.%d.255\nnetname: NET-%d\nabuse-c: AB1-TEST\n\n"
                            .formatted(object / 256, object % 256, object / 256, object % 256, object)
                            .getBytes(StandardCharsets.US_ASCII);
                    at = 0;
                    object++;
                }
                return current[at++];
            }
        };
        var role = bytes("role: Abuse\nnic-hdl: AB1-TEST\nabuse-mailbox: abuse@isp.example\n");

        var result = new RpslReader().read(new SequenceInputStream(in, role));

        assertThat(result.organisations()).singleElement().satisfies(o -> {
            assertThat(o.networks()).hasSize(count).startsWith("10.0.0.0/24");
            assertThat(o.name()).isEqualTo("NET-0");
        });
        assertThat(result.counts().networks()).isEqualTo(count);
        assertThat(result.counts().objects()).isEqualTo(count + 1);
    }
}
