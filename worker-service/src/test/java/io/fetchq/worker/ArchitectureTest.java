package io.fetchq.worker;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

@AnalyzeClasses(packages = "io.fetchq.worker", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

  private static final String[] FRAMEWORKS = {
    "org.springframework..",
    "jakarta.persistence..",
    "jakarta.servlet..",
    "org.apache.kafka..",
    "org.apache.hc..",
    "org.redisson..",
    "com.fasterxml..",
    "io.micrometer..",
    "java.sql..",
    "javax.sql..",
    "io.opentelemetry.."
  };

  @ArchTest
  static final ArchRule domainAndUseCasesAreFrameworkFree =
      noClasses()
          .that()
          .resideInAnyPackage("..domain..", "..usecase..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(FRAMEWORKS);

  /** Logging (and its MDC) happens at the boundaries: loops, adapters, use cases. */
  @ArchTest
  static final ArchRule domainDoesNotLog =
      noClasses()
          .that()
          .resideInAPackage("..domain..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("org.slf4j..", "ch.qos.logback..", "java.util.logging..");

  @ArchTest
  static final ArchRule domainDependsOnNoOuterRing =
      noClasses()
          .that()
          .resideInAPackage("..domain..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "..usecase..",
              "..persistence..",
              "..messaging..",
              "..http..",
              "..web..",
              "..config..");

  @ArchTest
  static final ArchRule useCasesDependOnNoAdapter =
      noClasses()
          .that()
          .resideInAPackage("..usecase..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "..persistence..", "..messaging..", "..http..", "..web..", "..config..");

  @ArchTest
  static final ArchRule adaptersDoNotReachEachOther =
      noClasses()
          .that()
          .resideInAnyPackage("..persistence..", "..http..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("..messaging..", "..web..")
          .because("adapters meet only through the use cases and their ports");

  @ArchTest
  static final ArchRule webNeverReachesPersistence =
      noClasses()
          .that()
          .resideInAPackage("..web..")
          .should()
          .dependOnClassesThat()
          .resideInAPackage("..persistence..")
          .allowEmptyShould(true);

  @ArchTest
  static final ArchRule entitiesAreNotPublic =
      classes()
          .that()
          .areAnnotatedWith("jakarta.persistence.Entity")
          .or()
          .areAssignableTo("org.springframework.data.repository.Repository")
          .should()
          .notBePublic()
          .allowEmptyShould(true);

  @ArchTest
  static final ArchRule onlyConfigAssemblesSpringBeans =
      noClasses()
          .that()
          .resideOutsideOfPackage("..config..")
          .and()
          .doNotHaveSimpleName("WorkerServiceApplication")
          .should()
          .beAnnotatedWith("org.springframework.context.annotation.Configuration")
          .orShould()
          .beAnnotatedWith("org.springframework.stereotype.Component")
          .orShould()
          .beAnnotatedWith("org.springframework.stereotype.Service");
}
