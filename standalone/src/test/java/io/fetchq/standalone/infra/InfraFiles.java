package io.fetchq.standalone.infra;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/** The deployment files of the repository (infra/ and docker-compose.yml), read for tests. */
final class InfraFiles {

  static final ObjectMapper JSON = new ObjectMapper();

  /** A PromQL expression and where it was found. */
  record Expression(Path file, String where, String promQl) {}

  private InfraFiles() {}

  /** The repository root: the first directory up from the working directory with both files. */
  static Path repositoryRoot() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null) {
      if (Files.isRegularFile(dir.resolve("docker-compose.yml"))
          && Files.isDirectory(dir.resolve("infra"))) {
        return dir;
      }
      dir = dir.getParent();
    }
    throw new IllegalStateException(
        "no repository root with docker-compose.yml and infra/ above "
            + Path.of("").toAbsolutePath());
  }

  static Path infra() {
    return repositoryRoot().resolve("infra");
  }

  /** Every *.yml, *.yaml and *.json file under infra/, sorted. */
  static List<Path> filesUnderInfra(String... extensions) {
    try (Stream<Path> files = Files.walk(infra())) {
      return files
          .filter(Files::isRegularFile)
          .filter(f -> Stream.of(extensions).anyMatch(e -> f.getFileName().toString().endsWith(e)))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Every YAML document in {@code file} (a file may hold several, separated by {@code ---}), with
   * anchors, aliases and merge keys resolved as Docker Compose resolves them (SnakeYAML); a
   * repeated key is an error.
   */
  static List<JsonNode> yamlDocuments(Path file) {
    try {
      return yamlDocuments(Files.readString(file));
    } catch (IOException | RuntimeException e) {
      throw new IllegalStateException("cannot parse " + file + ": " + e.getMessage(), e);
    }
  }

  static List<JsonNode> yamlDocuments(String text) {
    LoaderOptions options = new LoaderOptions();
    options.setAllowDuplicateKeys(false);
    List<JsonNode> documents = new ArrayList<>();
    for (Object document : new Yaml(options).loadAll(text)) {
      if (document != null) {
        documents.add(JSON.valueToTree(document));
      }
    }
    return documents;
  }

  static JsonNode yaml(Path file) {
    List<JsonNode> documents = yamlDocuments(file);
    if (documents.size() != 1) {
      throw new IllegalStateException(
          file + " holds " + documents.size() + " YAML documents, not 1");
    }
    return documents.get(0);
  }

  static JsonNode json(Path file) {
    try {
      return JSON.readTree(file.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot parse " + file + ": " + e.getMessage(), e);
    }
  }

  static Path alertRules() {
    return infra().resolve("prometheus/alerts.yml");
  }

  static List<Path> dashboards() {
    return filesUnderInfra(".json").stream()
        .filter(f -> f.startsWith(infra().resolve("grafana/dashboards")))
        .toList();
  }

  /** The {@code expr} of every alert rule, named by group and alert. */
  static List<Expression> alertExpressions() {
    Path file = alertRules();
    List<Expression> expressions = new ArrayList<>();
    for (JsonNode group : yaml(file).path("groups")) {
      for (JsonNode rule : group.path("rules")) {
        String name =
            rule.has("alert") ? rule.path("alert").asText() : rule.path("record").asText();
        expressions.add(
            new Expression(
                file, group.path("name").asText() + "/" + name, rule.path("expr").asText()));
      }
    }
    return expressions;
  }

  /** The {@code expr} of every Prometheus target of every panel (rows' panels included). */
  static List<Expression> dashboardExpressions() {
    List<Expression> expressions = new ArrayList<>();
    for (Path file : dashboards()) {
      collectPanelExpressions(file, json(file).path("panels"), expressions);
    }
    return expressions;
  }

  private static void collectPanelExpressions(
      Path file, JsonNode panels, List<Expression> expressions) {
    for (JsonNode panel : panels) {
      for (JsonNode target : panel.path("targets")) {
        expressions.add(
            new Expression(
                file,
                "panel \""
                    + panel.path("title").asText()
                    + "\" target "
                    + target.path("refId").asText(),
                target.path("expr").asText()));
      }
      collectPanelExpressions(file, panel.path("panels"), expressions);
    }
  }
}
