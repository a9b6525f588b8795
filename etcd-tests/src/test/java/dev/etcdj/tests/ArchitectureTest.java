package dev.etcdj.tests;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.GeneralCodingRules;

/** The module rules of DESIGN.md that javac cannot enforce, over the main code of every module. */
@AnalyzeClasses(packages = "dev.etcdj", importOptions = {ImportOption.DoNotIncludeTests.class, ArchitectureTest.NoTestJars.class})
class ArchitectureTest {

    /** Leaves out the test-jars on the class path (etcd-http-jdk's fixture parser), not only test-classes. */
    static final class NoTestJars implements ImportOption {
        @Override
        public boolean includes(com.tngtech.archunit.core.importer.Location location) {
            return !location.contains("-tests.jar");
        }
    }

    @ArchTest
    static final ArchRule modules_depend_downwards_only = layeredArchitecture().consideringAllDependencies()
            .layer("api").definedBy("dev.etcdj.api..")
            .layer("http").definedBy("dev.etcdj.http..")
            .layer("testkit").definedBy("dev.etcdj.testkit..")
            .layer("mapper").definedBy("dev.etcdj.mapper..")
            .layer("examples").definedBy("dev.etcdj.examples..")
            .layer("v3").definedBy("dev.etcdj.v3", "dev.etcdj.v3.spi")
            .layer("v3-gateway").definedBy("dev.etcdj.v3.http..")
            .whereLayer("examples").mayNotBeAccessedByAnyLayer()
            .whereLayer("v3-gateway").mayOnlyBeAccessedByLayers("examples")
            .whereLayer("v3").mayOnlyBeAccessedByLayers("v3-gateway", "testkit", "examples")
            .whereLayer("testkit").mayOnlyBeAccessedByLayers("examples")
            .whereLayer("mapper").mayOnlyBeAccessedByLayers("examples")
            .whereLayer("http").mayOnlyBeAccessedByLayers("testkit", "examples", "v3-gateway")
            .whereLayer("api").mayOnlyBeAccessedByLayers("http", "testkit", "mapper", "examples", "v3", "v3-gateway")
            .ensureAllClassesAreContainedInArchitectureIgnoring("java..");

    @ArchTest
    static final ArchRule api_knows_no_transport = noClasses().that().resideInAPackage("dev.etcdj.api..")
            .should().dependOnClassesThat().resideInAnyPackage("java.net.http..", "java.lang.reflect..",
                    "javax.net..", "java.sql..")
            .because("the api is transport-neutral: HTTP lives in etcd-http-jdk");

    @ArchTest
    static final ArchRule zero_runtime_dependencies = classes().that().resideInAPackage("dev.etcdj..")
            // The testkit's contract is jqwik properties by definition; jqwik is an optional dependency that only
            // those who run the contract need (etcd-testkit/pom.xml), and no other class may use it.
            .and().haveNameNotMatching("dev\\.etcdj\\.testkit\\.EtcdContract(\\$.*)?")
            // Likewise the JUnit 5 extension, for those who use it, with their own JUnit (also optional).
            .and().resideOutsideOfPackage("dev.etcdj.testkit.junit..")
            .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "javax.net.ssl..", "javax.crypto..", "javax.security..", "javax.naming..", "dev.etcdj..")
            .because("etcdj's runtime jars depend on the JDK alone");

    @ArchTest
    static final ArchRule library_code_never_prints = noClasses().that().resideInAPackage("dev.etcdj..")
            .and().resideOutsideOfPackage("dev.etcdj.examples..")
            // The fake server's command line (java -jar etcd-fake-server.jar) prints its one ready line
            // and its usage through this single class.
            .and().doNotHaveFullyQualifiedName("dev.etcdj.testkit.Console")
            .should(GeneralCodingRules.ACCESS_STANDARD_STREAMS)
            .because("library code logs through System.Logger");

    @ArchTest
    static final ArchRule the_mapper_never_sees_a_transport = noClasses().that().resideInAPackage("dev.etcdj.mapper..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.etcdj.http..", "java.net.http..")
            .because("the mapper works on any adapter through the facade");

    @ArchTest
    static final ArchRule internals_stay_inside_their_module = noClasses()
            .that().resideOutsideOfPackages("dev.etcdj.http..", "dev.etcdj.v3.http..")
            .should().dependOnClassesThat().resideInAPackage("dev.etcdj.http.internal..")
            .because("internal packages are not exported (etcd-http-jdk's only to the v3 gateway adapter)");

    @ArchTest
    static final ArchRule v3_internals_stay_inside_their_module = noClasses()
            .that().resideOutsideOfPackage("dev.etcdj.v3.http..")
            .should().dependOnClassesThat().resideInAPackage("dev.etcdj.v3.http.internal..")
            .because("internal packages are not exported");

    @ArchTest
    static final ArchRule the_v3_api_knows_no_transport = noClasses().that().resideInAnyPackage("dev.etcdj.v3", "dev.etcdj.v3.spi")
            .should().dependOnClassesThat().resideInAnyPackage("java.net.http..", "javax.net..", "dev.etcdj.http..")
            .because("the v3 api is transport-neutral: the gateway lives in etcd-v3-http-jdk");
}
