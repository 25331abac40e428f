package io.fetchq.standalone.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The structure of docker-compose.yml: the whole distributed topology, every service startable
 * (image or build), healthy or explicitly exempt, dependencies that exist, the API replicas behind
 * the load balancer, and the mounted configuration files present in the repository.
 */
class ComposeFileTest {

  private static final Set<String> EXPECTED =
      Set.of(
          "kafka",
          "postgres",
          "redis",
          "api-service",
          "lb",
          "worker-service",
          "prometheus",
          "grafana",
          "otel-collector",
          "jaeger");

  private final Path root = InfraFiles.repositoryRoot();
  private final JsonNode compose = InfraFiles.yaml(root.resolve("docker-compose.yml"));
  private final Map<String, JsonNode> services = services(compose);

  @Test
  void runsTheWholeDistributedStack() {
    assertThat(services.keySet()).containsAll(EXPECTED);
    assertThat(services.get("kafka").path("image").asText()).startsWith("apache/kafka:");
    assertThat(services.get("kafka").path("environment").path("KAFKA_PROCESS_ROLES").asText())
        .as("KRaft: broker and controller in one node")
        .isEqualTo("broker,controller");
  }

  @Test
  void everyServiceHasAPinnedImageOrABuild() {
    List<String> problems = new ArrayList<>();
    services.forEach(
        (name, service) -> {
          String image = service.path("image").asText("");
          if (image.isEmpty() && !service.has("build")) {
            problems.add(name + ": neither image nor build");
          }
          if (!image.isEmpty() && (!image.contains(":") || image.endsWith(":latest"))) {
            problems.add(name + ": image " + image + " is not pinned to a tag");
          }
        });
    assertThat(problems).as("docker-compose.yml").isEmpty();
  }

  @Test
  void everyServiceHasAHealthcheckOrADocumentedExemption() {
    List<String> problems = new ArrayList<>();
    services.forEach(
        (name, service) -> {
          JsonNode check = service.path("healthcheck");
          String exemption = service.path("x-healthcheck-exempt").asText("");
          if (check.isMissingNode() && exemption.isBlank()) {
            problems.add(name + ": no healthcheck and no x-healthcheck-exempt reason");
          }
          if (!check.isMissingNode()
              && (!check.path("test").isArray() || check.path("test").isEmpty())) {
            problems.add(name + ": healthcheck without a test command");
          }
        });
    assertThat(problems).as("docker-compose.yml").isEmpty();
    assertThat(services.values().stream().filter(s -> s.has("x-healthcheck-exempt")))
        .as("only the two images without a shell are exempt")
        .hasSize(2);
  }

  @Test
  void everyDependencyExistsAndWaitsForHealthOnlyWhereThereIsAHealthcheck() {
    List<String> problems = new ArrayList<>();
    services.forEach(
        (name, service) ->
            service
                .path("depends_on")
                .properties()
                .forEach(
                    dependency -> {
                      JsonNode target = services.get(dependency.getKey());
                      String condition = dependency.getValue().path("condition").asText();
                      if (target == null) {
                        problems.add(name + " depends on unknown service " + dependency.getKey());
                      } else if (condition.equals("service_healthy")
                          && !target.has("healthcheck")) {
                        problems.add(
                            name
                                + " waits for "
                                + dependency.getKey()
                                + " healthy: no healthcheck");
                      } else if (!Set.of(
                              "service_healthy",
                              "service_started",
                              "service_completed_successfully")
                          .contains(condition)) {
                        problems.add(
                            name + " -> " + dependency.getKey() + ": condition " + condition);
                      }
                    }));
    assertThat(problems).as("docker-compose.yml").isEmpty();
    assertThat(
            services
                .get("worker-service")
                .path("depends_on")
                .path("api-service")
                .path("condition")
                .asText())
        .as("workers start after the API applied the schema")
        .isEqualTo("service_healthy");
  }

  @Test
  void twoApiReplicasServeOnlyThroughTheLoadBalancer() throws IOException {
    JsonNode api = services.get("api-service");
    assertThat(api.path("deploy").path("replicas").asInt()).isEqualTo(2);
    assertThat(api.has("ports")).as("api-service publishes no port: the lb does").isFalse();

    JsonNode lb = services.get("lb");
    assertThat(lb.path("ports").get(0).asText()).endsWith(":8080");
    assertThat(lb.path("depends_on").path("api-service").path("condition").asText())
        .isEqualTo("service_healthy");
    String config = Files.readString(mountedFile(lb, "/usr/local/etc/haproxy/haproxy.cfg"));
    assertThat(config)
        .contains("bind :8080")
        .containsPattern("server-template \\w+ \\d+ api-service:8080")
        .contains("option httpchk GET /actuator/health/readiness")
        .contains("resolvers docker");
  }

  @Test
  void threeWorkersShareTheEnvironmentOfTheApi() {
    JsonNode worker = services.get("worker-service");
    assertThat(worker.path("deploy").path("replicas").asInt()).isEqualTo(3);
    assertThat(worker.path("build").path("args").path("SERVICE").asText())
        .isEqualTo("worker-service");
    for (String name : List.of("api-service", "worker-service")) {
      JsonNode environment = services.get(name).path("environment");
      assertThat(environment.path("FETCHQ_KAFKA_BOOTSTRAP").asText()).isEqualTo("kafka:9092");
      assertThat(environment.path("FETCHQ_DB_URL").asText()).contains("//postgres:5432/");
      assertThat(environment.path("FETCHQ_REDIS_URL").asText()).isEqualTo("redis://redis:6379");
      assertThat(environment.path("OTEL_EXPORTER_OTLP_ENDPOINT").asText())
          .isEqualTo("http://otel-collector:4318");
      assertThat(environment.path("FETCHQ_LOG_FORMAT").asText())
          .as("JSON log lines by default (ARCHITECTURE.md \"Logs\")")
          .isEqualTo("${FETCHQ_LOG_FORMAT:-json}");
    }
  }

  @Test
  void everyMountedRepositoryFileExists() {
    List<String> problems = new ArrayList<>();
    services.forEach(
        (name, service) -> {
          for (JsonNode volume : service.path("volumes")) {
            String source = volume.asText().split(":")[0];
            if (source.startsWith("./") && !Files.exists(root.resolve(source))) {
              problems.add(name + " mounts missing " + source);
            }
          }
        });
    assertThat(problems).as("docker-compose.yml").isEmpty();
  }

  @Test
  void prometheusGrafanaAndTheCollectorGetTheirConfigurationFromInfra() {
    assertThat(mountedFile(services.get("prometheus"), "/etc/prometheus/prometheus.yml"))
        .isEqualTo(root.resolve("infra/prometheus/prometheus.yml").normalize());
    assertThat(mountedFile(services.get("prometheus"), "/etc/prometheus/alerts.yml"))
        .isEqualTo(InfraFiles.alertRules().normalize());
    assertThat(mountedFile(services.get("grafana"), "/etc/grafana/provisioning"))
        .isEqualTo(root.resolve("infra/grafana/provisioning").normalize());
    assertThat(mountedFile(services.get("grafana"), "/var/lib/grafana/dashboards"))
        .isEqualTo(root.resolve("infra/grafana/dashboards").normalize());
    Path collector =
        mountedFile(services.get("otel-collector"), "/etc/otelcol-contrib/collector.yaml");
    assertThat(collector).isEqualTo(root.resolve("infra/otel/collector.yaml").normalize());
    assertThat(services.get("otel-collector").path("command").get(0).asText())
        .isEqualTo("--config=/etc/otelcol-contrib/collector.yaml");
  }

  /** The repository path mounted at {@code containerPath} by {@code service}. */
  private Path mountedFile(JsonNode service, String containerPath) {
    for (JsonNode volume : service.path("volumes")) {
      String[] parts = volume.asText().split(":");
      if (parts.length >= 2 && parts[1].equals(containerPath) && parts[0].startsWith("./")) {
        return root.resolve(parts[0]).normalize();
      }
    }
    throw new AssertionError(
        "docker-compose.yml: nothing of the repository is mounted at " + containerPath);
  }

  static Map<String, JsonNode> services(JsonNode compose) {
    Map<String, JsonNode> services = new TreeMap<>();
    compose.path("services").properties().forEach(e -> services.put(e.getKey(), e.getValue()));
    return services;
  }
}
