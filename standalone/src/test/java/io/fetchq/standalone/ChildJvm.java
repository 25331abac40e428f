package io.fetchq.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A fetchq JVM (broker, api-service, worker-service or standalone) as a child process of the test
 * JVM, started with the test JVM's own java binary and the launcher's JVM flags ({@code ./fetchq}),
 * its output in a log file under {@code target/}.
 */
final class ChildJvm {

  private final String name;
  private final List<String> command;
  private final Map<String, String> env;
  private final Path log;
  private Process process;
  private int starts;

  ChildJvm(String name, List<String> jvmArgs, Map<String, String> env) {
    this.name = name;
    this.command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElse("java"));
    command.addAll(launcherFlags());
    command.addAll(jvmArgs);
    this.env = Map.copyOf(env);
    this.log = Path.of("target", "it-logs", name);
  }

  /** {@code ./fetchq standalone} as a child: the packaged jar with a 768 MiB heap. */
  static ChildJvm standalone(String name, Map<String, String> env) {
    return new ChildJvm(
        name,
        List.of(
            "-Xmx768m", "-jar", Path.of("target", "fetchq-standalone.jar").toAbsolutePath() + ""),
        env);
  }

  /** {@code -XX:+UseG1GC -XX:+ExitOnOutOfMemoryError} plus the JDK 24+ flags of the launcher. */
  static List<String> launcherFlags() {
    List<String> flags = new ArrayList<>(List.of("-XX:+UseG1GC", "-XX:+ExitOnOutOfMemoryError"));
    if (Runtime.version().feature() >= 24) {
      flags.add("--sun-misc-unsafe-memory-access=allow");
      flags.add("--enable-native-access=ALL-UNNAMED");
    }
    return flags;
  }

  /**
   * The single {@code <artifact>-*-exec.jar} in {@code dir}; {@code dir} defaults to the sibling
   * module's {@code target} ({@code ../<artifact>/target}) and can be overridden with the system
   * property {@code fetchq.it.<artifact>.dir} (e.g. jars built from another checkout).
   */
  static Path execJar(String artifact) {
    Path dir =
        Path.of(System.getProperty("fetchq.it." + artifact + ".dir", "../" + artifact + "/target"));
    try (Stream<Path> files = Files.list(dir)) {
      List<Path> jars =
          files
              .filter(p -> p.getFileName().toString().startsWith(artifact + "-"))
              .filter(p -> p.getFileName().toString().endsWith("-exec.jar"))
              .toList();
      assertThat(jars).as("%s exec jar in %s (build it first)", artifact, dir).hasSize(1);
      return jars.getFirst().toAbsolutePath();
    } catch (IOException e) {
      throw new UncheckedIOException("no " + artifact + " jar directory " + dir, e);
    }
  }

  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  String name() {
    return name;
  }

  Path log() {
    return log;
  }

  Process process() {
    return process;
  }

  boolean isAlive() {
    return process != null && process.isAlive();
  }

  /** Starts the process (again); its output goes to {@code target/it-logs/<name>-<n>.log}. */
  ChildJvm start() throws IOException {
    assertThat(isAlive()).as("%s already running", name).isFalse();
    starts++;
    Path file = log.resolveSibling(name + "-" + starts + ".log");
    Files.createDirectories(file.getParent());
    ProcessBuilder builder =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(file.toFile());
    builder.environment().remove("FETCHQ_KAFKA_BOOTSTRAP");
    builder.environment().putAll(env);
    process = builder.start();
    return this;
  }

  /** Waits until {@code GET readinessPath} on {@code http} answers 200; fails if the JVM exits. */
  void awaitReady(FetchqHttp http, Duration atMost) {
    await()
        .atMost(atMost)
        .pollInterval(Duration.ofMillis(250))
        .failFast(name + " exited; see " + currentLog(), () -> !process.isAlive())
        .until(() -> http.answers200("/actuator/health/readiness"));
  }

  /** Waits until the current log contains {@code text}; fails if the JVM exits. */
  void awaitLog(String text, Duration atMost) {
    await()
        .atMost(atMost)
        .pollInterval(Duration.ofMillis(250))
        .failFast(name + " exited; see " + currentLog(), () -> !process.isAlive())
        .until(() -> Files.readString(currentLog()).contains(text));
  }

  Path currentLog() {
    return log.resolveSibling(name + "-" + starts + ".log");
  }

  /** SIGKILL, then waits for the exit. */
  void kill() throws InterruptedException {
    if (isAlive()) {
      process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }
  }

  /** SIGTERM and waits up to {@code atMost} for the exit; returns whether it exited. */
  boolean stop(Duration atMost) throws InterruptedException {
    if (!isAlive()) {
      return true;
    }
    process.destroy();
    return process.waitFor(atMost.toMillis(), TimeUnit.MILLISECONDS);
  }
}
