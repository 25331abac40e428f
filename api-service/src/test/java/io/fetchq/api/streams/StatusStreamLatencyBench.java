package io.fetchq.api.streams;

import static org.assertj.core.api.Assertions.assertThat;

import io.fetchq.api.ApiIntegrationTest;
import io.fetchq.api.TestApi;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Not a test (no IT suffix): measures how long a committed status change takes to reach an open
 * event stream (SQL UPDATE → trigger NOTIFY → listener → re-read → SSE event read by the client).
 * Run with {@code -Dit.test=StatusStreamLatencyBench}.
 */
class StatusStreamLatencyBench extends ApiIntegrationTest {

  private static final String[] CYCLE = {"running", "retrying"};

  @Test
  void measuresCommitToEventLatency() throws Exception {
    TestApi api = new TestApi(baseUrl(), ADMIN_KEY);
    String key = api.tenantKey(1000, 1000);
    String job = api.body(api.submit(key, "https://example.org/bench")).get("id").asText();
    HttpResponse<Stream<String>> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(baseUrl() + "/api/v1/jobs/" + job + "/events"))
                    .header("Authorization", "Bearer " + key)
                    .build(),
                HttpResponse.BodyHandlers.ofLines());
    BlockingQueue<Long> arrivals = new LinkedBlockingQueue<>();
    Thread.ofVirtual()
        .start(
            () ->
                response
                    .body()
                    .filter(line -> line.startsWith("data:"))
                    .forEach(line -> arrivals.add(System.nanoTime())));
    assertThat(arrivals.poll(10, TimeUnit.SECONDS)).isNotNull();
    List<Long> micros = new ArrayList<>();
    int rounds = 500;
    for (int i = 0; i < rounds; i++) {
      long before = System.nanoTime();
      jdbc()
          .sql("UPDATE jobs SET status = ? WHERE id = ?::uuid")
          .param(CYCLE[i % 2])
          .param(job)
          .update();
      Long arrived = arrivals.poll(10, TimeUnit.SECONDS);
      assertThat(arrived).isNotNull();
      micros.add((arrived - before) / 1000);
    }
    List<Long> warm = new ArrayList<>(micros.subList(50, rounds));
    Collections.sort(warm);
    System.out.printf(
        "STREAM LATENCY commit->event n=%d p50=%.2fms p90=%.2fms p99=%.2fms max=%.2fms%n",
        warm.size(),
        warm.get(warm.size() / 2) / 1000.0,
        warm.get(warm.size() * 90 / 100) / 1000.0,
        warm.get(warm.size() * 99 / 100) / 1000.0,
        warm.getLast() / 1000.0);
    response.body().close();
  }

  @Test
  void measuresFanOutToManyStreamsOfOneJob() throws Exception {
    TestApi api = new TestApi(baseUrl(), ADMIN_KEY);
    String key = api.tenantKey(1000, 1000);
    String job = api.body(api.submit(key, "https://example.org/fanout")).get("id").asText();
    int streams = 200;
    HttpClient http = HttpClient.newHttpClient();
    List<BlockingQueue<Long>> queues = new ArrayList<>();
    List<HttpResponse<Stream<String>>> responses = new ArrayList<>();
    for (int s = 0; s < streams; s++) {
      BlockingQueue<Long> arrivals = new LinkedBlockingQueue<>();
      HttpResponse<Stream<String>> response =
          http.send(
              HttpRequest.newBuilder(URI.create(baseUrl() + "/api/v1/jobs/" + job + "/events"))
                  .header("Authorization", "Bearer " + key)
                  .build(),
              HttpResponse.BodyHandlers.ofLines());
      Thread.ofVirtual()
          .start(
              () ->
                  response
                      .body()
                      .filter(line -> line.startsWith("data:"))
                      .forEach(line -> arrivals.add(System.nanoTime())));
      assertThat(arrivals.poll(10, TimeUnit.SECONDS)).isNotNull();
      queues.add(arrivals);
      responses.add(response);
    }
    List<Long> lastMicros = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      long before = System.nanoTime();
      jdbc()
          .sql("UPDATE jobs SET status = ? WHERE id = ?::uuid")
          .param(CYCLE[i % 2])
          .param(job)
          .update();
      long last = 0;
      for (BlockingQueue<Long> queue : queues) {
        Long arrived = queue.poll(10, TimeUnit.SECONDS);
        assertThat(arrived).isNotNull();
        last = Math.max(last, arrived);
      }
      lastMicros.add((last - before) / 1000);
    }
    List<Long> warm = new ArrayList<>(lastMicros.subList(5, lastMicros.size()));
    Collections.sort(warm);
    System.out.printf(
        "STREAM FANOUT streams=%d commit->last event n=%d p50=%.2fms max=%.2fms%n",
        streams, warm.size(), warm.get(warm.size() / 2) / 1000.0, warm.getLast() / 1000.0);
    responses.forEach(response -> response.body().close());
  }
}
