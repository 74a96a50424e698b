package org.opencirt.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.lang.ArchRule;
import java.util.Set;

/**
 * Small correctness habits as rules: built here, run on the main classes by {@link HabitsTest} and on
 * deliberate violations by {@link HabitRulesTest}.
 */
final class HabitRules {

    /**
     * Classes that still break a habit and belong to work in progress elsewhere (issue 14): the lead
     * switches them when merging, then removes them from here. Nested classes count with their outer class.
     */
    static final Set<String> LEFTOVERS = Set.of(
            "org.opencirt.feed.service.FeedRunner",
            "org.opencirt.indicator.Warninglists");

    private HabitRules() {
    }

    /**
     * {@code String.toLowerCase()} and {@code toUpperCase()} use the server's locale: on a Turkish one
     * {@code "TRIAGED".toLowerCase()} is {@code "trıaged"}. Identifiers, wire values and keys take
     * {@code Locale.ROOT}; the console's languages come from the request, never from the server.
     */
    static ArchRule caseIsChangedWithAnExplicitLocale(Set<String> leftovers) {
        return noClasses().that(areNotIn(leftovers))
                .should().callMethod(String.class, "toLowerCase")
                .orShould().callMethod(String.class, "toUpperCase")
                .because("without a Locale the result depends on the server's locale; pass Locale.ROOT");
    }

    private static DescribedPredicate<JavaClass> areNotIn(Set<String> names) {
        return DescribedPredicate.describe("are not leftovers " + names, c -> names.stream()
                .noneMatch(name -> c.getName().equals(name) || c.getName().startsWith(name + "$")));
    }
}
