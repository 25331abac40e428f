package io.fetchq.standalone.boot;

import static org.assertj.core.api.Assertions.assertThat;

import io.fetchq.standalone.kafka.BrokerStartException;
import io.fetchq.standalone.preflight.PreflightException;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.springframework.core.Ordered;

class StartupFailureReporterTest {

  private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
  private final StartupFailureReporter reporter =
      new StartupFailureReporter(new PrintStream(printed, true, StandardCharsets.UTF_8));

  @Test
  void printsThePreflightSentenceFoundInTheCauseChain() {
    boolean reported =
        reporter.reportException(
            new IllegalStateException(new PreflightException("fetchq: Redis is down.")));

    assertThat(reported).isTrue();
    assertThat(printed.toString(StandardCharsets.UTF_8)).isEqualTo("fetchq: Redis is down.\n");
  }

  @Test
  void printsABrokerStartSentence() {
    assertThat(reporter.reportException(new BrokerStartException("fetchq: port taken.", null)))
        .isTrue();
    assertThat(printed.toString(StandardCharsets.UTF_8)).contains("fetchq: port taken.");
  }

  @Test
  void leavesOtherFailuresToSpringBoot() {
    assertThat(reporter.reportException(new IllegalStateException("boom"))).isFalse();
    assertThat(printed.size()).isZero();
    assertThat(reporter.getOrder()).isEqualTo(Ordered.HIGHEST_PRECEDENCE);
    assertThat(new StartupFailureReporter().reportException(new RuntimeException())).isFalse();
  }
}
