package org.opencirt.common.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.io.IOException;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Production needs the public URL, and a value that is not an absolute http(s) URL stops the start. */
class PublicUrlTest {

    @Test
    void productionRefusesToStartWithoutThePublicUrl() {
        assertThatThrownBy(() -> production(Map.of())).hasMessageContaining("OPENCIRT_PUBLIC_URL");
    }

    @Test
    void productionTakesThePublicUrlFromTheEnvironment() throws IOException {
        var config = production(Map.of("OPENCIRT_PUBLIC_URL", "https://cirt.example/"));
        var url = new PublicUrl(config.getConfigMapping(WebConfig.class));
        assertThat(url.base()).isEqualTo("https://cirt.example");
        assertThat(url.https()).isTrue();
    }

    @Test
    void aValueThatIsNotAnAbsoluteHttpUrlIsRefusedWithTheNameOfTheSetting() {
        for (var bad : new String[] {
            "cirt.example", "ftp://cirt.example", "https://cirt.example/?a=b", "https://user:pw@cirt.example", " "
        }) {
            assertThatThrownBy(() -> new PublicUrl(config(bad)))
                    .as(bad)
                    .hasMessageContaining("opencirt.web.public-url")
                    .hasMessageNotContaining("pw@");
        }
    }

    private static SmallRyeConfig production(Map<String, String> environment) throws IOException {
        return new SmallRyeConfigBuilder()
                .withProfile("prod")
                .withSources(
                        new PropertiesConfigSource(PublicUrlTest.class.getResource("/application.properties"), 250))
                .withDefaultValues(environment)
                .withMapping(WebConfig.class)
                .build();
    }

    private static WebConfig config(String publicUrl) {
        return new SmallRyeConfigBuilder()
                .withDefaultValues(Map.of("opencirt.web.public-url", publicUrl))
                .withMapping(WebConfig.class)
                .build()
                .getConfigMapping(WebConfig.class);
    }
}
