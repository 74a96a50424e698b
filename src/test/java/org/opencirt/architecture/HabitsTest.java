package org.opencirt.architecture;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The small correctness habits of the code, checked on the main classes in every build. */
@AnalyzeClasses(packages = "org.opencirt", importOptions = ImportOption.DoNotIncludeTests.class)
class HabitsTest {

    @ArchTest
    static final ArchRule caseIsChangedWithAnExplicitLocale =
            HabitRules.caseIsChangedWithAnExplicitLocale(HabitRules.CASE_LEFTOVERS);

    @ArchTest
    static final ArchRule timeComesFromTheInjectedClock =
            HabitRules.timeComesFromTheInjectedClock(HabitRules.CLOCK_LEFTOVERS);
}
