import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A quick submit-and-drain measurement against a running fetchq: starts a local target that
 * answers 200 "ok", submits N jobs from C concurrent clients, and prints submit throughput and
 * latency. The drain itself (time until every job is terminal) is measured by quick-drain.sh from
 * the jobs' own timestamps in PostgreSQL. Run with a JDK >= 21: java bench/QuickDrain.java
 */
public class QuickDrain {
  public static void main(String[] args) throws Exception {
    String api = env("FETCHQ_API", "http://127.0.0.1:8080");
    String key = env("FETCHQ_KEY", "dev-admin-key");
    int jobs = Integer.parseInt(env("JOBS", "10000"));
    int clients = Integer.parseInt(env("CLIENTS", "64"));
    String run = env("RUN_ID", Long.toString(System.currentTimeMillis(), 36));

    HttpServer target =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1024);
    target.createContext(
        "/",
        exchange -> {
          byte[] body = "ok".getBytes();
          exchange.getResponseHeaders().set("Content-Type", "text/plain");
          exchange.sendResponseHeaders(200, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    target.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    target.start();
    String url = "http://127.0.0.1:" + target.getAddress().getPort() + "/" + run + "/";

    HttpClient client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .executor(Executors.newVirtualThreadPerTaskExecutor())
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    long[] latencies = new long[jobs];
    AtomicInteger next = new AtomicInteger();
    AtomicInteger rejected = new AtomicInteger();
    Semaphore done = new Semaphore(0);
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
                        .POST(HttpRequest.BodyPublishers.ofString("{\"url\":\"" + url + i + "\"}"))
                        .build();
                long t0 = System.nanoTime();
                try {
                  int status = client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
                  if (status != 202) {
                    rejected.incrementAndGet();
                  }
                } catch (Exception e) {
                  rejected.incrementAndGet();
                }
                latencies[i] = System.nanoTime() - t0;
              }
              done.release();
              return null;
            });
      }
      done.acquire(clients);
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    Arrays.sort(latencies);
    System.out.printf(
        "run=%s submitted=%d rejected=%d clients=%d submit_seconds=%.2f submit_per_s=%.0f"
            + " submit_p50_ms=%.1f submit_p99_ms=%.1f%n",
        run,
        jobs,
        rejected.get(),
        clients,
        seconds,
        jobs / seconds,
        latencies[jobs / 2] / 1e6,
        latencies[(int) (jobs * 0.99)] / 1e6);
    if (!"false".equals(env("KEEP_TARGET", "true"))) {
      System.out.println("target still serving for the drain; press Ctrl-C or send EOF to stop");
      System.in.read();
    }
    target.stop(0);
    client.close();
  }

  private static String env(String name, String fallback) {
    String value = System.getenv(name);
    return value == null || value.isBlank() ? fallback : value;
  }
}
