package io.fetchq.standalone.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every YAML and JSON file of the deployment parses. */
class InfraFilesParseTest {

  @Test
  void everyYamlFileUnderInfraAndTheComposeFileParses() {
    List<Path> files = new java.util.ArrayList<>(InfraFiles.filesUnderInfra(".yml", ".yaml"));
    files.add(InfraFiles.repositoryRoot().resolve("docker-compose.yml"));

    assertThat(files).hasSizeGreaterThan(8);
    for (Path file : files) {
      assertThatCode(
              () -> assertThat(InfraFiles.yamlDocuments(file)).as(file.toString()).isNotEmpty())
          .as(file.toString())
          .doesNotThrowAnyException();
    }
  }

  @Test
  void everyJsonFileUnderInfraParses() {
    List<Path> files = InfraFiles.filesUnderInfra(".json");

    assertThat(files).isNotEmpty();
    for (Path file : files) {
      assertThat(InfraFiles.json(file).isObject()).as(file.toString()).isTrue();
    }
  }
}
