package io.fetchq.standalone.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fetchq.contracts.Topics;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The manifests of infra/k8s, read strictly into the Kubernetes object models (fabric8
 * kubernetes-model): a misspelt or misplaced field, which the models would keep aside as an
 * "additional property", fails the test, and so does a value of the wrong type. KEDA's ScaledObject
 * (no model here) is checked field by field against the keys KEDA documents. Then the references
 * between the objects and to the application's real names are checked.
 */
class KubernetesManifestsTest {

  private static final Map<String, Class<? extends HasMetadata>> MODELS =
      Map.of(
          "v1/Namespace", Namespace.class,
          "v1/ConfigMap", ConfigMap.class,
          "v1/Secret", Secret.class,
          "v1/Service", Service.class,
          "apps/v1/Deployment", Deployment.class,
          "policy/v1/PodDisruptionBudget", PodDisruptionBudget.class,
          "autoscaling/v2/HorizontalPodAutoscaler", HorizontalPodAutoscaler.class);

  private static final ObjectMapper STRICT =
      new ObjectMapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  private final Path k8s = InfraFiles.infra().resolve("k8s");
  private final List<HasMetadata> objects = new ArrayList<>();
  private final List<JsonNode> scaledObjects = new ArrayList<>();

  KubernetesManifestsTest() throws IOException {
    List<String> problems = new ArrayList<>();
    for (Path file : manifests()) {
      for (JsonNode document : InfraFiles.yamlDocuments(file)) {
        String type = document.path("apiVersion").asText() + "/" + document.path("kind").asText();
        if (type.equals("keda.sh/v1alpha1/ScaledObject")) {
          scaledObjects.add(document);
          continue;
        }
        Class<? extends HasMetadata> model = MODELS.get(type);
        if (model == null) {
          problems.add(file.getFileName() + ": unexpected " + type);
          continue;
        }
        try {
          HasMetadata object = STRICT.treeToValue(document, model);
          unknownFields(object, type + " " + object.getMetadata().getName(), problems);
          objects.add(object);
        } catch (IOException e) {
          problems.add(
              file.getFileName() + ": " + type + " does not fit the model: " + e.getMessage());
        }
      }
    }
    assertThat(problems).as("infra/k8s").isEmpty();
  }

  @Test
  void theManifestsHoldTheWholeDeployment() {
    assertThat(objects.stream().map(o -> o.getKind() + "/" + o.getMetadata().getName()))
        .containsExactlyInAnyOrder(
            "Namespace/fetchq",
            "ConfigMap/fetchq-config",
            "Secret/fetchq-secrets",
            "Deployment/fetchq-api",
            "Service/fetchq-api",
            "PodDisruptionBudget/fetchq-api",
            "HorizontalPodAutoscaler/fetchq-api",
            "Deployment/fetchq-worker",
            "Service/fetchq-worker",
            "PodDisruptionBudget/fetchq-worker");
    assertThat(scaledObjects).hasSize(1);
    assertThat(objects.stream().filter(o -> !(o instanceof Namespace)))
        .allSatisfy(o -> assertThat(o.getMetadata().getNamespace()).isEqualTo("fetchq"));
  }

  @Test
  void theKustomizationListsEveryManifest() throws IOException {
    JsonNode kustomization = InfraFiles.yaml(k8s.resolve("kustomization.yaml"));
    Set<String> listed = new TreeSet<>();
    kustomization.path("resources").forEach(r -> listed.add(r.asText()));

    assertThat(listed)
        .isEqualTo(
            new TreeSet<>(manifests().stream().map(f -> f.getFileName().toString()).toList()));
  }

  @Test
  void podsLogJsonLines() {
    assertThat(configMap().getData()).containsEntry("FETCHQ_LOG_FORMAT", "json");
  }

  @Test
  void everyContainerHasProbesResourcesAndNoPrivileges() {
    for (Deployment deployment : deployments()) {
      String name = deployment.getMetadata().getName();
      var pod = deployment.getSpec().getTemplate().getSpec();
      assertThat(deployment.getSpec().getTemplate().getMetadata().getLabels())
          .as(name + " selector matches its pods")
          .containsAllEntriesOf(deployment.getSpec().getSelector().getMatchLabels());
      assertThat(pod.getSecurityContext().getRunAsNonRoot()).as(name).isTrue();
      assertThat(pod.getSecurityContext().getRunAsUser())
          .as(name + ": the image's numeric user (Dockerfile USER 10001)")
          .isEqualTo(10001L);
      for (Container container : pod.getContainers()) {
        String where = name + "/" + container.getName();
        assertThat(container.getLivenessProbe().getHttpGet().getPath())
            .as(where)
            .isEqualTo("/actuator/health/liveness");
        assertThat(container.getReadinessProbe().getHttpGet().getPath())
            .as(where)
            .isEqualTo("/actuator/health/readiness");
        assertThat(container.getStartupProbe()).as(where + " startup probe").isNotNull();
        assertThat(container.getResources().getRequests()).as(where).containsKeys("cpu", "memory");
        assertThat(container.getResources().getLimits()).as(where).containsKey("memory");
        assertThat(container.getSecurityContext().getAllowPrivilegeEscalation())
            .as(where)
            .isFalse();
        assertThat(container.getSecurityContext().getCapabilities().getDrop())
            .as(where)
            .containsExactly("ALL");
        assertThat(container.getPorts())
            .anySatisfy(p -> assertThat(p.getContainerPort()).isEqualTo(8080));
        assertThat(container.getEnvFrom())
            .anySatisfy(e -> assertThat(e.getConfigMapRef().getName()).isEqualTo("fetchq-config"));
        container
            .getEnv()
            .forEach(
                env ->
                    assertThat(env.getValueFrom().getSecretKeyRef().getKey())
                        .as(where + " " + env.getName())
                        .isIn(secret().getStringData().keySet()));
      }
    }
  }

  @Test
  void servicesAndDisruptionBudgetsSelectTheirDeploymentsPods() {
    for (HasMetadata object : objects) {
      Map<String, String> selector =
          switch (object) {
            case Service s -> s.getSpec().getSelector();
            case PodDisruptionBudget p -> p.getSpec().getSelector().getMatchLabels();
            default -> null;
          };
      if (selector != null) {
        Deployment deployment = deployment(object.getMetadata().getName());
        assertThat(deployment.getSpec().getTemplate().getMetadata().getLabels())
            .as(object.getKind() + " " + object.getMetadata().getName())
            .containsAllEntriesOf(selector);
      }
    }
  }

  @Test
  void theApiScalesOnCpuBetweenTwoAndTen() {
    HorizontalPodAutoscaler hpa =
        objects.stream()
            .filter(HorizontalPodAutoscaler.class::isInstance)
            .map(HorizontalPodAutoscaler.class::cast)
            .findFirst()
            .orElseThrow();
    assertThat(hpa.getSpec().getScaleTargetRef().getKind()).isEqualTo("Deployment");
    assertThat(deployment(hpa.getSpec().getScaleTargetRef().getName())).isNotNull();
    assertThat(hpa.getSpec().getMinReplicas()).isEqualTo(2);
    assertThat(hpa.getSpec().getMaxReplicas()).isGreaterThan(2);
    assertThat(hpa.getSpec().getMetrics().get(0).getResource().getName()).isEqualTo("cpu");
  }

  @Test
  void kedaScalesTheWorkersOnTheLagOfTheirRealGroupAndTopic() throws IOException {
    JsonNode scaled = scaledObjects.get(0);
    List<String> problems = new ArrayList<>();
    unknownKeys(scaled, Set.of("apiVersion", "kind", "metadata", "spec"), "", problems);
    JsonNode spec = scaled.path("spec");
    unknownKeys(
        spec,
        Set.of(
            "scaleTargetRef",
            "pollingInterval",
            "cooldownPeriod",
            "initialCooldownPeriod",
            "idleReplicaCount",
            "minReplicaCount",
            "maxReplicaCount",
            "fallback",
            "advanced",
            "triggers"),
        "spec.",
        problems);
    unknownKeys(
        spec.path("scaleTargetRef"),
        Set.of("apiVersion", "kind", "name", "envSourceContainerName"),
        "spec.scaleTargetRef.",
        problems);
    assertThat(spec.path("triggers")).hasSize(2);
    for (JsonNode trigger : spec.path("triggers")) {
      String at = "spec.triggers[" + trigger.path("name").asText() + "].";
      unknownKeys(
          trigger,
          Set.of("type", "metadata", "name", "authenticationRef", "metricType", "useCachedMetrics"),
          at,
          problems);
      // KEDA's Kafka scaler parameters (keda.sh/docs/scalers/apache-kafka)
      unknownKeys(
          trigger.path("metadata"),
          Set.of(
              "bootstrapServers",
              "consumerGroup",
              "topic",
              "partitionLimitation",
              "lagThreshold",
              "activationLagThreshold",
              "offsetResetPolicy",
              "allowIdleConsumers",
              "scaleToZeroOnInvalidOffset",
              "excludePersistentLag",
              "limitToPartitionsWithLag",
              "ensureEvenDistributionOfPartitions",
              "version",
              "sasl",
              "tls"),
          at + "metadata.",
          problems);
    }
    assertThat(problems).as("ScaledObject").isEmpty();

    assertThat(spec.path("scaleTargetRef").path("name").asText()).isEqualTo("fetchq-worker");
    assertThat(deployment("fetchq-worker")).isNotNull();
    String prefix = defaultOf("fetchq-common.yml", "FETCHQ_KAFKA_TOPIC_PREFIX");
    String group = defaultOf("fetchq-worker.yml", "FETCHQ_WORKER_GROUP_ID");
    assertThat(prefix).isEqualTo(configMap().getData().get("FETCHQ_KAFKA_TOPIC_PREFIX"));
    assertThat(group).isEqualTo(configMap().getData().get("FETCHQ_WORKER_GROUP_ID"));
    assertThat(resource("fetchq-worker.yml"))
        .as("the callback group derives from the workers' group")
        .contains(
            "${FETCHQ_WORKER_CALLBACKS_GROUP_ID:${fetchq.worker.consumer.group-id}-callbacks}");
    Map<String, String> groupOfTopic =
        Map.of(
            Topics.name(prefix, Topics.JOBS),
            group,
            Topics.name(prefix, Topics.CALLBACKS),
            group + "-callbacks");
    for (JsonNode trigger : spec.path("triggers")) {
      JsonNode kafka = trigger.path("metadata");
      assertThat(trigger.path("type").asText()).isEqualTo("kafka");
      assertThat(groupOfTopic)
          .as("topic and consumer group of a worker consumer (WorkerProperties)")
          .containsEntry(kafka.path("topic").asText(), kafka.path("consumerGroup").asText());
      assertThat(kafka.path("bootstrapServers").asText())
          .isEqualTo(configMap().getData().get("FETCHQ_KAFKA_BOOTSTRAP"));
      assertThat(Integer.parseInt(kafka.path("lagThreshold").asText())).isPositive();
    }
    assertThat(spec.path("triggers").findValuesAsText("topic"))
        .containsExactlyInAnyOrderElementsOf(groupOfTopic.keySet());
    assertThat(spec.path("maxReplicaCount").asInt())
        .as("no more workers than partitions")
        .isLessThanOrEqualTo(
            Integer.parseInt(configMap().getData().get("FETCHQ_KAFKA_PARTITIONS")));
    assertThat(spec.path("minReplicaCount").asInt())
        .isBetween(1, spec.path("maxReplicaCount").asInt());
  }

  @Test
  void theStrictReadingRejectsAMisspeltField() throws IOException {
    String manifest =
        """
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: x}
        spec:
          replicas: 1
          template:
            spec:
              containers:
                - name: c
                  image: i:1
                  livenessProbes: {}
        """;
    JsonNode document = InfraFiles.yamlDocuments(manifest).get(0);
    List<String> problems = new ArrayList<>();
    unknownFields(STRICT.treeToValue(document, Deployment.class), "Deployment x", problems);

    assertThat(problems).singleElement().asString().contains("livenessProbes");
  }

  private List<Path> manifests() throws IOException {
    try (Stream<Path> files = Files.list(k8s)) {
      return files
          .filter(f -> f.getFileName().toString().endsWith(".yaml"))
          .filter(f -> !f.getFileName().toString().equals("kustomization.yaml"))
          .sorted()
          .toList();
    }
  }

  private List<Deployment> deployments() {
    return objects.stream()
        .filter(Deployment.class::isInstance)
        .map(Deployment.class::cast)
        .toList();
  }

  private Deployment deployment(String name) {
    return deployments().stream()
        .filter(d -> d.getMetadata().getName().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no Deployment " + name));
  }

  private ConfigMap configMap() {
    return objects.stream()
        .filter(ConfigMap.class::isInstance)
        .map(ConfigMap.class::cast)
        .findFirst()
        .orElseThrow();
  }

  private Secret secret() {
    return objects.stream()
        .filter(Secret.class::isInstance)
        .map(Secret.class::cast)
        .findFirst()
        .orElseThrow();
  }

  /** The default of {@code ${VARIABLE:default}} in a settings file on the classpath. */
  private static String defaultOf(String resource, String variable) throws IOException {
    Matcher matcher =
        Pattern.compile("\\$\\{" + variable + ":([^}]*)}").matcher(resource(resource));
    assertThat(matcher.find()).as(variable + " in " + resource).isTrue();
    return matcher.group(1);
  }

  private static String resource(String name) throws IOException {
    try (InputStream in =
        KubernetesManifestsTest.class.getClassLoader().getResourceAsStream(name)) {
      assertThat(in).as(name + " on the classpath").isNotNull();
      return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    }
  }

  private static void unknownKeys(
      JsonNode node, Set<String> known, String path, List<String> problems) {
    node.fieldNames()
        .forEachRemaining(
            name -> {
              if (!known.contains(name)) {
                problems.add("unknown field " + path + name);
              }
            });
  }

  /**
   * Walks a deserialized model object and reports every non-empty {@code additionalProperties}: the
   * fabric8 models keep fields they do not know there instead of failing.
   */
  static void unknownFields(Object root, String where, List<String> problems) {
    walk(root, where, problems, new IdentityHashMap<>());
  }

  private static void walk(
      Object value, String path, List<String> problems, IdentityHashMap<Object, Boolean> seen) {
    if (value == null || seen.put(value, Boolean.TRUE) != null) {
      return;
    }
    if (value instanceof Collection<?> collection) {
      int i = 0;
      for (Object element : collection) {
        walk(element, path + "[" + i++ + "]", problems, seen);
      }
      return;
    }
    if (value instanceof Map<?, ?> map) {
      map.forEach((k, v) -> walk(v, path + "." + k, problems, seen));
      return;
    }
    if (!value.getClass().getName().startsWith("io.fabric8.")) {
      return;
    }
    for (Class<?> type = value.getClass(); type != Object.class; type = type.getSuperclass()) {
      for (Field field : type.getDeclaredFields()) {
        if (Modifier.isStatic(field.getModifiers())) {
          continue;
        }
        field.setAccessible(true);
        Object child;
        try {
          child = field.get(value);
        } catch (IllegalAccessException e) {
          throw new IllegalStateException(e);
        }
        if (field.getName().equals("additionalProperties")) {
          if (child instanceof Map<?, ?> extra && !extra.isEmpty()) {
            problems.add(path + ": unknown field(s) " + extra.keySet());
          }
        } else {
          walk(child, path + "." + field.getName(), problems, seen);
        }
      }
    }
  }
}
