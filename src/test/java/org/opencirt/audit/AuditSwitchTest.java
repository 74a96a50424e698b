package org.opencirt.audit;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The trail can be switched off for the audit benchmark, never in production. */
class AuditSwitchTest {

    @Test
    void aProductionStartWithTheTrailOffIsRefused() {
        assertThatThrownBy(() -> AuditSwitch.check(false, List.of("prod")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("opencirt.audit.enabled=false is refused in the prod profile");
    }

    @Test
    void theBenchmarksDemoProfileMaySwitchItOff() {
        assertThatCode(() -> AuditSwitch.check(false, List.of("demo"))).doesNotThrowAnyException();
        assertThatCode(() -> AuditSwitch.check(true, List.of("prod"))).doesNotThrowAnyException();
    }
}
