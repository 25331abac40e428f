package io.fetchq.standalone.kafka;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A single-node Kafka cluster (KRaft, broker and controller in one process) running inside this
 * JVM, with its data in a persistent directory: topics and committed offsets survive a restart on
 * the same directory, including a crash. The directory is formatted the first time only.
 *
 * <p>The client listener is {@code PLAINTEXT://127.0.0.1:<port>}; the controller listener takes a
 * free loopback port at every start. Topics are never created implicitly.
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(EmbeddedKafkaBroker.class);
  private static final int NODE_ID = 1;
  private static final String CONTROLLER_LISTENER = "CONTROLLER";

  private final KafkaRaftServer server;
  private final Path logDir;
  private final int port;
  private final boolean formatted;
  private final Duration startupTime;
  private final AtomicBoolean closed = new AtomicBoolean();

  private EmbeddedKafkaBroker(
      KafkaRaftServer server, Path logDir, int port, boolean formatted, Duration startupTime) {
    this.server = server;
    this.logDir = logDir;
    this.port = port;
    this.formatted = formatted;
    this.startupTime = startupTime;
  }

  /**
   * Starts a broker storing its data in {@code logDir} (created and formatted when it holds no
   * {@code meta.properties}) and returns once it answers clients.
   *
   * @param logDir the broker's data directory; kept across restarts
   * @param port the client port on 127.0.0.1, or 0 for a free one
   * @param timeout how long to wait for the broker to answer
   * @throws BrokerStartException when the port is taken, the directory is unusable or the broker
   *     does not answer within {@code timeout}
   */
  public static EmbeddedKafkaBroker start(Path logDir, int port, Duration timeout) {
    long begin = System.nanoTime();
    Path dir = logDir.toAbsolutePath().normalize();
    int clientPort = port == 0 ? freePort() : requireFreePort(port);
    int controllerPort = freePort();
    boolean formatNow = !Files.exists(dir.resolve("meta.properties"));
    if (!formatNow) {
      requireUnlocked(dir);
    }
    KafkaConfig config = new KafkaConfig(brokerConfig(dir, clientPort, controllerPort), false);
    if (formatNow) {
      format(dir);
    }
    KafkaRaftServer server = new KafkaRaftServer(config, Time.SYSTEM);
    try {
      server.startup();
      awaitClients(bootstrap(clientPort), timeout);
    } catch (RuntimeException e) {
      shutdownQuietly(server);
      throw e;
    }
    Duration took = Duration.ofNanos(System.nanoTime() - begin);
    log.info(
        "embedded kafka started bootstrap={} logDir={} formatted={} tookMs={}",
        bootstrap(clientPort),
        dir,
        formatNow,
        took.toMillis());
    return new EmbeddedKafkaBroker(server, dir, clientPort, formatNow, took);
  }

  /** The broker properties used for {@code logDir} and the two ports. Visible for tests. */
  static Map<String, Object> brokerConfig(Path logDir, int clientPort, int controllerPort) {
    Map<String, Object> props = new HashMap<>();
    props.put("process.roles", "broker,controller");
    props.put("node.id", Integer.toString(NODE_ID));
    props.put("controller.quorum.voters", NODE_ID + "@127.0.0.1:" + controllerPort);
    props.put(
        "listeners",
        "PLAINTEXT://127.0.0.1:"
            + clientPort
            + ","
            + CONTROLLER_LISTENER
            + "://127.0.0.1:"
            + controllerPort);
    props.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + clientPort);
    props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
    props.put("controller.listener.names", CONTROLLER_LISTENER);
    props.put("inter.broker.listener.name", "PLAINTEXT");
    props.put("log.dirs", logDir.toString());
    props.put("metadata.log.dir", logDir.toString());
    props.put("auto.create.topics.enable", "false");
    props.put("num.partitions", "12");
    props.put("default.replication.factor", "1");
    props.put("min.insync.replicas", "1");
    props.put("offsets.topic.replication.factor", "1");
    props.put("offsets.topic.num.partitions", "12");
    props.put("transaction.state.log.replication.factor", "1");
    props.put("transaction.state.log.min.isr", "1");
    props.put("transaction.state.log.num.partitions", "4");
    props.put("group.initial.rebalance.delay.ms", "0");
    // After a crash the controller keeps the dead incarnation's session alive for this long and
    // refuses the restarted broker's registration meanwhile (9 s by default). Controller and broker
    // share this JVM, so heartbeats only cross loopback.
    props.put("broker.session.timeout.ms", "2500");
    props.put("broker.heartbeat.interval.ms", "500");
    // The 128 MiB default allocates eagerly and can exhaust a small heap (STACK.md).
    props.put("log.cleaner.dedupe.buffer.size", Integer.toString(8 * 1024 * 1024));
    props.put("log.cleaner.threads", "1");
    props.put("num.network.threads", "2");
    props.put("num.io.threads", "4");
    props.put("num.recovery.threads.per.data.dir", "2");
    props.put("unclean.leader.election.enable", "false");
    props.put("delete.topic.enable", "true");
    return props;
  }

  private static void format(Path dir) {
    try {
      Files.createDirectories(dir);
      new Formatter()
          .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
          .setNodeId(NODE_ID)
          .setClusterId(Uuid.randomUuid().toString())
          .setDirectories(List.of(dir.toString()))
          .setMetadataLogDirectory(dir.toString())
          .setControllerListenerName(CONTROLLER_LISTENER)
          .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
          .run();
    } catch (Exception e) {
      throw new BrokerStartException(
          "fetchq: cannot prepare the Kafka data directory "
              + dir
              + " ("
              + e.getMessage()
              + "). Check that it is writable, or point fetchq.standalone.data-dir elsewhere.",
          e);
    }
  }

  private static void awaitClients(String bootstrap, Duration timeout) {
    Map<String, Object> config =
        Map.of(
            AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
            bootstrap,
            AdminClientConfig.CLIENT_ID_CONFIG,
            "fetchq-standalone-probe",
            AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
            (int) timeout.toMillis(),
            AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG,
            (int) timeout.toMillis());
    try (Admin admin = Admin.create(config)) {
      admin.describeCluster().nodes().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException | TimeoutException e) {
      throw new BrokerStartException(
          "fetchq: the embedded Kafka broker did not answer on "
              + bootstrap
              + " within "
              + timeout.toSeconds()
              + " s.",
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BrokerStartException("fetchq: interrupted while starting Kafka.", e);
    }
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new BrokerStartException("fetchq: no free local port for Kafka.", e);
    }
  }

  private static int requireFreePort(int port) {
    if (port < 1 || port > 65535) {
      throw new BrokerStartException(
          "fetchq: "
              + port
              + " is not a valid Kafka port. Set FETCHQ_STANDALONE_KAFKA_PORT to 1..65535, or 0 for a"
              + " free one.",
          null);
    }
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
      return port;
    } catch (IOException e) {
      throw new BrokerStartException(
          "fetchq: port "
              + port
              + " on 127.0.0.1 is already in use (another fetchq or Kafka?). Stop it, or set"
              + " FETCHQ_STANDALONE_KAFKA_PORT to a free port (0 picks one).",
          e);
    }
  }

  /** Kafka holds {@code .lock} while it runs: fail with a sentence rather than a stack trace. */
  private static void requireUnlocked(Path dir) {
    Path lockFile = dir.resolve(".lock");
    if (!Files.exists(lockFile)) {
      return;
    }
    try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.WRITE)) {
      FileLock lock = channel.tryLock();
      if (lock == null) {
        throw inUse(dir, null);
      }
      lock.release();
    } catch (OverlappingFileLockException e) {
      throw inUse(dir, e);
    } catch (IOException e) {
      throw new BrokerStartException(
          "fetchq: cannot open " + lockFile + " (" + e.getMessage() + ").", e);
    }
  }

  private static BrokerStartException inUse(Path dir, Throwable cause) {
    return new BrokerStartException(
        "fetchq: the Kafka data directory "
            + dir
            + " is in use by another fetchq process. Stop it, or give this one its own"
            + " fetchq.standalone.data-dir.",
        cause);
  }

  private static String bootstrap(int port) {
    return "127.0.0.1:" + port;
  }

  private static void shutdownQuietly(KafkaRaftServer server) {
    try {
      server.shutdown();
      server.awaitShutdown();
    } catch (RuntimeException e) {
      log.warn("embedded kafka shutdown after a failed start failed error={}", e.toString());
    }
  }

  /** {@code 127.0.0.1:<port>}, for {@code bootstrap.servers}. */
  public String bootstrapServers() {
    return bootstrap(port);
  }

  /** The client port. */
  public int port() {
    return port;
  }

  /** The broker's data directory (absolute). */
  public Path logDir() {
    return logDir;
  }

  /** Whether this start formatted a new, empty directory. */
  public boolean formatted() {
    return formatted;
  }

  /** How long the start took, formatting included. */
  public Duration startupTime() {
    return startupTime;
  }

  /** Whether {@link #close()} has run. */
  public boolean isClosed() {
    return closed.get();
  }

  /** Stops the broker and waits for it; data stays in {@link #logDir()}. Idempotent. */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      long begin = System.nanoTime();
      server.shutdown();
      server.awaitShutdown();
      log.info(
          "embedded kafka stopped tookMs={}",
          Duration.ofNanos(System.nanoTime() - begin).toMillis());
    }
  }
}
