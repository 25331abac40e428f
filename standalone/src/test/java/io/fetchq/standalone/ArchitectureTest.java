package io.fetchq.standalone;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

@AnalyzeClasses(
    packages = "io.fetchq.standalone",
    importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

  /** Standalone assembles the services by component scan only; it never reaches into them. */
  @ArchTest
  static final ArchRule standaloneDoesNotDependOnServiceCode =
      noClasses()
          .that()
          .resideInAPackage("io.fetchq.standalone..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("io.fetchq.api..", "io.fetchq.worker..");

  /** The broker and the pre-flight checks are plain code, usable before Spring starts. */
  @ArchTest
  static final ArchRule brokerAndPreflightDoNotUseSpring =
      noClasses()
          .that()
          .resideInAnyPackage("io.fetchq.standalone.kafka..", "io.fetchq.standalone.preflight..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("org.springframework..");

  /** The pre-flight checks do not need Kafka, and the broker does not need the checks. */
  @ArchTest
  static final ArchRule brokerAndPreflightAreIndependent =
      noClasses()
          .that()
          .resideInAPackage("io.fetchq.standalone.preflight..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("io.fetchq.standalone.kafka..", "org.apache.kafka..", "kafka..");
}
