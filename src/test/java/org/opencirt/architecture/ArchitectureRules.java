package org.opencirt.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.vertx.web.Route;
import io.quarkus.vertx.web.RouteFilter;
import jakarta.enterprise.context.NormalScope;
import jakarta.inject.Scope;
import jakarta.persistence.Embeddable;
import jakarta.persistence.Entity;
import jakarta.persistence.MappedSuperclass;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiPredicate;

/**
 * The boundaries of the package map as ArchUnit rules, by type: what a class IS (an entity, a
 * repository, a CDI bean, a REST resource) is read from its annotations and supertypes, never from
 * its name. A feature is a package directly below {@code root} ({@code org.opencirt.incident},
 * ...). The same rules run over the application ({@link ArchitectureTest}) and over small fixture
 * trees with deliberate violations ({@link ArchitectureRulesTest}), which is why the root is a
 * parameter.
 *
 * <p>An exclusion lifts one dependency, from one class (and its nested classes) to one class (and
 * its nested classes), in every rule; each carries the reason it is there.
 */
final class ArchitectureRules {

    /** One tolerated dependency, by fully qualified class names. */
    record Exclusion(String origin, String target, String reason) {

        boolean covers(JavaClass from, JavaClass to) {
            return within(from, origin) && within(to, target);
        }

        private static boolean within(JavaClass c, String name) {
            return c.getName().equals(name) || c.getName().startsWith(name + "$");
        }
    }

    private final String root;
    private final List<Exclusion> exclusions;

    ArchitectureRules(String root, List<Exclusion> exclusions) {
        this.root = root;
        this.exclusions = List.copyOf(exclusions);
    }

    /** Every rule by name, in the order the architecture document lists them. */
    Map<String, ArchRule> all() {
        var rules = new LinkedHashMap<String, ArchRule>();
        rules.put("onlySearchTalksToElasticsearch", onlySearchTalksToElasticsearch());
        rules.put("consoleUsesServicesNeverPersistence", consoleUsesServicesNeverPersistence());
        rules.put("featuresKeepTheirPersistenceToThemselves", featuresKeepTheirPersistenceToThemselves());
        rules.put("commonDependsOnNoFeature", commonDependsOnNoFeature());
        rules.put("searchCallsNoFeatureService", searchCallsNoFeatureService());
        rules.put("noCyclesBetweenFeatures", noCyclesBetweenFeatures());
        rules.put("onlyTenantTalksToKeycloakAdmin", onlyTenantTalksToKeycloakAdmin());
        rules.put("resourcesTouchNoPersistence", resourcesTouchNoPersistence());
        return rules;
    }

    /** Only {@code search} uses the Elasticsearch client (the tenant guard is there). */
    ArchRule onlySearchTalksToElasticsearch() {
        return classes()
                .that(outsideFeature("search"))
                .should(notDependOn(
                        "the Elasticsearch client",
                        (from, to) -> inPackage(to, "co.elastic.clients") || inPackage(to, "org.elasticsearch.client")))
                .allowEmptyShould(true);
    }

    /** The console calls services: it has no entity or repository of its own and uses no other feature's. */
    ArchRule consoleUsesServicesNeverPersistence() {
        return classes()
                .that(inFeature("console"))
                .should(notDependOn(
                        "an entity, a repository or the persistence API",
                        (from, to) -> isPersistent(to) || isPersistenceApi(to)))
                .allowEmptyShould(true);
    }

    /**
     * A feature's entities and repositories are used by that feature only (its tables: see {@link TableOwnership}).
     * {@code common} may hold mapped superclasses every feature's entities extend: they own no table.
     */
    ArchRule featuresKeepTheirPersistenceToThemselves() {
        return classes()
                .that(underRoot())
                .should(notDependOn(
                        "another feature's entity or repository",
                        (from, to) -> isPersistent(to)
                                && featureOf(to)
                                        .filter(f -> !f.equals("common")
                                                && !f.equals(featureOf(from).orElseThrow()))
                                        .isPresent()))
                .allowEmptyShould(true);
    }

    /** {@code common} is below every feature: it depends on none. */
    ArchRule commonDependsOnNoFeature() {
        return classes()
                .that(inFeature("common"))
                .should(notDependOn(
                        "a feature",
                        (from, to) ->
                                featureOf(to).filter(f -> !f.equals("common")).isPresent()))
                .allowEmptyShould(true);
    }

    /** {@code search} stores and queries; it calls no feature's service (features call it, or it fires events). */
    ArchRule searchCallsNoFeatureService() {
        return classes()
                .that(inFeature("search"))
                .should(notDependOn(
                        "another feature's service (a CDI bean)",
                        (from, to) -> isBean(to)
                                && featureOf(to)
                                        .filter(f -> !f.equals("search") && !f.equals("common"))
                                        .isPresent()))
                .allowEmptyShould(true);
    }

    /** The features form a hierarchy: no two reach each other, directly or through others. */
    ArchRule noCyclesBetweenFeatures() {
        var rule = slices().matching(root + ".(*)..")
                .namingSlices("feature $1")
                .should()
                .beFreeOfCycles();
        for (var exclusion : exclusions) {
            rule = rule.ignoreDependency(named(exclusion.origin()), named(exclusion.target()));
        }
        return rule.allowEmptyShould(true);
    }

    /** Keycloak's admin API (users, roles, clients) is the tenant feature's. */
    ArchRule onlyTenantTalksToKeycloakAdmin() {
        return classes()
                .that(outsideFeature("tenant"))
                .should(notDependOn("the Keycloak admin client", (from, to) -> inPackage(to, "org.keycloak.admin")))
                .allowEmptyShould(true);
    }

    /** REST resources and routes are thin: they map and call a service, never an entity, a repository or the persistence API. */
    ArchRule resourcesTouchNoPersistence() {
        return classes()
                .that(DescribedPredicate.describe("are REST resources or routes", ArchitectureRules::isResource))
                .should(notDependOn(
                        "an entity, a repository or the persistence API",
                        (from, to) -> isPersistent(to) || isPersistenceApi(to)))
                .allowEmptyShould(true);
    }

    /** The feature of a class: its package directly below the root, if it is below the root. */
    Optional<String> featureOf(JavaClass c) {
        var name = c.getPackageName();
        if (!name.startsWith(root + ".")) {
            return Optional.empty();
        }
        var rest = name.substring(root.length() + 1);
        var dot = rest.indexOf('.');
        return Optional.of(dot < 0 ? rest : rest.substring(0, dot));
    }

    /** An entity or a repository (Panache), or a type declared inside one. */
    static boolean isPersistent(JavaClass c) {
        for (JavaClass t = c; t != null; t = t.getEnclosingClass().orElse(null)) {
            if (t.isAnnotatedWith(Entity.class)
                    || t.isAnnotatedWith(Embeddable.class)
                    || t.isAnnotatedWith(MappedSuperclass.class)
                    || t.isAssignableTo(PanacheRepositoryBase.class)
                    || t.isAssignableTo(PanacheEntityBase.class)) {
                return true;
            }
        }
        return false;
    }

    /** JPA, Hibernate and Panache themselves: an entity manager, a query, a session. */
    static boolean isPersistenceApi(JavaClass c) {
        return inPackage(c, "jakarta.persistence")
                || inPackage(c, "org.hibernate")
                || inPackage(c, "io.quarkus.hibernate")
                || inPackage(c, "io.quarkus.panache");
    }

    /** A CDI bean: annotated with a scope (or with a stereotype that brings one). */
    static boolean isBean(JavaClass c) {
        return c.isMetaAnnotatedWith(NormalScope.class) || c.isMetaAnnotatedWith(Scope.class);
    }

    /** A JAX-RS resource (a class or a method with {@code @Path} or an HTTP method) or a Vert.x route or filter. */
    static boolean isResource(JavaClass c) {
        if (c.isAnnotatedWith(Path.class)) {
            return true;
        }
        for (JavaMethod m : c.getMethods()) {
            if (m.isAnnotatedWith(Path.class)
                    || m.isMetaAnnotatedWith(HttpMethod.class)
                    || m.isAnnotatedWith(Route.class)
                    || m.isAnnotatedWith(RouteFilter.class)) {
                return true;
            }
        }
        return false;
    }

    private static boolean inPackage(JavaClass c, String name) {
        return c.getPackageName().equals(name) || c.getPackageName().startsWith(name + ".");
    }

    private DescribedPredicate<JavaClass> underRoot() {
        return DescribedPredicate.describe(
                "are in a feature of " + root, c -> featureOf(c).isPresent());
    }

    private DescribedPredicate<JavaClass> inFeature(String feature) {
        return DescribedPredicate.describe(
                "are in " + root + "." + feature,
                c -> featureOf(c).filter(feature::equals).isPresent());
    }

    private DescribedPredicate<JavaClass> outsideFeature(String feature) {
        return DescribedPredicate.describe(
                "are in a feature of " + root + " other than " + feature,
                c -> featureOf(c).filter(f -> !f.equals(feature)).isPresent());
    }

    private static DescribedPredicate<JavaClass> named(String name) {
        return DescribedPredicate.describe(
                name, c -> c.getName().equals(name) || c.getName().startsWith(name + "$"));
    }

    /** No dependency (other than an excluded one) on a class that {@code forbidden} names. */
    private ArchCondition<JavaClass> notDependOn(String what, BiPredicate<JavaClass, JavaClass> forbidden) {
        return new ArchCondition<>("not depend on " + what) {
            @Override
            public void check(JavaClass origin, ConditionEvents events) {
                for (Dependency dependency : origin.getDirectDependenciesFromSelf()) {
                    var target = dependency.getTargetClass().getBaseComponentType();
                    if (forbidden.test(origin, target)
                            && exclusions.stream().noneMatch(e -> e.covers(origin, target))) {
                        events.add(SimpleConditionEvent.violated(dependency, dependency.getDescription()));
                    }
                }
            }
        };
    }
}
