package org.opencirt.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.lang.ArchRule;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Date;
import java.util.Set;

/**
 * Small correctness habits as rules: built here, run on the main classes by {@link HabitsTest} and on
 * deliberate violations by {@link HabitRulesTest}.
 */
final class HabitRules {

    /*
     * Classes allowed to break a habit while work in progress elsewhere switches them (none today):
     * the lead removes them from here when merging. Nested classes count with their outer class.
     */

    /** Still change case without a locale. */
    static final Set<String> CASE_LEFTOVERS = Set.of();

    /** Still read the system's time instead of the injected Clock. */
    static final Set<String> CLOCK_LEFTOVERS = Set.of();

    private HabitRules() {}

    /**
     * {@code String.toLowerCase()} and {@code toUpperCase()} use the server's locale: on a Turkish one
     * {@code "TRIAGED".toLowerCase()} is {@code "trıaged"}. Identifiers, wire values and keys take
     * {@code Locale.ROOT}; the console's languages come from the request, never from the server.
     */
    static ArchRule caseIsChangedWithAnExplicitLocale(Set<String> leftovers) {
        return noClasses()
                .that(areNotIn(leftovers))
                .should()
                .callMethod(String.class, "toLowerCase")
                .orShould()
                .callMethod(String.class, "toUpperCase")
                .because("without a Locale the result depends on the server's locale; pass Locale.ROOT");
    }

    /**
     * The current time comes from the injected {@link Clock} (org.opencirt.common.time), so tests move it
     * instead of sleeping: no {@code Instant.now()}, {@code LocalDate.now(zone)}, system clocks,
     * {@code System.currentTimeMillis()} or {@code new Date()}. Durations measured with
     * {@code System.nanoTime()} are not the time of day and stay allowed.
     */
    static ArchRule timeComesFromTheInjectedClock(Set<String> leftovers) {
        return noClasses()
                .that(areNotIn(leftovers))
                .and()
                .resideOutsideOfPackage("org.opencirt.common.time..")
                .should()
                .callMethod(Instant.class, "now")
                .orShould()
                .callMethod(LocalDate.class, "now")
                .orShould()
                .callMethod(LocalDate.class, "now", ZoneId.class)
                .orShould()
                .callMethod(LocalDateTime.class, "now")
                .orShould()
                .callMethod(LocalDateTime.class, "now", ZoneId.class)
                .orShould()
                .callMethod(OffsetDateTime.class, "now")
                .orShould()
                .callMethod(OffsetDateTime.class, "now", ZoneId.class)
                .orShould()
                .callMethod(ZonedDateTime.class, "now")
                .orShould()
                .callMethod(ZonedDateTime.class, "now", ZoneId.class)
                .orShould()
                .callMethod(Clock.class, "systemUTC")
                .orShould()
                .callMethod(Clock.class, "systemDefaultZone")
                .orShould()
                .callMethod(System.class, "currentTimeMillis")
                .orShould()
                .callConstructor(Date.class)
                .because("the time comes from the injected java.time.Clock, which tests move (docs/adr/0020)");
    }

    private static DescribedPredicate<JavaClass> areNotIn(Set<String> names) {
        return DescribedPredicate.describe(
                "are not leftovers " + names,
                c -> names.stream()
                        .noneMatch(
                                name -> c.getName().equals(name) || c.getName().startsWith(name + "$")));
    }
}
