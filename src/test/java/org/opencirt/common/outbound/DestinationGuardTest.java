package org.opencirt.common.outbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.opencirt.common.outbound.FetchException.Reason;

/** The destination check on its own: literal addresses, resolver answers, the allow-list. Nothing connects. */
class DestinationGuardTest {

    private final FakeResolver resolver = new FakeResolver();

    private DestinationGuard guard(String... allowed) {
        return new DestinationGuard(Set.of(allowed), resolver);
    }

    private FetchException refusal(DestinationGuard guard, String url) {
        return catchThrowableOfType(FetchException.class, () -> guard.check(URI.create(url)));
    }

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource(delimiter = '|', textBlock = """
            http://10.1.2.3/                          | private
            http://172.16.0.1/                        | private
            http://172.31.255.255/                    | private
            http://192.168.1.1/                       | private
            http://127.0.0.1/                         | loopback
            http://127.255.255.254:8080/              | loopback
            http://169.254.169.254/latest/meta-data/  | link-local
            http://100.64.0.1/                        | carrier-grade NAT
            http://100.127.255.254/                   | carrier-grade NAT
            http://0.0.0.0/                           | unspecified
            http://255.255.255.255/                   | broadcast
            http://240.0.0.1/                         | reserved
            http://224.0.0.1/                         | multicast
            http://239.255.255.250/                   | multicast
            http://198.18.0.1/                        | benchmarking
            http://[::1]/                             | loopback
            http://[::]/                              | unspecified
            http://[fd00::1]/                         | unique-local
            http://[fc00::1]/                         | unique-local
            http://[fe80::1]/                         | link-local
            http://[febf:ffff::1]/                    | link-local
            http://[ff02::1]/                         | multicast
            http://[::ffff:127.0.0.1]/                | loopback
            http://[::ffff:10.1.2.3]/                 | private
            http://[::ffff:a9fe:a9fe]/                | link-local
            http://[64:ff9b::a9fe:a9fe]/              | NAT64 of link-local
            http://[2002:a00:1::]/                    | 6to4 of private
            http://[2001:db8::1]/                     | documentation
            """)
    void literalAddressesThatAreNotGloballyReachableAreRefused(String url, String why) {
        var e = refusal(guard(), url);

        assertThat(e.reason()).isEqualTo(Reason.BLOCKED_DESTINATION);
        assertThat(e).hasMessageContaining(why);
        assertThat(resolver.asked).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "http://8.8.8.8/",
                "https://93.184.215.14/feed.csv",
                "http://172.32.0.1/",
                "http://172.15.255.255/",
                "http://100.128.0.1/",
                "http://100.63.255.255/",
                "http://192.169.0.1/",
                "http://11.0.0.1/",
                "http://223.255.255.255/",
                "http://[2606:4700:4700::1111]/",
                "http://[2a00:1450:4001:80b::200e]/",
                "http://[::ffff:8.8.8.8]/"
            })
    void globallyReachableLiteralAddressesPass(String url) {
        assertThatCode(() -> guard().check(URI.create(url))).doesNotThrowAnyException();
        assertThat(resolver.asked).isEmpty();
    }

    @ParameterizedTest(name = "{0} -> {1}: allowed {2}")
    @CsvSource(delimiter = '|', textBlock = """
            feeds.example | 93.184.215.14                 | true
            feeds.example | 2606:4700::6810:84e5          | true
            feeds.example | 93.184.215.14 10.0.0.5        | false
            feeds.example | 2606:4700::6810:84e5 fe80::1  | false
            feeds.example | 127.0.0.1                     | false
            feeds.example | 169.254.169.254               | false
            feeds.example | 100.100.100.200               | false
            feeds.example | fd12:3456::1                  | false
            feeds.example | 0.0.0.0                       | false
            localhost     | 127.0.0.1 ::1                 | false
            """)
    void resolverAnswersAreCheckedAddressByAddress(String host, String addresses, boolean allowed) {
        resolver.answer(host, addresses.split(" "));

        var e = refusal(guard(), "https://" + host + "/feed.csv");

        if (allowed) {
            assertThat(e).isNull();
        } else {
            assertThat(e.reason()).isEqualTo(Reason.BLOCKED_DESTINATION);
        }
        assertThat(resolver.asked).containsExactly(host);
    }

    @Test
    void anIpv4MappedIpv6AnswerIsCheckedAsItsIpv4Address() throws UnknownHostException {
        var mapped = new byte[16];
        mapped[10] = (byte) 0xff;
        mapped[11] = (byte) 0xff;
        System.arraycopy(new byte[] {(byte) 169, (byte) 254, (byte) 169, (byte) 254}, 0, mapped, 12, 4);
        var address = Inet6Address.getByAddress("metadata.example", mapped, -1);
        resolver.answer("metadata.example", address);

        var e = refusal(guard(), "http://metadata.example/");

        assertThat(address).isInstanceOf(Inet6Address.class);
        assertThat(e.reason()).isEqualTo(Reason.BLOCKED_DESTINATION);
        assertThat(e).hasMessageContaining("IPv4-mapped link-local");
    }

    @ParameterizedTest(name = "allowed {0}: {1} passes {2}")
    @CsvSource(delimiter = '|', textBlock = """
            127.0.0.1:8080       | http://127.0.0.1:8080/feed   | true
            127.0.0.1:8080       | http://127.0.0.1:9090/feed   | false
            127.0.0.1:8000-8999  | http://127.0.0.1:8080/feed   | true
            127.0.0.1:8000-8999  | http://127.0.0.1:9000/feed   | false
            127.0.0.1:80         | http://127.0.0.1/feed        | true
            127.0.0.1:443        | http://127.0.0.1/feed        | false
            127.0.0.1:443        | https://127.0.0.1/feed       | true
            localhost:80         | http://127.0.0.1/feed        | false
            127.0.0.2:80         | http://127.0.0.1/feed        | false
            [::1]:8080           | http://[::1]:8080/feed       | true
            [0:0:0:0:0:0:0:1]:80 | http://[::1]/                | true
            Feeds.Internal:80    | http://feeds.internal/       | true
            feeds.internal:80    | http://FEEDS.internal./      | true
            feeds.internal:80    | http://other.internal/       | false
            """)
    void theAllowListMatchesHostAndPort(String allowed, String url, boolean passes) {
        resolver.answer("other.internal", "10.0.0.2").answer("feeds.internal", "10.0.0.3");

        var e = refusal(guard(allowed), url);

        if (passes) {
            assertThat(e).isNull();
        } else {
            assertThat(e.reason()).isEqualTo(Reason.BLOCKED_DESTINATION);
        }
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "127.0.0.1",
                "localhost",
                "feeds.internal",
                "::1",
                "[::1]",
                "127.0.0.1:0",
                "127.0.0.1:70000",
                "127.0.0.1:90-80",
                "127.0.0.1:http",
                "127.0.0.1:"
            })
    void anAllowListEntryMustNameAPortOrAPortRange(String entry) {
        assertThatThrownBy(() -> guard(entry))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(entry);
    }

    @Test
    void anAllowListedNameIsResolvedOnceAndItsAddressesAreWhatTheConnectionUses() throws FetchException {
        resolver.answer("feeds.internal", "10.0.0.3", "10.0.0.4");

        var addresses = guard("feeds.internal:8443").check(URI.create("https://feeds.internal:8443/feed"));

        assertThat(addresses).extracting(InetAddress::getHostAddress).containsExactly("10.0.0.3", "10.0.0.4");
        assertThat(resolver.asked).containsExactly("feeds.internal");
    }

    @Test
    void theAddressesCheckedAreReturnedForAPublicName() throws FetchException {
        resolver.answer("feeds.example", "93.184.215.14");

        var addresses = guard().check(URI.create("https://feeds.example/feed.csv"));

        assertThat(addresses).extracting(InetAddress::getHostAddress).containsExactly("93.184.215.14");
    }

    @Test
    void aNameThatIsNotAllowListedIsResolvedAndRefused() {
        resolver.answer("localhost", "127.0.0.1");

        var e = refusal(guard("127.0.0.1:8080"), "http://localhost:8080/feed");

        assertThat(e.reason()).isEqualTo(Reason.BLOCKED_DESTINATION);
        assertThat(resolver.asked).containsExactly("localhost");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "http://2130706433/",
                "http://010.1.2.3/",
                "http://0x7f000001/",
                "http://127.1/",
                "http://0177.0.0.1/"
            })
    void numericHostsOtherThanDottedQuadsAreRefused(String url) {
        var e = refusal(guard(), url);

        assertThat(e.reason()).isEqualTo(Reason.BAD_URL);
        assertThat(resolver.asked).isEmpty();
    }

    @Test
    void aHostLongerThanADnsNameIsRefusedBeforeAnyPatternRuns() {
        var e = refusal(guard(), "http://" + "1.".repeat(20_000) + "x/");

        assertThat(e.reason()).isEqualTo(Reason.BAD_URL);
        assertThat(e).hasMessageContaining("253");
        assertThat(resolver.asked).isEmpty();
    }

    @Test
    void aNameThatDoesNotResolveFailsWithIo() {
        var e = refusal(guard(), "https://nowhere.example/feed.csv");

        assertThat(e.reason()).isEqualTo(Reason.IO);
    }

    @Test
    void blockedReasonCoversEveryAddressOfTheBlockedRanges() throws UnknownHostException {
        for (var address : new String[] {
            "10.255.255.255",
            "172.20.1.1",
            "192.168.255.255",
            "169.254.0.1",
            "100.64.0.0",
            "127.0.0.53",
            "::",
            "fe80::abcd",
            "fdff:ffff::1"
        }) {
            assertThat(DestinationGuard.blockedReason(InetAddress.getByName(address)))
                    .as(address)
                    .isPresent();
        }
        for (var address : new String[] {
            "9.255.255.255",
            "172.32.0.0",
            "192.167.255.255",
            "169.253.255.255",
            "100.128.0.0",
            "128.0.0.1",
            "2001:4860:4860::8888"
        }) {
            assertThat(DestinationGuard.blockedReason(InetAddress.getByName(address)))
                    .as(address)
                    .isEmpty();
        }
    }
}
