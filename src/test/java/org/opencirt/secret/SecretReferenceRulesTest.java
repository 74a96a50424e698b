package org.opencirt.secret;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.opencirt.secret.SecretReferences.Origin;

/** Which references a definition may name, by who wrote it (the API, a CIRT's platform file, a platform-wide file). */
class SecretReferenceRulesTest {

    @ParameterizedTest(name = "{0}: api {1}, CIRT file {2}, platform-wide file {3}")
    @CsvSource(delimiter = '|', textBlock = """
            secret:feed-key              | allowed | allowed | refused
            secret:Feed_Key.2            | allowed | allowed | refused
            env:OPENCIRT_SIGNING_KEK     | refused | allowed | allowed
            env:FEED_KEY                 | refused | allowed | allowed
            file:/proc/self/environ      | refused | allowed | allowed
            file:/run/secrets/feed-key   | refused | allowed | allowed
            secret:-dash                 | refused | refused | refused
            secret:                      | refused | refused | refused
            secret:a/b                   | refused | refused | refused
            Bearer abc                   | refused | refused | refused
            file:                        | refused | refused | refused
            """)
    void aReferenceIsAllowedByWhoWroteTheDefinition(
            String reference, String api, String cirtFile, String platformFile) {
        assertThat(verdict(reference, Origin.cirt("cert-ab"))).isEqualTo(api);
        assertThat(verdict(reference, Origin.platformFile("cert-ab"))).isEqualTo(cirtFile);
        assertThat(verdict(reference, Origin.platformFile(null))).isEqualTo(platformFile);
    }

    @ParameterizedTest
    @CsvSource({"env:OPENCIRT_SIGNING_KEK", "file:/proc/self/environ"})
    void theApiIsToldToStoreASecretInstead(String reference) {
        assertThat(SecretReferences.formProblem(reference, Origin.cirt("cert-ab")))
                .get()
                .asString()
                .contains("PUT /api/v1/secrets/{name}")
                .contains("secret:NAME");
    }

    @ParameterizedTest
    @CsvSource({"secret:" + "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa" + "b"})
    void aSecretNameIsAtMost64Characters(String reference) {
        assertThat(SecretReferences.formProblem(reference, Origin.cirt("cert-ab")))
                .isPresent();
        assertThat(SecretReferences.formProblem(reference.substring(0, reference.length() - 1), Origin.cirt("cert-ab")))
                .isEmpty();
    }

    private static String verdict(String reference, Origin origin) {
        return SecretReferences.formProblem(reference, origin).isEmpty() ? "allowed" : "refused";
    }
}
