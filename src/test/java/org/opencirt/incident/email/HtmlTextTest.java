package org.opencirt.incident.email;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class HtmlTextTest {

    @Test
    void tagsGoAndBlocksBecomeLinesAndParagraphs() {
        var text = HtmlText.toText("""
                <div>Dear customer,</div><div>your <b>parcel</b>
                   is waiting.<br>Tracking:&nbsp;<i>JD0142</i></div>
                <p>Regards</p><ul><li>one</li><li>two</li></ul>""");

        assertThat(text).isEqualTo("Dear customer,\nyour parcel is waiting.\nTracking: JD0142\n\nRegards\n\none\ntwo");
    }

    @Test
    void scriptStyleHeadAndCommentsAreDropped() {
        var text = HtmlText.toText("""
                <html><head><title>t</title><style>p{color:red}</style></head>
                <body><script type="text/javascript">if (a < b) { alert("<p>x</p>"); }</script>
                <!-- <p>hidden</p> -->visible<SCRIPT>more()</SCRIPT ></body></html>""");

        assertThat(text).isEqualTo("visible");
    }

    @Test
    void unclosedScriptDropsTheRestOfTheDocument() {
        assertThat(HtmlText.toText("<p>before</p><script>steal(document.cookie); <p>after</p>"))
                .isEqualTo("before");
    }

    @Test
    void commonAndNumericEntitiesAreDecodedExactlyOnce() {
        var text = HtmlText.toText("&amp;lt; &lt;b&gt; &quot;q&quot; &#39;s&#39; &apos;a&apos; &#x41;&#66; "
                + "caf&eacute; &euro;5 &#150; &unknown; & AT&T");

        assertThat(text).isEqualTo("&lt; <b> \"q\" 's' 'a' AB café €5 – &unknown; & AT&T");
    }

    @Test
    void aNulCharacterNeverReachesTheText() {
        // PostgreSQL refuses NUL in text; jsoup drops the reference and the raw character
        assertThat(HtmlText.toText("a&#0;b\u0000c")).isEqualTo("abc");
    }

    @Test
    void linkTargetFollowsItsTextUnlessTheTextIsTheTarget() {
        var text = HtmlText.toText("""
                <a href="https://evil.example/login?a=1&amp;b=2">Log in</a>
                <a href='https://same.example/'>https://same.example/</a>
                <a href=#top>top</a> <a name="x">anchor</a>""");

        assertThat(text).isEqualTo("Log in <https://evil.example/login?a=1&b=2> https://same.example/ top anchor");
    }

    @Test
    void greaterThanInsideAnAttributeValueDoesNotEndTheTag() {
        assertThat(HtmlText.toText("<img alt=\"a > b\" src=x>text")).isEqualTo("text");
    }

    @Test
    void lessThanThatStartsNoTagIsKeptAsText() {
        assertThat(HtmlText.toText("1 < 2 and 3 <= 4")).isEqualTo("1 < 2 and 3 <= 4");
    }

    @Test
    void latinOneEntitiesAreDecodedOverTheWholeRange() {
        assertThat(HtmlText.toText("a&nbsp;b &iexcl; &times; &yuml;")).isEqualTo("a b ¡ × ÿ");
    }

    @Test
    void hostileDocumentsAreConvertedInLinearTime() {
        var openers = "<head><style>".repeat(200_000);
        var ampersands = "&".repeat(2_000_000);
        var quotes = "<a href=\"" + "x".repeat(2_000_000);
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            assertThat(HtmlText.toText(openers)).isEmpty();
            assertThat(HtmlText.toText(ampersands)).hasSize(2_000_000);
            assertThat(HtmlText.toText(quotes)).isEmpty();
        });
    }
}
