package org.opencirt.observable;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ObservableTypeTest {

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void wireNamesAreStableAndLowerCase() {
        assertThat(ObservableType.wireNames())
                .containsExactly(
                        "ipv4",
                        "ipv6",
                        "cidr",
                        "domain",
                        "url",
                        "email",
                        "md5",
                        "sha1",
                        "sha256",
                        "sha512",
                        "asn",
                        "cve",
                        "filename");
    }

    @ParameterizedTest
    @EnumSource(ObservableType.class)
    void everyTypeIsReadBackFromItsWireName(ObservableType type) {
        assertThat(ObservableType.fromWire(type.wireName())).isSameAs(type);
        assertThat(ObservableType.fromWire(" " + type.wireName().toUpperCase() + " "))
                .isSameAs(type);
    }

    @Test
    void anUnknownWireNameIsRefusedWithTheAllowedValues() {
        assertThatThrownBy(() -> ObservableType.fromWire("hostname"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown observable type 'hostname'; allowed: ipv4, ipv6, cidr, domain, url, email, md5, "
                        + "sha1, sha256, sha512, asn, cve, filename");
        assertThatThrownBy(() -> ObservableType.fromWire(null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("allowed: ipv4");
    }

    @Test
    void typesAreWrittenAsTheirWireNameInJson() throws Exception {
        assertThat(json.writeValueAsString(List.of(ObservableType.SHA256, ObservableType.IPV6)))
                .isEqualTo("[\"sha256\",\"ipv6\"]");
        assertThat(json.readValue("\"cidr\"", ObservableType.class)).isEqualTo(ObservableType.CIDR);
    }

    @Test
    void anObservableIsWrittenAsTypeAndNormalisedValue() throws Exception {
        Observable observable = Normaliser.normalise(ObservableType.IPV4, " 198.51.100[.]7 ");

        assertThat(json.writeValueAsString(observable)).isEqualTo("{\"type\":\"ipv4\",\"value\":\"198.51.100.7\"}");
    }

    @Test
    void anObservableReadFromJsonIsNormalised() throws Exception {
        Observable observable = json.readValue("{\"type\":\"domain\",\"value\":\"Bücher.Example.\"}", Observable.class);

        assertThat(observable).isEqualTo(new Observable(ObservableType.DOMAIN, "xn--bcher-kva.example"));
        assertThat(observable.value()).isEqualTo("xn--bcher-kva.example");
    }

    @Test
    void anInvalidObservableCannotBeReadFromJson() {
        assertThatThrownBy(() -> json.readValue("{\"type\":\"ipv4\",\"value\":\"999.1.1.1\"}", Observable.class))
                .isInstanceOf(ValueInstantiationException.class)
                .hasRootCauseInstanceOf(InvalidObservableException.class)
                .hasRootCauseMessage("'999.1.1.1' is not an IPv4 address");
    }

    @Test
    void anUnknownTypeInJsonIsRefused() {
        assertThatThrownBy(() -> json.readValue("{\"type\":\"mac\",\"value\":\"x\"}", Observable.class))
                .hasMessageContaining("allowed: ipv4, ipv6");
    }

    @Test
    void observablesDenotingTheSameThingAreEqual() {
        assertThat(new Observable(ObservableType.IPV6, "2001:DB8:0:0:0:0:0:1"))
                .isEqualTo(Observable.of(ObservableType.IPV6, "2001:db8::1"))
                .hasSameHashCodeAs(new Observable(ObservableType.IPV6, "[2001:db8::1]"));
        assertThat(new Observable(ObservableType.MD5, "D41D8CD98F00B204E9800998ECF8427E"))
                .hasToString("md5:d41d8cd98f00b204e9800998ecf8427e");
    }

    @Test
    void anObservableCannotHoldAnInvalidValue() {
        assertThatThrownBy(() -> new Observable(ObservableType.DOMAIN, "localhost"))
                .isInstanceOf(InvalidObservableException.class)
                .extracting(e -> ((InvalidObservableException) e).type())
                .isEqualTo(ObservableType.DOMAIN);
        assertThatThrownBy(() -> new Observable(null, "example.com")).isInstanceOf(NullPointerException.class);
    }
}
