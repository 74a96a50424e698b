package org.opencirt.common;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The one rule for cutting texts: a length in characters, an ellipsis when cut, never half a surrogate pair. */
class TextsTest {

    private static final String FACE = "\uD83D\uDE00"; // one code point, two chars

    @Test
    void aShortTextIsKeptWholeAndNullStaysNull() {
        assertThat(Texts.abbreviate("abc", 3)).isEqualTo("abc");
        assertThat(Texts.truncate("abc", 3)).isEqualTo("abc");
        assertThat(Texts.abbreviate(null, 3)).isNull();
        assertThat(Texts.truncate(null, 3)).isNull();
    }

    @Test
    void aLongTextIsCutToTheLengthWithTheEllipsisAsItsLastCharacter() {
        assertThat(Texts.abbreviate("abcdef", 4)).isEqualTo("abc\u2026").hasSize(4);
        assertThat(Texts.truncate("abcdef", 4)).isEqualTo("abcd");
    }

    @Test
    void aSurrogatePairOnTheEdgeIsDroppedWholeNeverSplit() {
        assertThat(Texts.truncate("ab" + FACE + "cd", 3)).isEqualTo("ab");
        assertThat(Texts.abbreviate("ab" + FACE + "cd", 4)).isEqualTo("ab\u2026");
        assertThat(Texts.abbreviate("ab" + FACE + "cd", 5)).isEqualTo("ab" + FACE + "\u2026");
    }
}
