package org.opencirt.tenant.constituency.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Finding the most specific network an address falls into. */
class PrefixDirectoryTest {

    private static PrefixDirectory<String> nested() {
        return PrefixDirectory.<String>builder()
                .add("192.0.2.0/24", "bank")
                .add("192.0.2.128/25", "bank branch")
                .add("192.0.2.192/26", "bank branch lab")
                .add("198.51.100.0/24", "hospital")
                .add("2001:db8::/32", "isp")
                .add("2001:db8:1000::/36", "university")
                .build();
    }

    @Test
    void theMostSpecificOfNestedNetworksIsFound() {
        var directory = nested();

        assertThat(directory.find("192.0.2.200")).contains("bank branch lab");
        assertThat(directory.find("192.0.2.130")).contains("bank branch");
        assertThat(directory.find("192.0.2.5")).contains("bank");
        assertThat(directory.find("198.51.100.7")).contains("hospital");
    }

    @Test
    void findAllListsEveryContainingNetworkMostSpecificFirst() {
        assertThat(nested().findAll("192.0.2.200")).containsExactly("bank branch lab", "bank branch", "bank");
        assertThat(nested().findAll("192.0.2.5")).containsExactly("bank");
    }

    @Test
    void anIpv6AddressIsMatchedToItsMostSpecificIpv6Network() {
        var directory = nested();

        assertThat(directory.find("2001:db8:1234::1")).contains("university");
        assertThat(directory.find("2001:db8:f000::1")).contains("isp");
        assertThat(directory.findAll("2001:0db8:1000:0:0:0:0:1")).containsExactly("university", "isp");
    }

    @Test
    void anIpv4MappedIpv6AddressIsLookedUpAsIpv4() {
        assertThat(nested().find("::ffff:192.0.2.200")).contains("bank branch lab");
    }

    @Test
    void anAddressInNoNetworkOrNotAnAddressFindsNothing() {
        var directory = nested();

        assertThat(directory.find("203.0.113.1")).isEmpty();
        assertThat(directory.find("2001:db9::1")).isEmpty();
        assertThat(directory.find("bank.example")).isEmpty();
        assertThat(directory.find("")).isEmpty();
        assertThat(directory.find(null)).isEmpty();
        assertThat(directory.findAll("203.0.113.1")).isEmpty();
    }

    @Test
    void anIpv4NetworkNeverMatchesAnIpv6AddressAndTheOtherWayRound() {
        var directory = PrefixDirectory.<String>builder()
                .add("0.0.0.0/0", "all of IPv4")
                .add("::/0", "all of IPv6")
                .build();

        assertThat(directory.find("2001:db8::1")).contains("all of IPv6");
        assertThat(directory.find("192.0.2.1")).contains("all of IPv4");
    }

    @Test
    void aBlockIsFoundInTheNetworksContainingAllOfIt() {
        var directory = nested();

        assertThat(directory.find("192.0.2.128/26")).contains("bank branch");
        assertThat(directory.find("192.0.0.0/16")).isEmpty();
    }

    @Test
    void hostBitsOfANetworkAreIgnoredAndTheLaterValueOfTheSameNetworkWins() {
        var directory = PrefixDirectory.<String>builder()
                .add("192.0.2.77/24", "first")
                .add("192.0.2.0/24", "second")
                .build();

        assertThat(directory.size()).isEqualTo(1);
        assertThat(directory.find("192.0.2.1")).contains("second");
    }

    @Test
    void somethingThatIsNotANetworkIsRefused() {
        var builder = PrefixDirectory.<String>builder();

        assertThatThrownBy(() -> builder.add("192.0.2.0 - 192.0.2.255", "range"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> builder.add("bank.example", "name")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theOrganisationsReadFromADumpAreFoundByTheirAddresses() throws IOException {
        try (var in = PrefixDirectoryTest.class.getResourceAsStream("/registry/ripe-sample.db")) {
            var directory = PrefixDirectory.of(new RpslReader().read(in).organisations());

            assertThat(directory.find("198.51.100.195"))
                    .map(RegistryOrganisation::name)
                    .contains("Stichting Ziekenhuis Voorbeeld");
            assertThat(directory.find("198.51.100.200")).isEmpty();
            assertThat(directory.find("2001:db8:1fff::1"))
                    .map(RegistryOrganisation::abuseMailbox)
                    .contains("abuse@bank.example");
        }
    }

    @Test
    @Timeout(value = 20, unit = TimeUnit.SECONDS)
    void twoHundredThousandLookupsInTwentyThousandNetworksAreFast() {
        var builder = PrefixDirectory.<Integer>builder();
        for (int i = 0; i < 10_000; i++) {
            builder.add("10.%d.%d.0/24".formatted(i / 256, i % 256), i);
            builder.add("10.%d.%d.128/28".formatted(i / 256, i % 256), -i - 1);
        }
        var directory = builder.build();

        int wrong = 0;
        for (int n = 0; n < 200_000; n++) {
            int i = n % 10_000;
            int host = n % 256;
            int expected = host >= 128 && host < 144 ? -i - 1 : i;
            var found = directory.find("10.%d.%d.%d".formatted(i / 256, i % 256, host));
            if (!found.equals(Optional.of(expected))) {
                wrong++;
            }
        }

        assertThat(directory.size()).isEqualTo(20_000);
        assertThat(wrong).as("lookups answering another network").isZero();
    }
}
