package io.fetchq.standalone.boot;

import io.fetchq.standalone.kafka.BrokerStartException;
import io.fetchq.standalone.preflight.PreflightException;
import java.io.PrintStream;
import java.util.Optional;
import org.springframework.boot.SpringBootExceptionReporter;
import org.springframework.core.Ordered;

/**
 * Reports a start-up failure that already says what to do (a failed pre-flight check, a broker that
 * cannot start) as that one sentence on standard error, instead of Spring Boot's logged stack
 * trace. Registered in {@code META-INF/spring.factories}.
 */
public final class StartupFailureReporter implements SpringBootExceptionReporter, Ordered {

  private final PrintStream out;

  /** Reports to {@link System#err}. */
  public StartupFailureReporter() {
    this(System.err);
  }

  StartupFailureReporter(PrintStream out) {
    this.out = out;
  }

  @Override
  public boolean reportException(Throwable failure) {
    Optional<String> sentence = sentence(failure);
    sentence.ifPresent(out::println);
    return sentence.isPresent();
  }

  @Override
  public int getOrder() {
    return Ordered.HIGHEST_PRECEDENCE;
  }

  /** The operator-facing sentence carried by {@code failure} or one of its causes, if any. */
  public static Optional<String> sentence(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof PreflightException || t instanceof BrokerStartException) {
        return Optional.ofNullable(t.getMessage());
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return Optional.empty();
  }
}
