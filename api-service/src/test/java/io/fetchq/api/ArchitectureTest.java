package io.fetchq.api;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The architecture rules of ARCHITECTURE.md "Rings inside a service", enforced. */
class ArchitectureTest {

  private static JavaClasses classes;

  @BeforeAll
  static void importClasses() {
    classes =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.fetchq.api");
  }

  @Test
  void domainAndUseCasesDependOnNoFramework() {
    ArchRule rule =
        noClasses()
            .that()
            .resideInAnyPackage("io.fetchq.api..domain..", "io.fetchq.api..usecase..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(
                "org.springframework..",
                "jakarta.persistence..",
                "jakarta.servlet..",
                "jakarta.validation..",
                "org.hibernate..",
                "org.apache.kafka..",
                "org.redisson..",
                "com.fasterxml..",
                "io.swagger..",
                "io.opentelemetry..");
    rule.check(classes);
  }

  @Test
  void domainAndUseCasesDoNotReachOuterRings() {
    noClasses()
        .that()
        .resideInAnyPackage("io.fetchq.api..domain..", "io.fetchq.api..usecase..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "io.fetchq.api..web..",
            "io.fetchq.api..persistence..",
            "io.fetchq.api..messaging..",
            "io.fetchq.api.config..")
        .check(classes);
  }

  /** Logging (and its MDC) happens at the boundaries: filters, loops, adapters, use cases. */
  @Test
  void domainDoesNotLog() {
    noClasses()
        .that()
        .resideInAnyPackage("io.fetchq.api..domain..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("org.slf4j..", "ch.qos.logback..", "java.util.logging..")
        .check(classes);
  }

  @Test
  void webNeverReachesPersistenceOrMessaging() {
    noClasses()
        .that()
        .resideInAnyPackage("io.fetchq.api..web..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("io.fetchq.api..persistence..", "io.fetchq.api..messaging..")
        .check(classes);
  }

  @Test
  void entitiesAreNotPublic() {
    classes()
        .that()
        .areAnnotatedWith("jakarta.persistence.Entity")
        .or()
        .areAnnotatedWith("jakarta.persistence.Embeddable")
        .should()
        .notBePublic()
        .allowEmptyShould(true)
        .check(classes);
  }

  @Test
  void springDataRepositoriesAreNotPublic() {
    classes()
        .that()
        .areAssignableTo("org.springframework.data.repository.Repository")
        .should()
        .notBePublic()
        .allowEmptyShould(true)
        .check(classes);
  }

  @Test
  void controllersLiveInWeb() {
    classes()
        .that()
        .areAnnotatedWith("org.springframework.web.bind.annotation.RestController")
        .or()
        .areAnnotatedWith("org.springframework.web.bind.annotation.RestControllerAdvice")
        .should()
        .resideInAnyPackage("io.fetchq.api..web..")
        .check(classes);
  }
}
