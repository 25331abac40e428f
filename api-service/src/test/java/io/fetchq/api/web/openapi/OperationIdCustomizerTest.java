package io.fetchq.api.web.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OperationIdCustomizerTest {

  @ParameterizedTest
  @CsvSource({
    "submit, JobController, submitJob",
    "replay, DeadLetterAdminController, replayDeadLetter",
    "listJobs, JobController, listJobs",
    "list, JobListController, listJobs",
    "list, DeadLetterAdminController, listDeadLetters",
    "jobs, BatchController, jobsBatch",
    "rotate, WebhookSecretController, rotateWebhookSecret",
    "create, Controller, create"
  })
  void namesTheOperationAfterMethodAndResource(String method, String controller, String id) {
    assertThat(OperationIdCustomizer.operationId(method, controller)).isEqualTo(id);
  }

  @ParameterizedTest
  @CsvSource({"submitJob, Submit job", "listJobAttempts, List job attempts", "get, Get"})
  void summarisesAnOperationFromItsId(String id, String summary) {
    assertThat(OperationIdCustomizer.summary(id)).isEqualTo(summary);
  }
}
