import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Bounded-memory check against a running fetchq: a target that answers after DELAY_MS (default
 * 2000) on every 127.0.1.x address, JOBS (default 5000) jobs spread over HOSTS (default 100) of
 * those addresses, submitted in batches of BATCH (default 1000; BATCH=1 submits one job per
 * request from 64 clients), and while they drain, one fast job to 127.0.0.1 every 2 s whose
 * submit-to-completed latency is printed (other hosts' jobs must keep flowing). HOSTS=100 makes the
 * worker's global in-flight limit bind; HOSTS=1 (the literal case) makes the per-host limit
 * bind, so most jobs wait unclaimed in that host's lane. The target stops when the probes are done:
 * jobs still pending then fail to connect and open the host's breaker. Run with a JDK >= 21: java
 * bench/InFlight.java; sample the worker's heap and RSS alongside (bench/inflight.sh).
 */
public class InFlight {
  private static final Pattern STATUS = Pattern.compile("\"status\"\\s*:\\s*\"(\\w+)\"");
  private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*\"([0-9a-f-]+)\"");

  public static void main(String[] args) throws Exception {
    String api = env("FETCHQ_API", "http://127.0.0.1:8080");
    String key = env("FETCHQ_KEY", "dev-admin-key");
    int jobs = Integer.parseInt(env("JOBS", "5000"));
    int hosts = Integer.parseInt(env("HOSTS", "100"));
    long delay = Long.parseLong(env("DELAY_MS", "2000"));
    int probes = Integer.parseInt(env("PROBES", "30"));

    // Listens on every local address; traffic only ever goes to 127.0.0.0/8.
    HttpServer target = HttpServer.create(new InetSocketAddress(0), 4096);
    target.createContext(
        "/",
        exchange -> {
          if (exchange.getRequestURI().getPath().startsWith("/slow")) {
            try {
              Thread.sleep(delay);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          }
          byte[] body = "ok".getBytes();
          exchange.getResponseHeaders().set("Content-Type", "text/plain");
          exchange.sendResponseHeaders(200, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    target.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    target.start();
    int port = target.getAddress().getPort();

    HttpClient client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .executor(Executors.newVirtualThreadPerTaskExecutor())
            .build();
    AtomicInteger next = new AtomicInteger();
    long start = System.nanoTime();
    int batch = Integer.parseInt(env("BATCH", "1000"));
    if (batch > 1) {
      // 1000-job batches: the backlog builds within seconds, faster than any host can drain it
      for (int first = 0; first < jobs; first += batch) {
        StringBuilder body = new StringBuilder("{\"jobs\":[");
        for (int i = first; i < Math.min(jobs, first + batch); i++) {
          String url = "http://127.0.1." + (1 + i % hosts) + ":" + port + "/slow/" + i;
          body.append(i == first ? "" : ",").append("{\"url\":\"").append(url).append("\"}");
        }
        post(client, api + "/api/v1/batches", key, body.append("]}").toString());
      }
    } else {
      try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
        for (int c = 0; c < 64; c++) {
          pool.submit(
              () -> {
                for (int i = next.getAndIncrement(); i < jobs; i = next.getAndIncrement()) {
                  String url = "http://127.0.1." + (1 + i % hosts) + ":" + port + "/slow/" + i;
                  submit(client, api, key, url);
                }
                return null;
              });
        }
      }
    }
    System.out.printf(
        "submitted=%d slow jobs over %d hosts in %.1f s%n", jobs, hosts, (System.nanoTime() - start) / 1e9);
    for (int p = 0; p < probes; p++) {
      long t0 = System.nanoTime();
      String id = submit(client, api, key, "http://127.0.0.1:" + port + "/fast/" + p);
      String status = "queued";
      while (!status.equals("completed") && !status.equals("failed")) {
        Thread.sleep(20);
        HttpRequest get =
            HttpRequest.newBuilder(URI.create(api + "/api/v1/jobs/" + id))
                .header("Authorization", "Bearer " + key)
                .build();
        Matcher m = STATUS.matcher(client.send(get, HttpResponse.BodyHandlers.ofString()).body());
        status = m.find() ? m.group(1) : status;
      }
      System.out.printf(
          "t=%.0fs fast job %s in %d ms%n",
          (System.nanoTime() - start) / 1e9, status, (System.nanoTime() - t0) / 1_000_000);
      Thread.sleep(Duration.ofSeconds(2));
    }
    target.stop(0);
    client.close();
  }

  private static String submit(HttpClient client, String api, String key, String url)
      throws Exception {
    return post(client, api + "/api/v1/jobs", key, "{\"url\":\"" + url + "\"}");
  }

  /** POSTs {@code json}; the id of what was accepted. */
  private static String post(HttpClient client, String uri, String key, String json)
      throws Exception {
    HttpRequest post =
        HttpRequest.newBuilder(URI.create(uri))
            .header("Authorization", "Bearer " + key)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json))
            .build();
    String body = client.send(post, HttpResponse.BodyHandlers.ofString()).body();
    Matcher m = ID.matcher(body);
    if (!m.find()) {
      throw new IllegalStateException("not accepted: " + body);
    }
    return m.group(1);
  }

  private static String env(String name, String fallback) {
    String value = System.getenv(name);
    return value == null || value.isBlank() ? fallback : value;
  }
}
