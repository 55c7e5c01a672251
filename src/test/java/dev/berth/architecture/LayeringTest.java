package dev.berth.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The package arrows of ../shared/DESIGN.md point down only; these rules keep them so. */
class LayeringTest {

    private static final String[] HTTP = {"dev.berth.distribution..", "dev.berth.token..", "dev.berth.security..",
            "dev.berth.browse..", "dev.berth.api..", "dev.berth.admin..", "dev.berth.web.."};

    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                // Spring's ahead-of-time output (src/aot/SpringAotClasses.java) wires every layer by design.
                .withImportOption(location -> !location.contains("__") && !location.contains("$$SpringCGLIB$$"))
                .importPackages("dev.berth");
    }

    @Test
    void noPackage_dependsOnHttpPackages() {
        noClasses().that().resideOutsideOfPackages(HTTP).should().dependOnClassesThat().resideInAnyPackage(HTTP)
                .check(classes);
    }

    @Test
    void httpPackages_neverTouchTheDatabaseOrTheBlobStore() {
        noClasses().that().resideInAnyPackage(HTTP)
                .should().dependOnClassesThat().resideInAnyPackage("dev.berth.metadata..", "dev.berth.storage..",
                        "org.springframework.jdbc..", "java.sql..")
                .check(classes);
    }

    @Test
    void values_dependOnNothingOfBerth() {
        noClasses().that().resideInAnyPackage("dev.berth.oci..", "dev.berth.config..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.berth.registry..", "dev.berth.storage..",
                        "dev.berth.metadata..", "dev.berth.distribution..")
                .check(classes);
    }

    @Test
    void storage_knowsNoRepositoriesOrMetadata() {
        noClasses().that().resideInAnyPackage("dev.berth.storage..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.berth.registry..", "dev.berth.metadata..")
                .check(classes);
    }

    /** Metrics and request logs observe from outside (filters, events, gauges); the core never calls them. */
    @Test
    void domainPortsAndValues_knowNothingOfObservability() {
        noClasses().that().resideInAnyPackage("dev.berth.registry..", "dev.berth.storage..", "dev.berth.metadata..",
                        "dev.berth.oci..", "dev.berth.config..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.berth.observability..")
                .check(classes);
    }

    @Test
    void metadata_holdsNoRules() {
        noClasses().that().resideInAnyPackage("dev.berth.metadata..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.berth.registry..", "dev.berth.storage..")
                .check(classes);
    }

    /** Accounts and rights know no images: the use cases that span both live in management, above. */
    @Test
    void auth_dependsOnNoRegistryOrManagementPackage() {
        noClasses().that().resideInAnyPackage("dev.berth.auth..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.berth.registry..", "dev.berth.management..")
                .check(classes);
    }

    /**
     * Accounts know no identity provider: {@code identity} (LDAP, OIDC, group mapping) plugs into auth
     * through {@code auth.ExternalLogins} and uses it, never the reverse; it knows no images either.
     */
    @Test
    void auth_dependsOnNoIdentityPackage() {
        noClasses().that().resideInAnyPackage("dev.berth.auth..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.berth.identity..")
                .check(classes);
    }

    @Test
    void identity_dependsOnNoRegistryOrManagementPackage() {
        noClasses().that().resideInAnyPackage("dev.berth.identity..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.berth.registry..", "dev.berth.management..")
                .check(classes);
    }

    /** The registry knows no accounts: who may do what is decided before it is called. */
    @Test
    void registry_dependsOnNoAuthOrManagementPackage() {
        noClasses().that().resideInAnyPackage("dev.berth.registry..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.berth.auth..", "dev.berth.management..")
                .check(classes);
    }

    /** The registry's features form a tree: no two of them depend on each other. */
    /** Events are told what happened; they never reach back into the registry or the admin use cases. */
    @Test
    void events_dependOnNoRegistryOrManagementPackage() {
        noClasses().that().resideInAnyPackage("dev.berth.events..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.berth.registry..", "dev.berth.management..")
                .check(classes);
    }

    @Test
    void registryFeatures_areFreeOfCycles() {
        slices().matching("dev.berth.registry.(*)..").should().beFreeOfCycles().check(classes);
    }

    /** Top-level packages form a tree too. */
    @Test
    void packages_areFreeOfCycles() {
        slices().matching("dev.berth.(*)..").should().beFreeOfCycles().check(classes);
    }

    /** Repositories are found or created inside the registry's features only. */
    @Test
    void repositories_areUsedByTheRegistryOnly() {
        noClasses().that().resideOutsideOfPackages("dev.berth.registry..")
                .should().dependOnClassesThat().haveFullyQualifiedName("dev.berth.registry.Repositories")
                .check(classes);
    }
}
