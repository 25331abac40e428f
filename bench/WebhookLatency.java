import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Webhook delivery latency after completion, against a running fetchq started with
 * FETCHQ_ALLOWED_CIDRS=127.0.0.0/8: a local receiver answers 204 to every callback and notes when
 * it arrived; JOBS jobs (default 2000, CLIENTS concurrent submitters, default 8) fetch a local
 * target with callbackUrl pointing at the receiver. Latency = arrival at the receiver minus the
 * job's completedAt (the event's data, i.e. the commit of the terminal transition), same clock.
 * Prints p50/p90/p99/max and how many events arrived more than once.
 * Run with a JDK >= 21: java bench/WebhookLatency.java
 */
public class WebhookLatency {
  private static final Pattern COMPLETED_AT =
      Pattern.compile("\"completedAt\"\\s*:\\s*\"([^\"]+)\"");

  public static void main(String[] args) throws Exception {
    String api = env("FETCHQ_API", "http://127.0.0.1:8080");
    String key = env("FETCHQ_KEY", "dev-admin-key");
    int jobs = Integer.parseInt(env("JOBS", "2000"));
    int clients = Integer.parseInt(env("CLIENTS", "8"));

    Map<String, Long> latencyMicros = new ConcurrentHashMap<>();
    AtomicInteger duplicates = new AtomicInteger();
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1024);
    server.createContext(
        "/target",
        exchange -> {
          byte[] body = "ok".getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(200, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    server.createContext(
        "/hook",
        exchange -> {
          Instant arrived = Instant.now();
          String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
          String id = exchange.getRequestHeaders().getFirst("webhook-id");
          exchange.sendResponseHeaders(204, -1);
          exchange.close();
          Matcher m = COMPLETED_AT.matcher(body);
          if (id != null && m.find()) {
            long micros = Duration.between(Instant.parse(m.group(1)), arrived).toNanos() / 1000;
            if (latencyMicros.putIfAbsent(id, micros) != null) {
              duplicates.incrementAndGet();
            }
          }
        });
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    server.start();
    String base = "http://127.0.0.1:" + server.getAddress().getPort();
    String job =
        "{\"url\":\"" + base + "/target\",\"callbackUrl\":\"" + base + "/hook\"}";

    HttpClient client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .executor(Executors.newVirtualThreadPerTaskExecutor())
            .build();
    AtomicInteger next = new AtomicInteger();
    AtomicInteger refused = new AtomicInteger();
    long start = System.nanoTime();
    try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int c = 0; c < clients; c++) {
        pool.submit(
            () -> {
              for (int i = next.getAndIncrement(); i < jobs; i = next.getAndIncrement()) {
                HttpRequest request =
                    HttpRequest.newBuilder(URI.create(api + "/api/v1/jobs"))
                        .header("Authorization", "Bearer " + key)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(job))
                        .build();
                HttpResponse<Void> response =
                    client.send(request, HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() != 202) {
                  refused.incrementAndGet();
                }
              }
              return null;
            });
      }
    }
    double submitSeconds = (System.nanoTime() - start) / 1e9;
    System.out.printf(
        "submitted=%d refused=%d seconds=%.1f rate=%.0f/s%n",
        jobs, refused.get(), submitSeconds, jobs / submitSeconds);
    long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
    while (latencyMicros.size() < jobs - refused.get() && System.nanoTime() < deadline) {
      Thread.sleep(200);
    }
    long[] sorted = latencyMicros.values().stream().mapToLong(Long::longValue).sorted().toArray();
    System.out.printf(
        "delivered=%d duplicates=%d latency_ms p50=%.1f p90=%.1f p99=%.1f max=%.1f%n",
        sorted.length,
        duplicates.get(),
        pct(sorted, 0.50),
        pct(sorted, 0.90),
        pct(sorted, 0.99),
        sorted.length == 0 ? 0 : sorted[sorted.length - 1] / 1000.0);
    server.stop(0);
  }

  private static double pct(long[] sorted, double p) {
    if (sorted.length == 0) {
      return 0;
    }
    return sorted[(int) Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)] / 1000.0;
  }

  private static String env(String name, String fallback) {
    String value = System.getenv(name);
    return value == null || value.isBlank() ? fallback : value;
  }
}
