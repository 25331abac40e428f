package io.fetchq.standalone.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The Prometheus, alerting, Grafana and OpenTelemetry Collector configuration under infra/: the
 * references between them hold (datasources, mounted paths, pipelines), and every alert and panel
 * is complete. Which metric names they use is checked against the running application by {@link
 * ExportedMetricsIT}.
 */
class ObservabilityConfigTest {

  private final Path infra = InfraFiles.infra();
  private final Map<String, JsonNode> compose =
      ComposeFileTest.services(
          InfraFiles.yaml(InfraFiles.repositoryRoot().resolve("docker-compose.yml")));

  @Test
  void prometheusScrapesEveryApiAndWorkerReplicaAtTheActuatorEndpoint() {
    JsonNode config = InfraFiles.yaml(infra.resolve("prometheus/prometheus.yml"));
    Map<String, JsonNode> jobs = new TreeMap<>();
    config.path("scrape_configs").forEach(job -> jobs.put(job.path("job_name").asText(), job));

    for (Map.Entry<String, String> job :
        Map.of("fetchq-api", "api-service", "fetchq-worker", "worker-service").entrySet()) {
      JsonNode scrape = jobs.get(job.getKey());
      assertThat(scrape).as("scrape job " + job.getKey()).isNotNull();
      assertThat(scrape.path("metrics_path").asText()).isEqualTo("/actuator/prometheus");
      JsonNode discovery = scrape.path("dns_sd_configs").get(0);
      assertThat(discovery.path("names").get(0).asText())
          .as("every replica of the compose service")
          .isEqualTo(job.getValue());
      assertThat(discovery.path("type").asText()).isEqualTo("A");
      assertThat(discovery.path("port").asInt()).isEqualTo(8080);
      assertThat(compose).containsKey(job.getValue());
    }
    assertThat(config.path("rule_files").get(0).asText()).isEqualTo("/etc/prometheus/alerts.yml");
  }

  @Test
  void everyAlertRuleIsCompleteAndNamedOnce() {
    JsonNode rules = InfraFiles.yaml(InfraFiles.alertRules());
    Set<String> names = new HashSet<>();
    Set<String> slos = new HashSet<>();
    List<String> problems = new ArrayList<>();
    for (JsonNode group : rules.path("groups")) {
      for (JsonNode rule : group.path("rules")) {
        String name = rule.path("alert").asText("");
        if (name.isEmpty() || !names.add(name)) {
          problems.add("alert name missing or repeated: " + rule);
        }
        if (rule.path("expr").asText("").isBlank()) {
          problems.add(name + ": no expr");
        }
        if (!rule.path("for").asText("").matches("\\d+[smh]")) {
          problems.add(name + ": no 'for' duration");
        }
        if (!Set.of("critical", "warning")
            .contains(rule.path("labels").path("severity").asText())) {
          problems.add(name + ": severity must be critical or warning");
        }
        if (rule.path("annotations").path("summary").asText("").isBlank()) {
          problems.add(name + ": no summary");
        }
        if (!balanced(rule.path("expr").asText())) {
          problems.add(name + ": unbalanced brackets in " + rule.path("expr").asText());
        }
        if (rule.path("labels").has("slo")) {
          slos.add(rule.path("labels").path("slo").asText());
        }
      }
    }
    assertThat(problems).as(InfraFiles.alertRules().toString()).isEmpty();
    assertThat(slos)
        .as("the SLOs of issue 6 each have a rule on their own metric")
        .containsExactlyInAnyOrder(
            "submit-latency",
            "end-to-end-latency",
            "error-ratio",
            "dlq-growth",
            "consumer-lag",
            "outbox-age",
            "webhook-delivery");
  }

  @Test
  void grafanaProvisionsThePrometheusDatasourceAndTheDashboardDirectory() {
    JsonNode datasources =
        InfraFiles.yaml(infra.resolve("grafana/provisioning/datasources/datasources.yml"));
    Map<String, JsonNode> byUid = new TreeMap<>();
    datasources.path("datasources").forEach(d -> byUid.put(d.path("uid").asText(), d));
    assertThat(byUid.get("prometheus").path("type").asText()).isEqualTo("prometheus");
    assertThat(byUid.get("prometheus").path("url").asText()).isEqualTo("http://prometheus:9090");
    assertThat(byUid.get("jaeger").path("url").asText()).isEqualTo("http://jaeger:16686");

    JsonNode providers =
        InfraFiles.yaml(infra.resolve("grafana/provisioning/dashboards/dashboards.yml"));
    assertThat(providers.path("providers").get(0).path("options").path("path").asText())
        .as("where docker-compose.yml mounts infra/grafana/dashboards")
        .isEqualTo("/var/lib/grafana/dashboards");
  }

  @Test
  void everyDashboardPanelHasAQueryOnTheProvisionedDatasource() {
    List<String> problems = new ArrayList<>();
    Set<String> titles = new HashSet<>();
    for (Path file : InfraFiles.dashboards()) {
      JsonNode dashboard = InfraFiles.json(file);
      assertThat(dashboard.path("uid").asText()).as(file + " uid").isNotBlank();
      assertThat(dashboard.path("title").asText()).as(file + " title").isNotBlank();
      Set<Integer> ids = new HashSet<>();
      for (JsonNode panel : dashboard.path("panels")) {
        String title = panel.path("title").asText();
        if (!ids.add(panel.path("id").asInt())) {
          problems.add(file + ": panel id " + panel.path("id") + " repeated");
        }
        if (!panel.path("gridPos").has("w") || !panel.path("gridPos").has("h")) {
          problems.add(file + ": panel " + title + " without gridPos");
        }
        if (panel.path("type").asText().equals("row")) {
          continue;
        }
        titles.add(title);
        if (!panel.path("datasource").path("uid").asText().equals("prometheus")) {
          problems.add(file + ": panel " + title + " not on the provisioned Prometheus datasource");
        }
        if (panel.path("targets").isEmpty()) {
          problems.add(file + ": panel " + title + " has no query");
        }
        for (JsonNode target : panel.path("targets")) {
          if (target.path("expr").asText("").isBlank() || !balanced(target.path("expr").asText())) {
            problems.add(file + ": panel " + title + " has an empty or unbalanced query");
          }
        }
      }
    }
    assertThat(problems).isEmpty();
    assertThat(titles)
        .as("throughput, latency, lag, DLQ growth, breaker states, error rates, webhooks")
        .contains(
            "Attempts by outcome",
            "Submit latency (POST /api/v1/jobs)",
            "Worker in flight / waiting",
            "Dead letters",
            "Circuit breakers by state",
            "API error rates",
            "Webhook attempts by outcome",
            "Webhook delivery latency (event to 2xx)");
  }

  @Test
  void theCollectorReceivesOtlpAndExportsTracesToJaeger() {
    JsonNode collector = InfraFiles.yaml(infra.resolve("otel/collector.yaml"));
    JsonNode traces = collector.path("service").path("pipelines").path("traces");
    List<String> problems = new ArrayList<>();
    for (String kind : List.of("receivers", "processors", "exporters")) {
      for (JsonNode component : traces.path(kind)) {
        if (!collector.path(kind).has(component.asText())) {
          problems.add("traces pipeline names undefined " + kind + " " + component.asText());
        }
      }
    }
    for (JsonNode extension : collector.path("service").path("extensions")) {
      if (!collector.path("extensions").has(extension.asText())) {
        problems.add("undefined extension " + extension.asText());
      }
    }
    assertThat(problems).as("infra/otel/collector.yaml").isEmpty();
    assertThat(traces.path("receivers").get(0).asText()).isEqualTo("otlp");
    assertThat(collector.path("receivers").path("otlp").path("protocols").has("http")).isTrue();
    String endpoint = collector.path("exporters").path("otlp/jaeger").path("endpoint").asText();
    assertThat(endpoint).isEqualTo("jaeger:4317");
    assertThat(compose.get("jaeger").path("expose").toString()).contains("4317");
  }

  static boolean balanced(String expression) {
    StringBuilder open = new StringBuilder();
    boolean quoted = false;
    for (char c : expression.toCharArray()) {
      if (c == '"') {
        quoted = !quoted;
      } else if (!quoted && "([{".indexOf(c) >= 0) {
        open.append(c);
      } else if (!quoted && ")]}".indexOf(c) >= 0) {
        if (open.isEmpty() || "([{".indexOf(open.charAt(open.length() - 1)) != ")]}".indexOf(c)) {
          return false;
        }
        open.setLength(open.length() - 1);
      }
    }
    return open.isEmpty() && !quoted;
  }
}
