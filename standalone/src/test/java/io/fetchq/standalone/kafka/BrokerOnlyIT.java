package io.fetchq.standalone.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BrokerOnlyIT {

  @TempDir Path dataDir;

  @Test
  void startsABrokerFromTheStandaloneSettingsThatClientsCanUse() throws Exception {
    Map<String, String> env =
        Map.of(
            "FETCHQ_STANDALONE_DATA_DIR", dataDir.toString(), "FETCHQ_STANDALONE_KAFKA_PORT", "0");
    try (EmbeddedKafkaBroker broker = BrokerOnly.start(env)) {
      assertThat(Files.exists(dataDir.resolve("kafka").resolve("meta.properties"))).isTrue();
      Properties props = new Properties();
      props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
      try (Admin admin = Admin.create(props)) {
        assertThat(admin.describeCluster().nodes().get(30, TimeUnit.SECONDS)).hasSize(1);
      }
    }
  }
}
