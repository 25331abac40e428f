package io.fetchq.worker.callbacks.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import com.sun.net.httpserver.HttpServer;
import io.fetchq.kernel.destinations.DestinationPolicy;
import io.fetchq.worker.callbacks.domain.DeliveryError;
import io.fetchq.worker.callbacks.domain.DeliveryResult;
import io.fetchq.worker.callbacks.domain.EventId;
import io.fetchq.worker.callbacks.domain.WebhookRequest;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import org.apache.hc.client5.http.DnsResolver;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ApacheWebhookSenderTest {

  private static HttpServer server;
  private static final DestinationPolicy LOOPBACK_ALLOWED =
      DestinationPolicy.fromAllowedCidrs("127.0.0.0/8");

  @BeforeAll
  static void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    server.createContext(
        "/big",
        exchange -> {
          exchange.sendResponseHeaders(200, 0); // chunked, longer than the discard cap
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(new byte[64 * 1024]);
          } catch (IOException e) {
            // the sender aborted
          }
        });
    server.createContext(
        "/sized",
        exchange -> {
          byte[] body = new byte[10 * 1024];
          exchange.sendResponseHeaders(202, body.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
          } catch (IOException e) {
            // the sender aborted
          }
        });
    server.createContext(
        "/slow",
        exchange -> {
          try {
            Thread.sleep(3_000); // the receiver's own latency
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          exchange.close();
        });
    server.createContext(
        "/",
        exchange -> {
          byte[] body = exchange.getRequestBody().readAllBytes();
          int status = new String(body, StandardCharsets.UTF_8).equals("{}") ? 200 : 400;
          exchange.sendResponseHeaders(status, -1);
          exchange.close();
        });
    server.start();
  }

  @AfterAll
  static void stop() {
    server.stop(0);
  }

  private static WebhookRequest request(String url) {
    return new WebhookRequest(
        new EventId(UUID.randomUUID()),
        url,
        "{}".getBytes(StandardCharsets.UTF_8),
        Map.of("content-type", "application/json"));
  }

  private static String url(String path) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + path;
  }

  /** A generous timeout: the first exchange of a cold JVM may be slow. */
  private static ApacheWebhookSender sender(DestinationPolicy policy) {
    return sender(policy, Duration.ofSeconds(10));
  }

  private static ApacheWebhookSender sender(DestinationPolicy policy, Duration timeout) {
    return new ApacheWebhookSender(
        new ApacheWebhookSender.Settings(4, 2, timeout, "fetchq-webhooks/1"), policy);
  }

  @Test
  void postsTheBodyAndReportsTheStatus() {
    try (ApacheWebhookSender sender = sender(LOOPBACK_ALLOWED)) {
      assertThat(sender.send(request(url("/ok")))).isEqualTo(new DeliveryResult.Answered(200));
    }
  }

  @Test
  void aLongAnswerIsAbandonedButItsStatusCounts() {
    try (ApacheWebhookSender sender = sender(LOOPBACK_ALLOWED)) {
      assertThat(sender.send(request(url("/big")))).isEqualTo(new DeliveryResult.Answered(200));
      assertThat(sender.send(request(url("/sized")))).isEqualTo(new DeliveryResult.Answered(202));
    }
  }

  @Test
  void aSlowReceiverTimesOut() {
    try (ApacheWebhookSender sender = sender(LOOPBACK_ALLOWED, Duration.ofMillis(300))) {
      DeliveryResult result = sender.send(request(url("/slow")));

      assertThat(result)
          .isInstanceOfSatisfying(
              DeliveryResult.NoAnswer.class,
              r -> assertThat(r.error()).isEqualTo(DeliveryError.TIMEOUT));
    }
  }

  @Test
  void aClosedPortIsAConnectionError() throws IOException {
    int port;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    }
    try (ApacheWebhookSender sender = sender(LOOPBACK_ALLOWED)) {
      DeliveryResult result = sender.send(request("http://127.0.0.1:" + port + "/x"));

      assertThat(result)
          .isInstanceOfSatisfying(
              DeliveryResult.NoAnswer.class,
              r -> assertThat(r.error()).isEqualTo(DeliveryError.CONNECTION_ERROR));
    }
  }

  @Test
  void refusedDestinationsAreNeverContacted() {
    DestinationPolicy strict = DestinationPolicy.fromAllowedCidrs("");
    try (ApacheWebhookSender sender =
        new ApacheWebhookSender(
            new ApacheWebhookSender.Settings(4, 2, Duration.ofMillis(500), "ua"),
            strict,
            new LoopbackDns())) {
      for (String url :
          new String[] {
            url("/ok"),
            "http://2130706433/x",
            "http://rebind.example/x",
            "ftp://example.com/x",
            "http:///nohost",
            "not a url"
          }) {
        assertThat(sender.send(request(url)))
            .as(url)
            .isInstanceOfSatisfying(
                DeliveryResult.NoAnswer.class,
                r -> assertThat(r.error()).isEqualTo(DeliveryError.DESTINATION_REFUSED));
      }
    }
  }

  /** Resolves every name to the loopback address (a DNS-rebinding attempt). */
  private static final class LoopbackDns implements DnsResolver {
    @Override
    public InetAddress[] resolve(String host) {
      return new InetAddress[] {InetAddress.getLoopbackAddress()};
    }

    @Override
    public String resolveCanonicalHostname(String host) {
      return host;
    }
  }

  @Test
  void settingsAreChecked() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new ApacheWebhookSender.Settings(0, 1, Duration.ofSeconds(1), "ua"));
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new ApacheWebhookSender.Settings(1, 1, Duration.ZERO, "ua"));
  }
}
