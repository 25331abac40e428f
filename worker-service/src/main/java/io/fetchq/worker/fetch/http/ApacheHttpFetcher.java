package io.fetchq.worker.fetch.http;

import io.fetchq.kernel.destinations.DestinationPolicy;
import io.fetchq.worker.fetch.domain.FetchError;
import io.fetchq.worker.fetch.domain.FetchRequest;
import io.fetchq.worker.fetch.domain.FetchResponse;
import io.fetchq.worker.fetch.domain.FetchResult;
import io.fetchq.worker.fetch.usecase.Fetcher;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.hc.client5.http.SystemDefaultDnsResolver;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.util.Timeout;

/**
 * {@link Fetcher} on Apache HttpClient 5 (classic, blocking), called from one virtual thread per
 * job. Connections go through {@link PolicyDnsResolver}, so refused destinations are never
 * connected to. Each request has one deadline covering connection lease, connect, headers and body:
 * a scheduled {@code cancel()} aborts the exchange when it expires, so a slowly dripping body times
 * out too. Redirects are not followed, bodies are read up to a cap and the connection is aborted
 * rather than drained when a body exceeds it.
 */
public final class ApacheHttpFetcher implements Fetcher, AutoCloseable {

  /**
   * Tuning.
   *
   * @param maxTotal connections in the pool (the worker's in-flight limit)
   * @param maxPerHost connections per route (scheme, host, port)
   * @param connectTimeout upper bound on TCP/TLS connect; the job deadline may end it sooner
   * @param bodyCap bytes of a response body kept
   * @param userAgent User-Agent sent when the job sets none
   */
  public record Settings(
      int maxTotal, int maxPerHost, Duration connectTimeout, int bodyCap, String userAgent) {

    public Settings {
      if (maxTotal < 1 || maxPerHost < 1 || bodyCap < 0) {
        throw new IllegalArgumentException("maxTotal, maxPerHost >= 1 and bodyCap >= 0 required");
      }
      Objects.requireNonNull(connectTimeout, "connectTimeout");
      Objects.requireNonNull(userAgent, "userAgent");
    }
  }

  private final CloseableHttpClient client;
  private final ScheduledThreadPoolExecutor deadlines;
  private final int bodyCap;
  private final MeterRegistry meters;

  public ApacheHttpFetcher(Settings settings, DestinationPolicy policy, MeterRegistry meters) {
    this.bodyCap = settings.bodyCap();
    this.meters = Objects.requireNonNull(meters, "meters");
    PoolingHttpClientConnectionManager connections =
        PoolingHttpClientConnectionManagerBuilder.create()
            .setDnsResolver(new PolicyDnsResolver(policy, SystemDefaultDnsResolver.INSTANCE))
            .setMaxConnTotal(settings.maxTotal())
            .setMaxConnPerRoute(settings.maxPerHost())
            .setDefaultConnectionConfig(
                ConnectionConfig.custom()
                    .setConnectTimeout(Timeout.of(settings.connectTimeout()))
                    .build())
            .build();
    this.client =
        HttpClients.custom()
            .setConnectionManager(connections)
            .disableRedirectHandling()
            .disableAutomaticRetries()
            .disableCookieManagement()
            .disableAuthCaching()
            .disableContentCompression()
            .setUserAgent(settings.userAgent())
            .build();
    this.deadlines =
        new ScheduledThreadPoolExecutor(
            1, Thread.ofPlatform().name("fetchq-fetch-deadlines").daemon().factory());
    this.deadlines.setRemoveOnCancelPolicy(true);
  }

  @Override
  public FetchResult fetch(FetchRequest request) {
    Duration timeout = request.timeout();
    HttpUriRequestBase exchange = new HttpUriRequestBase(request.method(), request.url());
    request.headers().forEach(exchange::addHeader);
    if (request.body() != null) {
      exchange.setEntity(new ByteArrayEntity(request.body(), null));
    }
    exchange.setConfig(
        RequestConfig.custom()
            .setConnectionRequestTimeout(Timeout.of(timeout))
            .setResponseTimeout(Timeout.of(timeout))
            .setRedirectsEnabled(false)
            .setHardCancellationEnabled(true)
            .setContentCompressionEnabled(false)
            .build());
    AtomicBoolean expired = new AtomicBoolean();
    long started = System.nanoTime();
    ScheduledFuture<?> deadline =
        deadlines.schedule(
            () -> {
              expired.set(true);
              exchange.cancel();
            },
            timeout.toNanos(),
            TimeUnit.NANOSECONDS);
    FetchResult result;
    try {
      result = exchange(exchange, started);
    } catch (IOException | RuntimeException e) {
      result = FetchErrors.classify(e, expired.get(), timeout, request.url().getHost());
    } finally {
      deadline.cancel(false);
    }
    record(result, System.nanoTime() - started);
    return result;
  }

  private FetchResponse exchange(HttpUriRequestBase exchange, long started) throws IOException {
    ClassicHttpResponse response = client.executeOpen(null, exchange, null);
    try {
      HttpEntity entity = response.getEntity();
      CappedBody body =
          entity == null
              ? CappedBody.EMPTY
              : CappedBody.read(entity.getContent(), bodyCap, entity.getContentLength());
      if (body.truncated()) {
        exchange.cancel(); // close the connection instead of draining the rest of the body
      }
      Map<String, String> headers = ResponseHeaders.normalize(response.getHeaders());
      return new FetchResponse(
          response.getCode(),
          headers,
          body.bytes(),
          body.truncated(),
          body.size(),
          TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
    } finally {
      closeQuietly(response);
    }
  }

  /** The body is read (or deliberately abandoned) by now: a failing close changes nothing. */
  private static void closeQuietly(ClassicHttpResponse response) {
    try {
      response.close();
    } catch (IOException | RuntimeException e) {
      // the connection is discarded by the pool
    }
  }

  private void record(FetchResult result, long nanos) {
    String tag =
        switch (result) {
          case FetchResponse r -> (r.statusCode() / 100) + "xx";
          case FetchError e -> e.type().wireName();
        };
    Timer.builder("fetchq.worker.fetch.duration")
        .description("Time to perform one HTTP attempt, by status class or error type")
        .tag("result", tag)
        .register(meters)
        .record(nanos, TimeUnit.NANOSECONDS);
  }

  @Override
  public void close() {
    deadlines.shutdownNow();
    client.close(CloseMode.GRACEFUL);
  }
}
