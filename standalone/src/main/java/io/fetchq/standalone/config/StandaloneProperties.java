package io.fetchq.standalone.config;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of standalone mode ({@code fetchq.standalone.*}).
 *
 * @param dataDir where standalone mode keeps its state (the broker's log in {@code kafka/}); {@code
 *     FETCHQ_STANDALONE_DATA_DIR}
 * @param kafkaPort the embedded broker's client port on 127.0.0.1, 0 for a free one; {@code
 *     FETCHQ_STANDALONE_KAFKA_PORT}
 * @param kafkaStartTimeout how long the embedded broker may take to answer clients
 */
@Validated
@ConfigurationProperties("fetchq.standalone")
public record StandaloneProperties(
    @DefaultValue("./data") @NotNull Path dataDir,
    @DefaultValue("9092") @Min(0) @Max(65535) int kafkaPort,
    @DefaultValue("60s") @NotNull Duration kafkaStartTimeout) {

  /** The embedded broker's directory. */
  public Path kafkaDir() {
    return dataDir.resolve("kafka");
  }
}
