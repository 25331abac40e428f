package io.fetchq.standalone;

import io.fetchq.testsupport.TestDatabase;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The settings every standalone application under test needs, as environment variables of a child
 * JVM or as arguments of an in-process application: its own database, data directory (and so its
 * own broker) and rate-limit keys in the shared Redis, local destinations allowed, and a known
 * bootstrap admin key. Tests add what they are about.
 */
public final class StandaloneSettings {

  private StandaloneSettings() {}

  /** The common settings; a mutable map, in a stable order, for the test to extend. */
  public static Map<String, String> of(TestDatabase database, Path dataDir, String adminKey) {
    Map<String, String> settings = new LinkedHashMap<>();
    settings.put("FETCHQ_DB_URL", database.jdbcUrl());
    settings.put("FETCHQ_DB_USER", database.username());
    settings.put("FETCHQ_DB_PASSWORD", database.password());
    settings.put("FETCHQ_STANDALONE_DATA_DIR", dataDir.toString());
    settings.put("FETCHQ_ALLOWED_CIDRS", "127.0.0.0/8");
    settings.put("FETCHQ_BOOTSTRAP_ADMIN_KEY", adminKey);
    settings.put("FETCHQ_RATE_LIMIT_KEY_PREFIX", "it-" + UUID.randomUUID() + ":");
    return settings;
  }

  /** A topic prefix of its own: {@code name}, a random part and a dot. */
  public static String topicPrefix(String name) {
    return name + UUID.randomUUID().toString().substring(0, 8) + ".";
  }

  /**
   * {@link #of} for an in-process application on random HTTP and broker ports, with its topics
   * under {@code topicPrefix}, plus {@code extra} settings.
   */
  public static String[] inProcessArgs(
      TestDatabase database,
      Path dataDir,
      String adminKey,
      String topicPrefix,
      Map<String, String> extra) {
    Map<String, String> settings = of(database, dataDir, adminKey);
    settings.put("FETCHQ_STANDALONE_KAFKA_PORT", "0");
    settings.put("FETCHQ_KAFKA_TOPIC_PREFIX", topicPrefix);
    settings.putAll(extra);
    return args(settings);
  }

  /** {@code settings} as Spring Boot command-line arguments, the HTTP port random. */
  public static String[] args(Map<String, String> settings) {
    String[] args = new String[settings.size() + 1];
    args[0] = "--server.port=0";
    int i = 1;
    for (Map.Entry<String, String> setting : settings.entrySet()) {
      args[i++] = "--" + setting.getKey() + "=" + setting.getValue();
    }
    return args;
  }
}
