package io.fetchq.worker.fetch.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.fetchq.kernel.destinations.DestinationPolicy;
import io.fetchq.testsupport.TestTarget;
import io.fetchq.worker.fetch.domain.ErrorType;
import io.fetchq.worker.fetch.domain.FetchError;
import io.fetchq.worker.fetch.domain.FetchRequest;
import io.fetchq.worker.fetch.domain.FetchResponse;
import io.fetchq.worker.fetch.domain.FetchResult;
import io.fetchq.worker.metrics.SloBuckets;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ApacheHttpFetcherTest {

  private static final int CAP = 1024;

  private static TestTarget target;
  private static HttpServer odd;
  private static ApacheHttpFetcher fetcher;
  private static SimpleMeterRegistry meters;

  @BeforeAll
  static void start() throws IOException {
    target = TestTarget.start();
    odd = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
    odd.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    odd.createContext(
        "/drip",
        exchange -> {
          // headers at once, then one byte every 100 ms for 5 s: only an overall deadline stops it
          exchange.getResponseHeaders().set("Content-Type", "text/plain");
          exchange.sendResponseHeaders(200, 0);
          try (OutputStream out = exchange.getResponseBody()) {
            for (int i = 0; i < 50; i++) {
              out.write('x');
              out.flush();
              Thread.sleep(100);
            }
          } catch (IOException | InterruptedException e) {
            // the client went away
          }
        });
    odd.createContext(
        "/redirect",
        exchange -> {
          exchange.getResponseHeaders().set("Location", target.url("/ok"));
          exchange.sendResponseHeaders(302, -1);
          exchange.close();
        });
    odd.createContext(
        "/chunked",
        exchange -> {
          exchange.getResponseHeaders().add("X-Repeated", "one");
          exchange.getResponseHeaders().add("X-Repeated", "two");
          exchange.sendResponseHeaders(200, 0);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write("a".repeat(CAP + 10).getBytes(StandardCharsets.US_ASCII));
          }
        });
    odd.start();
    meters = new SimpleMeterRegistry();
    fetcher = newFetcher(DestinationPolicy.fromAllowedCidrs("127.0.0.0/8"));
  }

  @AfterAll
  static void stop() {
    fetcher.close();
    odd.stop(0);
    target.close();
  }

  private static ApacheHttpFetcher newFetcher(DestinationPolicy policy) {
    return new ApacheHttpFetcher(
        new ApacheHttpFetcher.Settings(32, 8, Duration.ofSeconds(5), CAP, "fetchq-test"),
        policy,
        meters);
  }

  private static FetchRequest get(String url, Duration timeout) {
    return new FetchRequest("GET", URI.create(url), Map.of(), null, timeout, false);
  }

  private static String oddUrl(String path) {
    return "http://127.0.0.1:" + odd.getAddress().getPort() + path;
  }

  @Test
  void fetchesATextResponseWithNormalisedHeaders() {
    FetchResult result = fetcher.fetch(get(target.url("/ok"), Duration.ofSeconds(5)));

    assertThat(result).isInstanceOf(FetchResponse.class);
    FetchResponse response = (FetchResponse) result;
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(new String(response.body(), StandardCharsets.UTF_8)).isEqualTo("ok");
    assertThat(response.headers()).containsEntry("content-type", "text/plain; charset=utf-8");
    assertThat(response.bodyTruncated()).isFalse();
    assertThat(response.bodySize()).isEqualTo(2L);
    assertThat(response.durationMs()).isNotNegative();
    assertThat(meters.get("fetchq.worker.fetch.duration").tag("result", "2xx").timer().count())
        .isPositive();
    assertThat(
            meters
                .get("fetchq.worker.fetch.duration")
                .tag("result", "2xx")
                .timer()
                .takeSnapshot()
                .histogramCounts())
        .extracting(b -> Duration.ofNanos((long) b.bucket()))
        .containsExactly(SloBuckets.FETCH);
  }

  @Test
  void sendsMethodHeadersAndBodyAsGiven() {
    byte[] body = "{\"n\":1}".getBytes(StandardCharsets.UTF_8);
    FetchRequest post =
        new FetchRequest(
            "POST",
            URI.create(target.url("/echo")),
            Map.of("X-Trace", "abc", "Content-Type", "application/json"),
            body,
            Duration.ofSeconds(5),
            false);

    FetchResponse response = (FetchResponse) fetcher.fetch(post);

    assertThat(new String(response.body(), StandardCharsets.UTF_8))
        .contains("\"method\":\"POST\"", "\"bodyLength\":7");
    TestTarget.Request seen = target.requests().getLast();
    assertThat(seen.body()).isEqualTo(body);
    assertThat(seen.headers()).containsEntry("X-trace", List.of("abc"));
    assertThat(seen.headers().get("Content-type")).containsExactly("application/json");
    assertThat(seen.headers().get("User-agent")).containsExactly("fetchq-test");
  }

  @Test
  void sendsNoBodyOnGetAndReadsNoneOnHead() {
    FetchResponse get =
        (FetchResponse) fetcher.fetch(get(target.url("/echo"), Duration.ofSeconds(5)));
    FetchResponse head =
        (FetchResponse)
            fetcher.fetch(
                new FetchRequest(
                    "HEAD",
                    URI.create(target.url("/ok")),
                    Map.of(),
                    null,
                    Duration.ofSeconds(5),
                    false));

    assertThat(new String(get.body(), StandardCharsets.UTF_8)).contains("\"bodyLength\":0");
    assertThat(head.statusCode()).isEqualTo(200);
    assertThat(head.body()).isEmpty();
  }

  @Test
  void anErrorStatusIsAFinalResponse() {
    FetchResponse response =
        (FetchResponse) fetcher.fetch(get(target.url("/status/503"), Duration.ofSeconds(5)));

    assertThat(response.statusCode()).isEqualTo(503);
  }

  @Test
  void doesNotFollowRedirects() {
    FetchResponse response =
        (FetchResponse) fetcher.fetch(get(oddUrl("/redirect"), Duration.ofSeconds(5)));

    assertThat(response.statusCode()).isEqualTo(302);
    assertThat(response.headers()).containsEntry("location", target.url("/ok"));
  }

  @Test
  void capsALargeBodyWithoutDownloadingIt() {
    long started = System.nanoTime();

    FetchResponse response =
        (FetchResponse) fetcher.fetch(get(target.url("/bytes/20000000"), Duration.ofSeconds(20)));

    assertThat(response.body()).hasSize(CAP);
    assertThat(response.bodyTruncated()).isTrue();
    assertThat(response.bodySize()).isEqualTo(20_000_000L);
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
    assertThat(fetcher.fetch(get(target.url("/ok"), Duration.ofSeconds(5))))
        .as("the pool still works after an aborted connection")
        .isInstanceOf(FetchResponse.class);
  }

  @Test
  void truncatesAChunkedBodyOfUnknownSizeAndJoinsRepeatedHeaders() {
    FetchResponse response =
        (FetchResponse) fetcher.fetch(get(oddUrl("/chunked"), Duration.ofSeconds(5)));

    assertThat(response.bodyTruncated()).isTrue();
    assertThat(response.bodySize()).isNull();
    assertThat(response.headers()).containsEntry("x-repeated", "one, two");
  }

  @Test
  void keepsBinaryBodiesByteForByte() {
    byte[] expected = new byte[512];
    new Random(42).nextBytes(expected);

    FetchResponse response =
        (FetchResponse) fetcher.fetch(get(target.url("/binary/512"), Duration.ofSeconds(5)));

    assertThat(response.body()).isEqualTo(expected);
  }

  @Test
  void timesOutWaitingForTheResponse() {
    long started = System.nanoTime();

    FetchResult result = fetcher.fetch(get(target.url("/delay/3000"), Duration.ofMillis(300)));

    // Either the socket's response timeout or the job's deadline fires first; both are a timeout.
    assertThat(result).isInstanceOf(FetchError.class);
    FetchError error = (FetchError) result;
    assertThat(error.type()).isEqualTo(ErrorType.TIMEOUT);
    assertThat(error.message()).contains("within 300 ms");
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));
  }

  @Test
  void timesOutASlowlyDrippingBody() {
    long started = System.nanoTime();

    FetchResult result = fetcher.fetch(get(oddUrl("/drip"), Duration.ofMillis(700)));

    assertThat(result).isInstanceOf(FetchError.class);
    assertThat(((FetchError) result).type()).isEqualTo(ErrorType.TIMEOUT);
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(3));
  }

  @Test
  void refusesLoopbackWhenNoRangeIsAllowed() {
    long before = target.hits("/json");
    try (ApacheHttpFetcher strict = newFetcher(DestinationPolicy.fromAllowedCidrs(""))) {
      FetchResult result = strict.fetch(get(target.url("/json"), Duration.ofSeconds(5)));

      assertThat(result).isInstanceOf(FetchError.class);
      assertThat(((FetchError) result).type()).isEqualTo(ErrorType.DESTINATION_REFUSED);
      FetchResult byName =
          strict.fetch(
              get(
                  "http://localhost:" + URI.create(target.baseUrl()).getPort() + "/json",
                  Duration.ofSeconds(5)));
      assertThat(((FetchError) byName).type()).isEqualTo(ErrorType.DESTINATION_REFUSED);
    }
    assertThat(target.hits("/json")).isEqualTo(before);
  }

  @Test
  void reportsARefusedConnection() throws IOException {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = socket.getLocalPort();
    }

    FetchResult result =
        fetcher.fetch(get("http://127.0.0.1:" + closedPort + "/", Duration.ofSeconds(5)));

    assertThat(((FetchError) result).type()).isEqualTo(ErrorType.CONNECT);
  }

  @Test
  void reportsAnUnknownHost() {
    FetchResult result = fetcher.fetch(get("http://no-such-host.invalid/", Duration.ofSeconds(5)));

    assertThat(((FetchError) result).type()).isEqualTo(ErrorType.DNS);
  }
}
