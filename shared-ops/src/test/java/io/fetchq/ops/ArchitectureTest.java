package io.fetchq.ops;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

@AnalyzeClasses(packages = "io.fetchq.ops", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

  /**
   * What both services share stays small: no service code, no Spring context, no other library than
   * the health API, the Kafka admin client and Jackson.
   */
  @ArchTest
  static final ArchRule opsUsesOnlyTheHealthApiTheKafkaClientAndJackson =
      classes()
          .should()
          .onlyDependOnClassesThat()
          .resideInAnyPackage(
              "io.fetchq.ops..",
              "java..",
              "org.springframework.boot.actuate.health..",
              "org.apache.kafka.clients.admin..",
              "org.apache.kafka.common..",
              "com.fasterxml.jackson.core..",
              "com.fasterxml.jackson.databind..")
          .because("each service wires these pieces itself, with its own status and settings");
}
