package org.opencirt.observable;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RefangTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '"',
            value = {
                // schemes
                "hxxp://example.com/a                | http://example.com/a",
                "hxxps://example.com/                | https://example.com/",
                "HXXPS://example.com/                | https://example.com/",
                "hXXp://example.com/                 | http://example.com/",
                "h**p://example.com/                 | http://example.com/",
                "fxp://files.example.com/x           | ftp://files.example.com/x",
                "FXP://files.example.com/x           | ftp://files.example.com/x",
                // dots
                "example[.]com                       | example.com",
                "example(.)com                       | example.com",
                "example{.}com                       | example.com",
                "example[dot]com                     | example.com",
                "example[DOT]com                     | example.com",
                "example(dot)com                     | example.com",
                "example [.] com                     | example.com",
                "example (dot) com                   | example.com",
                "evil\\.example\\.com                | evil.example.com",
                "198.51.100[.]7                      | 198.51.100.7",
                // colons and slashes
                "hxxp[:]//example.com/               | http://example.com/",
                "hxxps[://]example.com/              | https://example.com/",
                "http[:]//example.com[/]path         | http://example.com/path",
                // at
                "john[@]example.com                  | john@example.com",
                "john(@)example.com                  | john@example.com",
                "john[at]example.com                 | john@example.com",
                "john [AT] example [dot] com         | john@example.com",
                "john(at)example.com                 | john@example.com",
                // spaced dots and the word dot, only when they make a domain
                "example . com                       | example.com",
                "www . example . co . uk             | www.example.co.uk",
                "see example . com.                  | see example.com.",
                "mail.example . org is bad           | mail.example.org is bad",
                "example dot com                     | example.com",
                "example DOT com                     | example.com",
                "bücher . de                         | bücher.de",
                "hxxp://example . com/path           | http://example.com/path",
                // all together
                "hxxps[:]//login[.]bank-example[.]com[/]x?a=1 | https://login.bank-example.com/x?a=1",
            })
    void defangedIndicatorsAreRestored(String defanged, String expected) {
        assertThat(Refang.refang(defanged)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "The value is 2 . 0 and that is it.", // numbers around a spaced dot
                "I went to the store . It was closed.", // a sentence that looks like store.it
                "Put a dot in the box and connect the dot to it.", // the word dot between words that are TLDs
                "Click the dot on the map", // 'map' is not a public suffix
                "version 1.2 . beta", // 'beta' is no public suffix
                "the .com zone and example. Com", // a space on one side only
                "report . pdf", // 'pdf' is no public suffix
                "http://example.com/a(b)c", // parentheses that hold no dot
                "Normal prose, with dots. And sentences.",
                "hxxpd://example.com hxxp:example.com xhxxp://example.com",
            })
    void proseIsLeftAlone(String text) {
        assertThat(Refang.refang(text)).isEqualTo(text);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "hxxp://example[.]com",
                "[[.]]",
                "[[[.]]]",
                "evil\\\\.com",
                "john [at] example [dot] com and www . example . com",
                "hxxp[://]example[.]com[/]a[:]b",
                "a . b . example . com . it",
                "x[.][.]y",
                "[(.)]",
                "example (.) com . org",
            })
    void refangingTwiceChangesNothingMore(String text) {
        String once = Refang.refang(text);
        assertThat(Refang.refang(once)).isEqualTo(once);
    }

    @Test
    void nestedDefangingIsUndoneCompletely() {
        assertThat(Refang.refang("example[[.]]com")).isEqualTo("example.com");
    }

    @Test
    void aMillionCharactersOfDefangingAreRefangedQuickly() {
        String adversarial = "[".repeat(300_000) + "." + "]".repeat(300_000) + " a . ".repeat(50_000)
                + "hxxp[:]//".repeat(20_000) + "x dot ".repeat(30_000);
        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> Refang.refang(adversarial));
    }

    @Test
    void aRunOfBackslashesBeforeADotIsRefangedInOnePassSoRefangIsIdempotent() {
        // found by ObservableFuzzTest#refangIsIdempotent: one backslash a pass left "\\." after eight passes
        var text = "evil" + "\\".repeat(12) + ".example" + "\\".repeat(20_000) + "x";

        assertThat(Refang.refang(text)).isEqualTo("evil.example" + "\\".repeat(20_000) + "x");
        assertThat(Refang.refang(Refang.refang(text))).isEqualTo(Refang.refang(text));
    }
}
