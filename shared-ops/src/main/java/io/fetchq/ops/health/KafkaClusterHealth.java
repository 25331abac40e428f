package io.fetchq.ops.health;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.DescribeClusterResult;
import org.apache.kafka.common.KafkaException;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.Status;

/**
 * Whether the Kafka cluster answers: one {@code describeCluster} (cluster id and broker count) with
 * a short timeout on a long-lived admin client. An unreachable cluster is reported with the status
 * the caller chooses ({@code DEGRADED} for the API, whose outbox keeps accepting; {@code DOWN} for
 * the worker) and the error, never an exception.
 */
public final class KafkaClusterHealth implements Supplier<Health>, AutoCloseable {

  private final Map<String, Object> adminConfig;
  private final Duration timeout;
  private final Status whenUnreachable;
  private Admin admin;

  /**
   * @param adminConfig admin client settings (bootstrap servers, security)
   * @param clientId the admin client's {@code client.id}
   * @param timeout how long one check may take
   * @param whenUnreachable the status reported when the cluster does not answer in time
   */
  public KafkaClusterHealth(
      Map<String, Object> adminConfig, String clientId, Duration timeout, Status whenUnreachable) {
    this.timeout = Objects.requireNonNull(timeout, "timeout");
    this.whenUnreachable = Objects.requireNonNull(whenUnreachable, "whenUnreachable");
    int millis = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
    this.adminConfig = new HashMap<>(adminConfig);
    this.adminConfig.put(AdminClientConfig.CLIENT_ID_CONFIG, clientId);
    this.adminConfig.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, millis);
    this.adminConfig.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, millis);
    // while the cluster is away, reconnect (and log about it) at most every 5 s
    this.adminConfig.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 5000);
  }

  @Override
  public synchronized Health get() {
    long millis = timeout.toMillis();
    try {
      DescribeClusterResult cluster =
          admin().describeCluster(new DescribeClusterOptions().timeoutMs((int) millis));
      String clusterId = cluster.clusterId().get(millis, TimeUnit.MILLISECONDS);
      int brokers = cluster.nodes().get(millis, TimeUnit.MILLISECONDS).size();
      return Health.up().withDetail("clusterId", clusterId).withDetail("brokers", brokers).build();
    } catch (ExecutionException e) {
      return unreachable(e.getCause());
    } catch (TimeoutException | KafkaException e) {
      return unreachable(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return unreachable(e);
    }
  }

  private Admin admin() {
    if (admin == null) {
      admin = Admin.create(adminConfig);
    }
    return admin;
  }

  private Health unreachable(Throwable error) {
    return Health.status(whenUnreachable)
        .withDetail("error", error.getClass().getSimpleName() + ": " + error.getMessage())
        .withDetail("timeoutMs", timeout.toMillis())
        .build();
  }

  @Override
  public synchronized void close() {
    if (admin != null) {
      admin.close(Duration.ofSeconds(1));
      admin = null;
    }
  }
}
