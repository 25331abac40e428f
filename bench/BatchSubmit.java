import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;

/**
 * Latency of POST /api/v1/batches with 1000 jobs against a running fetchq, one batch at a time:
 * WARMUP batches first (not counted), then RUNS measured ones; prints p50, p90 and max in
 * milliseconds. Run with a JDK >= 21: java bench/BatchSubmit.java
 */
public class BatchSubmit {
  public static void main(String[] args) throws Exception {
    String api = env("FETCHQ_API", "http://127.0.0.1:8080");
    String key = env("FETCHQ_KEY", "dev-admin-key");
    int size = Integer.parseInt(env("SIZE", "1000"));
    int warmup = Integer.parseInt(env("WARMUP", "10"));
    int runs = Integer.parseInt(env("RUNS", "30"));
    String job =
        "{\"url\": \"https://example.org/bench/%d\", \"headers\": {\"Accept\": \"application/json\"},"
            + " \"metadata\": {\"run\": \"bench\"}}";
    StringBuilder body = new StringBuilder("{\"jobs\": [");
    for (int i = 0; i < size; i++) {
      body.append(i == 0 ? "" : ",").append(job.formatted(i));
    }
    String json = body.append("]}").toString();
    HttpClient client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    long[] millis = new long[runs];
    for (int i = 0; i < warmup + runs; i++) {
      HttpRequest request =
          HttpRequest.newBuilder(URI.create(api + "/api/v1/batches"))
              .header("Authorization", "Bearer " + key)
              .header("Content-Type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofString(json))
              .build();
      long t0 = System.nanoTime();
      HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
      long elapsed = (System.nanoTime() - t0) / 1_000_000;
      if (response.statusCode() != 202) {
        throw new IllegalStateException(response.statusCode() + " " + response.body());
      }
      if (i >= warmup) {
        millis[i - warmup] = elapsed;
      }
    }
    Arrays.sort(millis);
    System.out.printf(
        "batch size=%d bytes=%d runs=%d p50_ms=%d p90_ms=%d max_ms=%d min_ms=%d%n",
        size,
        json.length(),
        runs,
        millis[runs / 2],
        millis[(int) Math.ceil(runs * 0.9) - 1],
        millis[runs - 1],
        millis[0]);
  }

  private static String env(String name, String fallback) {
    String value = System.getenv(name);
    return value == null || value.isBlank() ? fallback : value;
  }
}
