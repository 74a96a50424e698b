package org.opencirt.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The boundaries of DESIGN.md and STYLE.md, checked on every build. */
@AnalyzeClasses(packages = "org.opencirt", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule onlySearchTalksToElasticsearch = noClasses()
            .that().resideOutsideOfPackage("org.opencirt.search..")
            .should().dependOnClassesThat().resideInAPackage("co.elastic.clients..");

    @ArchTest
    static final ArchRule onlyTenantTalksToKeycloakAdmin = noClasses()
            .that().resideOutsideOfPackage("org.opencirt.tenant..")
            .should().dependOnClassesThat().resideInAPackage("org.keycloak.admin..");

    @ArchTest
    static final ArchRule resourcesDoNotTouchRepositories = noClasses()
            .that().haveSimpleNameEndingWith("Resource")
            .should().dependOnClassesThat().haveSimpleNameEndingWith("Repository");

    @ArchTest
    static final ArchRule resourcesDoNotTouchEntityManagers = noClasses()
            .that().haveSimpleNameEndingWith("Resource")
            .should().dependOnClassesThat().resideInAPackage("jakarta.persistence..");
}
