package io.llmproxy.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The module rules of docs/architecture.md, checked on the assembled classpath. */
@AnalyzeClasses(packages = "io.llmproxy", importOptions = ImportOption.DoNotIncludeTests.class)
class ModuleBoundariesTest {

  @ArchTest
  static final ArchRule kernelSpeaksOnlyJavaAndAxonAnnotations =
      classes()
          .that()
          .resideInAPackage("io.llmproxy.kernel..")
          .should()
          .onlyDependOnClassesThat()
          .resideInAnyPackage(
              "io.llmproxy.kernel..",
              "java..",
              "javax.crypto..",
              "org.axonframework.modelling.command",
              "org.axonframework.serialization")
          .because("shared-kernel is the system's language: records and value types, no Spring");

  @ArchTest
  static final ArchRule commandSideSeesNoOtherModule =
      noClasses()
          .that()
          .resideInAPackage("io.llmproxy.command..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("io.llmproxy.query..", "io.llmproxy.edge..", "io.llmproxy.app..");

  @ArchTest
  static final ArchRule querySideSeesNoOtherModule =
      noClasses()
          .that()
          .resideInAPackage("io.llmproxy.query..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("io.llmproxy.command..", "io.llmproxy.edge..", "io.llmproxy.app..");

  @ArchTest
  static final ArchRule edgeTalksThroughMessagesOnly =
      noClasses()
          .that()
          .resideInAPackage("io.llmproxy.edge..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("io.llmproxy.command..", "io.llmproxy.query..", "io.llmproxy.app..")
          .because("outside the assembly package the edge uses shared-kernel messages only");

  @ArchTest
  static final ArchRule eventStoreSeesOnlyTheKernel =
      noClasses()
          .that()
          .resideInAPackage("io.llmproxy.eventstore..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "io.llmproxy.command..",
              "io.llmproxy.query..",
              "io.llmproxy.edge..",
              "io.llmproxy.app..")
          .because("both query-side and proxy-edge depend on the event-store gateway");

  @ArchTest
  static final ArchRule onlyTheEventStoreNamesAxonTables =
      classes()
          .that()
          .resideOutsideOfPackage("io.llmproxy.eventstore..")
          .should(new AxonTableNames())
          .because(
              "Axon's tables are read and written past Axon only through io.llmproxy.eventstore"
                  + " (docs/decisions/0004)");

  @ArchTest
  static final ArchRule moneyAndCountsAreNeverFloatingPoint =
      noClasses()
          .that()
          .resideInAPackage("io.llmproxy.kernel..")
          .should()
          .dependOnClassesThat()
          .haveFullyQualifiedName("java.lang.Double")
          .orShould()
          .dependOnClassesThat()
          .haveFullyQualifiedName("java.lang.Float");

  @ArchTest
  static final ArchRule edgePackagesAreFreeOfCycles =
      slices()
          .matching("io.llmproxy.edge.(**)")
          .should()
          .beFreeOfCycles()
          .because("each capability of the request path can be read, tested and moved on its own");
}
