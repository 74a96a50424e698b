package org.opencirt.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.opencirt.architecture.fixtures.CaseWithRootLocale;
import org.opencirt.architecture.fixtures.LowerCaseWithoutLocale;
import org.opencirt.architecture.fixtures.TimeFromTheClock;
import org.opencirt.architecture.fixtures.TimeFromTheSystem;
import org.opencirt.architecture.fixtures.UpperCaseWithoutLocale;

/** The habit rules catch a deliberate violation (a test-only fixture class) and let the right form pass. */
class HabitRulesTest {

    private static JavaClasses classes(Class<?>... types) {
        return new ClassFileImporter().importClasses(types);
    }

    @Test
    void aCaseChangeWithoutALocaleFailsTheRule() {
        var rule = HabitRules.caseIsChangedWithAnExplicitLocale(Set.of());
        var result = rule.evaluate(
                classes(LowerCaseWithoutLocale.class, UpperCaseWithoutLocale.class, CaseWithRootLocale.class));
        assertThat(result.hasViolation()).isTrue();
        assertThat(result.getFailureReport().getDetails())
                .hasSize(2)
                .anySatisfy(d -> assertThat(d).contains("LowerCaseWithoutLocale.wire", "String.toLowerCase()"))
                .anySatisfy(d -> assertThat(d).contains("UpperCaseWithoutLocale.reference", "String.toUpperCase()"));
    }

    @Test
    void aCaseChangeWithLocaleRootPasses() {
        assertThat(HabitRules.caseIsChangedWithAnExplicitLocale(Set.of())
                        .evaluate(classes(CaseWithRootLocale.class))
                        .hasViolation())
                .isFalse();
    }

    @Test
    void readingTheSystemsTimeFailsTheRuleAndTheInjectedClockPasses() {
        var rule = HabitRules.timeComesFromTheInjectedClock(Set.of());
        var result = rule.evaluate(classes(TimeFromTheSystem.class, TimeFromTheClock.class));
        assertThat(result.getFailureReport().getDetails())
                .hasSize(4)
                .anySatisfy(d -> assertThat(d).contains("TimeFromTheSystem.now", "Instant.now()"))
                .anySatisfy(d -> assertThat(d).contains("TimeFromTheSystem.today", "LocalDate.now(java.time.ZoneId)"))
                .anySatisfy(d -> assertThat(d).contains("TimeFromTheSystem.millis", "System.currentTimeMillis()"))
                .anySatisfy(d -> assertThat(d).contains("TimeFromTheSystem.date", "Date.<init>()"));
        assertThat(rule.evaluate(classes(TimeFromTheClock.class)).hasViolation())
                .isFalse();
    }

    @Test
    void aLeftoverIsLeftOutUntilItIsSwitched() {
        var rule = HabitRules.caseIsChangedWithAnExplicitLocale(Set.of(LowerCaseWithoutLocale.class.getName()));
        assertThat(rule.evaluate(classes(LowerCaseWithoutLocale.class, CaseWithRootLocale.class))
                        .hasViolation())
                .isFalse();
    }
}
