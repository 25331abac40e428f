package io.fetchq.standalone.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The hadolint rules that apply to the repository's Dockerfile, checked without hadolint (it is not
 * obtainable on these machines: no Debian, npm or Maven Central package). Rule ids are hadolint's;
 * infra/README.md lists them and the ones that do not apply.
 */
class DockerfileLintTest {

  /** One instruction: keyword and arguments, continuation lines joined. */
  record Instruction(int line, String keyword, String arguments) {}

  private static final Pattern UNQUOTED_VARIABLE =
      Pattern.compile("(?<![\"\\w])\\$\\{?[A-Za-z_][A-Za-z0-9_]*}?");

  private final List<Instruction> instructions = parse(dockerfile());

  @Test
  void buildsInStagesWithAJreOnlyRuntime() {
    List<Instruction> from = all("FROM");
    assertThat(from).as("multi-stage").hasSizeGreaterThanOrEqualTo(2);
    assertThat(from.get(from.size() - 1).arguments())
        .as("runtime stage: a JRE image, no JDK or build tools")
        .matches("\\S+:\\S*-jre\\S*");
  }

  @Test
  void rulesOnBaseImagesAndStages() {
    assertThat(stageProblems(instructions)).as("Dockerfile").isEmpty();
  }

  @Test
  void rulesOnRunInstructions() {
    assertThat(runProblems(instructions)).as("Dockerfile").isEmpty();
  }

  static List<String> stageProblems(List<Instruction> instructions) {
    List<String> problems = new ArrayList<>();
    Set<String> aliases = new HashSet<>();
    for (Instruction instruction : instructions) {
      String[] words = instruction.arguments().split("\\s+");
      switch (instruction.keyword()) {
        case "FROM" -> {
          String image = words[0];
          String tag = image.contains("@") ? "digest" : image.replaceFirst("^[^:]*:?", "");
          check(problems, instruction, !tag.isEmpty(), "DL3006 tag the image version explicitly");
          check(problems, instruction, !tag.equals("latest"), "DL3007 do not use latest");
          check(
              problems,
              instruction,
              !instruction.arguments().contains("--platform"),
              "DL3029 no --platform in FROM");
          if (words.length == 3 && words[1].equalsIgnoreCase("AS")) {
            check(problems, instruction, aliases.add(words[2]), "DL3024 stage aliases are unique");
          }
        }
        case "COPY" -> {
          for (String word : words) {
            if (word.startsWith("--from=")) {
              check(
                  problems,
                  instruction,
                  aliases.contains(word.substring("--from=".length())),
                  "DL3022 COPY --from names an earlier stage");
            }
          }
          List<String> paths = List.of(words).stream().filter(w -> !w.startsWith("--")).toList();
          check(
              problems,
              instruction,
              paths.size() <= 2 || paths.get(paths.size() - 1).endsWith("/"),
              "DL3021 COPY of several sources ends with /");
        }
        case "ADD" -> check(problems, instruction, false, "DL3020 use COPY instead of ADD");
        case "MAINTAINER" -> check(problems, instruction, false, "DL4000 MAINTAINER is deprecated");
        case "WORKDIR" ->
            check(problems, instruction, words[0].startsWith("/"), "DL3000 absolute WORKDIR");
        case "ENTRYPOINT", "CMD" ->
            check(
                problems,
                instruction,
                instruction.arguments().startsWith("["),
                "DL3025 JSON notation for " + instruction.keyword());
        default -> {}
      }
    }
    return problems;
  }

  static List<String> runProblems(List<Instruction> instructions) {
    List<String> problems = new ArrayList<>();
    boolean pipefail = false;
    for (Instruction instruction : instructions) {
      if (instruction.keyword().equals("SHELL")) {
        pipefail = instruction.arguments().contains("pipefail");
      }
      if (!instruction.keyword().equals("RUN")) {
        continue;
      }
      String command = instruction.arguments().replaceFirst("^(--\\S+\\s+)+", "");
      check(
          problems,
          instruction,
          !command.matches("(?s).*(^|&&|;)\\s*cd\\s.*"),
          "DL3003 use WORKDIR, not cd");
      check(problems, instruction, !command.matches("(?s).*\\bsudo\\b.*"), "DL3004 no sudo");
      check(
          problems,
          instruction,
          pipefail || !command.replace("||", "").contains("|"),
          "DL4006 set -o pipefail (SHELL) before RUN with a pipe");
      check(
          problems,
          instruction,
          !(command.contains("curl ") && command.contains("wget ")),
          "DL4001 either wget or curl, not both");
      if (command.contains("apt-get install")) {
        check(problems, instruction, command.contains("--no-install-recommends"), "DL3015");
        check(problems, instruction, command.contains("rm -rf /var/lib/apt/lists"), "DL3009");
        check(problems, instruction, command.contains(" -y"), "DL3014");
      }
      if (command.matches("(?s).*\\buseradd\\b.*(-u|--uid)\\s.*")) {
        check(
            problems,
            instruction,
            command.matches("(?s).*\\buseradd\\b.*(\\s-l\\b|--no-log-init).*"),
            "DL3046 useradd with a UID needs -l (--no-log-init)");
      }
      check(
          problems,
          instruction,
          !UNQUOTED_VARIABLE.matcher(command).find(),
          "SC2086 quote variables in RUN (" + command + ")");
    }
    return problems;
  }

  @Test
  void runsAsANumericNonRootUserWithAHealthcheck() {
    List<Instruction> users = all("USER");
    assertThat(users).as("DL3002 a USER").isNotEmpty();
    String last = users.get(users.size() - 1).arguments();
    assertThat(last.split(":")[0])
        .as("DL3002 last USER is not root; numeric so that runAsNonRoot can verify it")
        .matches("[1-9][0-9]*")
        .isNotEqualTo("0");
    assertThat(all("HEALTHCHECK"))
        .as("DL3057 a HEALTHCHECK, DL3012 only one")
        .singleElement()
        .satisfies(h -> assertThat(h.arguments()).contains("/actuator/health/readiness"));
    assertThat(all("ENTRYPOINT")).as("DL4004 one ENTRYPOINT").hasSize(1);
  }

  @Test
  void theChecksCatchViolations() {
    List<Instruction> bad =
        parse(
            """
            FROM eclipse-temurin AS build
            FROM eclipse-temurin:latest AS build
            ADD app.jar /app.jar
            COPY --from=nowhere a b c
            WORKDIR app
            RUN cd /x && \\
                curl -s http://h | sh
            RUN useradd -u 10001 x && cp $SERVICE/a /b
            ENTRYPOINT java -jar app.jar
            """);
    assertThat(bad)
        .extracting(Instruction::keyword)
        .containsExactly("FROM", "FROM", "ADD", "COPY", "WORKDIR", "RUN", "RUN", "ENTRYPOINT");
    assertThat(String.join("\n", stageProblems(bad)))
        .contains("line 1 FROM: DL3006", "line 2 FROM: DL3007", "DL3024", "DL3020", "DL3022")
        .contains("DL3021", "DL3000", "DL3025");
    assertThat(String.join("\n", runProblems(bad)))
        .contains("line 6 RUN: DL3003", "line 6 RUN: DL4006", "DL3046", "SC2086");
    assertThat(UNQUOTED_VARIABLE.matcher("cp ${SERVICE}/a /b").find()).isTrue();
    assertThat(UNQUOTED_VARIABLE.matcher("cp \"${SERVICE}\"/a /b").find()).isFalse();
  }

  private List<Instruction> all(String keyword) {
    return instructions.stream().filter(i -> i.keyword().equals(keyword)).toList();
  }

  private static void check(List<String> problems, Instruction at, boolean ok, String rule) {
    if (!ok) {
      problems.add("line " + at.line() + " " + at.keyword() + ": " + rule);
    }
  }

  private static String dockerfile() {
    try {
      return Files.readString(InfraFiles.repositoryRoot().resolve("Dockerfile"));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  static List<Instruction> parse(String text) {
    List<Instruction> parsed = new ArrayList<>();
    String[] lines = text.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i].strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      int start = i + 1;
      StringBuilder joined = new StringBuilder();
      while (line.endsWith("\\") && i + 1 < lines.length) {
        joined.append(line, 0, line.length() - 1).append(' ');
        line = lines[++i].strip();
      }
      joined.append(line);
      String[] parts = joined.toString().strip().split("\\s+", 2);
      parsed.add(
          new Instruction(
              start, parts[0].toUpperCase(Locale.ROOT), parts.length > 1 ? parts[1].strip() : ""));
    }
    return parsed;
  }
}
