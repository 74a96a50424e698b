package org.opencirt.common.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Which address a request counts under, with and without trusted proxies. */
class ClientAddressesTest {

    private final ClientAddresses behindProxies = new ClientAddresses(List.of("10.0.0.0/8", "192.0.2.10"));

    @Test
    void aPeerThatIsNotATrustedProxyCountsUnderItsOwnAddressWhateverItForwards() {
        assertThat(behindProxies.resolve("198.51.100.5", List.of("203.0.113.1")))
                .isEqualTo("198.51.100.5");
        assertThat(new ClientAddresses(List.of()).resolve("127.0.0.1", List.of("203.0.113.1")))
                .isEqualTo("127.0.0.1");
    }

    @Test
    void behindATrustedProxyTheNearestUntrustedHopIsTheClient() {
        assertThat(behindProxies.resolve("10.1.2.3", List.of("203.0.113.1"))).isEqualTo("203.0.113.1");
        // what the client wrote itself (left of the hop the proxy appended) is never believed
        assertThat(behindProxies.resolve("10.1.2.3", List.of("1.1.1.1, 203.0.113.1")))
                .isEqualTo("203.0.113.1");
        // a chain of trusted proxies, in one header or in several
        assertThat(behindProxies.resolve("10.1.2.3", List.of("1.1.1.1, 203.0.113.1", "192.0.2.10")))
                .isEqualTo("203.0.113.1");
        assertThat(behindProxies.resolve("::ffff:10.1.2.3", List.of("2001:db8::7")))
                .isEqualTo("2001:db8::7");
    }

    @Test
    void garbageOrNothingForwardedCountsUnderTheNearestTrustedHop() {
        assertThat(behindProxies.resolve("10.1.2.3", List.of())).isEqualTo("10.1.2.3");
        assertThat(behindProxies.resolve("10.1.2.3", List.of("not-an-address"))).isEqualTo("10.1.2.3");
        assertThat(behindProxies.resolve("10.1.2.3", List.of("unknown, 192.0.2.10")))
                .isEqualTo("192.0.2.10");
    }

    @Test
    void aTrustedProxyThatIsNotAnAddressStopsTheStartUp() {
        assertThatThrownBy(() -> new ClientAddresses(List.of("proxy.example")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("trusted-proxies");
    }
}
