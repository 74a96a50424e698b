package org.opencirt.common.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** The published test vectors (FIPS 180-2 and RFC 4231), so every caller's digests are the standard ones. */
class DigestsTest {

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void sha256IsTheStandardDigestInLowerCaseHex() {
        assertThat(Digests.sha256Hex(utf8("abc")))
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        assertThat(Digests.sha256Hex("abc")).isEqualTo(Digests.sha256Hex(utf8("abc")));
        assertThat(Digests.sha256Hex(new byte[0]))
                .isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    }

    @Test
    void partsAreDigestedAsIfJoined() {
        assertThat(Digests.sha256(utf8("a"), utf8("bc"))).isEqualTo(Digests.sha256(utf8("abc")));
        var streamed = Digests.newSha256();
        streamed.update(utf8("ab"));
        streamed.update(utf8("c"));
        assertThat(streamed.digest()).isEqualTo(Digests.sha256(utf8("abc")));
    }

    @Test
    void sha512IsTheStandardDigestInLowerCaseHex() {
        assertThat(Digests.sha512Hex(utf8("abc")))
                .isEqualTo("ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a"
                        + "2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f");
    }

    @Test
    void hmacSha256IsTheStandardMac() {
        // RFC 4231, test case 2
        var mac = Digests.hmacSha256(utf8("Jefe"), utf8("what do ya want "), utf8("for nothing?"));
        assertThat(HexFormat.of().formatHex(mac))
                .isEqualTo("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
    }
}
