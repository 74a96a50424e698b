package org.opencirt.incident.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.opencirt.common.problem.ApiException;

/** What is kept of an uploaded file's name and media type (findings of AttachmentUploadFuzzTest). */
class AttachmentLabelsTest {

    @Test
    void aPathBehindControlCharactersIsStillCutOff() {
        assertThat(IncidentActivityService.cleanFilename("m\r\r/etc\r/passwd")).isEqualTo("passwd");
        assertThat(IncidentActivityService.cleanFilename("..\n\\..\\boot.ini")).isEqualTo("boot.ini");
    }

    @Test
    void aNameOfDotsIsNoName() {
        assertThatThrownBy(() -> IncidentActivityService.cleanFilename("a/..")).isInstanceOf(ApiException.class);
    }

    @Test
    void aLongNameIsCutBetweenCodePoints() {
        var name = IncidentActivityService.cleanFilename("a".repeat(254) + "\uD83D\uDE00.txt");

        assertThat(name).isEqualTo("a".repeat(254));
    }

    @Test
    void aMediaTypeThatDoesNotFitTheColumnIsKeptAsOctetStream() {
        assertThat(IncidentActivityService.cleanContentType("application/" + "x".repeat(200)))
                .isEqualTo("application/octet-stream");
        assertThat(IncidentActivityService.cleanContentType("text/html\r\nX-Injected: 1"))
                .isEqualTo("application/octet-stream");
        assertThat(IncidentActivityService.cleanContentType(" ")).isEqualTo("application/octet-stream");
        assertThat(IncidentActivityService.cleanContentType("text/plain; charset=utf-8"))
                .isEqualTo("text/plain; charset=utf-8");
    }
}
