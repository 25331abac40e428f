package io.fetchq.api.web.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs Redocly CLI, an independent OpenAPI linter from the npm registry, with the system {@code
 * node}/{@code npm}. The version is pinned by {@code tools/openapi-lint/package-lock.json}; it is
 * installed with {@code npm ci} into {@code target/openapi-lint} (from the npm cache when it is
 * there, otherwise from the registry), so a clean checkout needs nothing preinstalled but node and
 * npm. The rules are {@code tools/openapi-lint/redocly.yaml}.
 */
final class RedoclyLint {

  /** What the linter found. */
  record Report(int errors, int warnings, List<String> problems, String raw) {}

  private static final Duration INSTALL_TIMEOUT = Duration.ofMinutes(5);
  private static final Duration LINT_TIMEOUT = Duration.ofMinutes(2);

  private final Path toolDir;
  private final Path workDir;
  private final ObjectMapper json = new ObjectMapper();

  private RedoclyLint(Path toolDir, Path workDir) {
    this.toolDir = toolDir;
    this.workDir = workDir;
  }

  /**
   * The linter of this checkout: {@code tools/openapi-lint} in the nearest ancestor of the working
   * directory (the module directory under Maven), installed into {@code target/openapi-lint}.
   */
  static RedoclyLint ofCheckout() {
    Path dir = Path.of("").toAbsolutePath();
    for (Path candidate = dir; candidate != null; candidate = candidate.getParent()) {
      Path tool = candidate.resolve("tools/openapi-lint");
      if (Files.isRegularFile(tool.resolve("package-lock.json"))) {
        return new RedoclyLint(tool, dir.resolve("target/openapi-lint"));
      }
    }
    throw new IllegalStateException("tools/openapi-lint not found above " + dir);
  }

  /** {@code npm ci} of the pinned version; fast when the npm cache holds it. */
  void install() throws IOException, InterruptedException {
    Files.createDirectories(workDir);
    for (String file : List.of("package.json", "package-lock.json")) {
      Files.copy(toolDir.resolve(file), workDir.resolve(file), StandardCopyOption.REPLACE_EXISTING);
    }
    Result result =
        run(
            List.of(
                "npm",
                "ci",
                "--prefer-offline",
                "--ignore-scripts",
                "--no-audit",
                "--no-fund",
                "--loglevel=error"),
            INSTALL_TIMEOUT);
    if (result.exitCode() != 0) {
      throw new IllegalStateException(
          "npm ci in " + workDir + " failed (exit " + result.exitCode() + "):\n" + result.output());
    }
  }

  /** Lints {@code document} and returns the findings. */
  Report lint(Path document) throws IOException, InterruptedException {
    Path cli = workDir.resolve("node_modules/@redocly/cli/bin/cli.js");
    Result result =
        run(
            List.of(
                "node",
                cli.toString(),
                "lint",
                document.toAbsolutePath().toString(),
                "--config",
                toolDir.resolve("redocly.yaml").toString(),
                "--format",
                "json"),
            LINT_TIMEOUT);
    String out = result.stdout();
    int start = out.indexOf('{');
    if (start < 0) {
      throw new IllegalStateException(
          "redocly lint printed no report (exit " + result.exitCode() + "):\n" + result.output());
    }
    JsonNode report = json.readTree(out.substring(start));
    List<String> problems = new ArrayList<>();
    for (JsonNode problem : report.path("problems")) {
      JsonNode location = problem.path("location").path(0);
      problems.add(
          problem.path("severity").asText()
              + " "
              + problem.path("ruleId").asText()
              + " at "
              + location.path("pointer").asText()
              + ": "
              + problem.path("message").asText());
    }
    JsonNode totals = report.path("totals");
    return new Report(
        totals.path("errors").asInt(-1), totals.path("warnings").asInt(-1), problems, out);
  }

  private record Result(int exitCode, String stdout, String stderr) {
    String output() {
      return stdout + "\n" + stderr;
    }
  }

  private Result run(List<String> command, Duration timeout)
      throws IOException, InterruptedException {
    Path stdout = Files.createTempFile(workDir, "out", ".txt");
    Path stderr = Files.createTempFile(workDir, "err", ".txt");
    try {
      ProcessBuilder builder =
          new ProcessBuilder(command)
              .directory(workDir.toFile())
              .redirectOutput(stdout.toFile())
              .redirectError(stderr.toFile());
      Map<String, String> env = builder.environment();
      env.put("REDOCLY_TELEMETRY", "off");
      env.put("REDOCLY_SUPPRESS_UPDATE_NOTICE", "true");
      env.put("NO_COLOR", "1");
      env.put("npm_config_update_notifier", "false");
      Process process;
      try {
        process = builder.start();
      } catch (IOException e) {
        throw new IllegalStateException(
            "cannot run "
                + command.get(0)
                + ": the OpenAPI lint needs node >= 20.19 and npm on the PATH"
                + " (tools/openapi-lint/README.md)",
            e);
      }
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException(String.join(" ", command) + " took over " + timeout);
      }
      return new Result(
          process.exitValue(),
          Files.readString(stdout, StandardCharsets.UTF_8),
          Files.readString(stderr, StandardCharsets.UTF_8));
    } finally {
      Files.deleteIfExists(stdout);
      Files.deleteIfExists(stderr);
    }
  }
}
