package io.fetchq.worker.fetch.http;

import io.fetchq.kernel.destinations.DestinationPolicy;
import io.fetchq.worker.fetch.domain.ErrorType;
import io.fetchq.worker.fetch.domain.FetchError;
import io.fetchq.worker.fetch.domain.FetchRequest;
import io.fetchq.worker.fetch.domain.FetchResponse;
import io.fetchq.worker.fetch.domain.FetchResult;
import io.fetchq.worker.fetch.usecase.Fetcher;
import io.fetchq.worker.metrics.SloBuckets;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.SystemDefaultDnsResolver;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.HttpHeaders;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.util.Timeout;

/**
 * {@link Fetcher} on Apache HttpClient 5 (classic, blocking), called from one virtual thread per
 * job. Connections go through {@link PolicyDnsResolver}, so refused destinations are never
 * connected to. Each attempt has one deadline covering every hop's connection lease, connect,
 * headers and body: a scheduled {@code cancel()} aborts the exchange in flight when it expires, so
 * a slowly dripping body times out too. Bodies are read up to a cap and the connection is aborted
 * rather than drained when a body exceeds it.
 *
 * <p>Redirects are followed here, not by the client, and only when the job asks for them: up to
 * {@value #MAX_REDIRECTS} of 301, 302, 303, 307 and 308 per attempt; one more fails the attempt
 * with {@code too_many_redirects}. 303 turns the request into a GET (HEAD stays HEAD), 301 and 302
 * turn a POST into a GET, 307 and 308 keep method and body; a request turned into a GET loses its
 * body and the headers describing it. The {@code Location} is resolved against the current URL
 * (relative, scheme-relative and absolute forms); a 3xx without a usable {@code Location} is the
 * final response; a target that is not http(s) fails with {@code destination_refused}, and so does
 * a target host that is, or resolves only to, a refused address — in which case nothing is sent to
 * it. Once the chain leaves the job's origin (scheme, host, port), the sensitive headers ({@link
 * #DEFAULT_SENSITIVE_HEADERS} plus configured ones) are no longer sent, for the rest of the chain,
 * like browsers and curl do. Intermediate bodies are read up to {@value #REDIRECT_BODY_CAP} bytes
 * so the connection can be reused, or the connection is aborted. No cookies are kept between hops.
 */
public final class ApacheHttpFetcher implements Fetcher, AutoCloseable {

  /** Redirects followed per attempt. */
  public static final int MAX_REDIRECTS = 5;

  /** Bytes of a redirect response's body read (and discarded) before the connection is aborted. */
  static final int REDIRECT_BODY_CAP = 4096;

  /** Request headers never sent to another origin than the job's (lowercase). */
  public static final Set<String> DEFAULT_SENSITIVE_HEADERS =
      Set.of("authorization", "cookie", "proxy-authorization", "x-api-key");

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
  private final DestinationPolicy policy;
  private final Set<String> sensitiveHeaders;
  private final int bodyCap;
  private final MeterRegistry meters;

  /** Resolves names with the system resolver; strips {@link #DEFAULT_SENSITIVE_HEADERS}. */
  public ApacheHttpFetcher(Settings settings, DestinationPolicy policy, MeterRegistry meters) {
    this(settings, policy, meters, SystemDefaultDnsResolver.INSTANCE, Set.of());
  }

  /**
   * @param resolver resolves host names that are not numeric literals; its answers are filtered by
   *     {@code policy}
   * @param additionalSensitiveHeaders header names (any case) dropped, like {@link
   *     #DEFAULT_SENSITIVE_HEADERS}, when a redirect leaves the job's origin
   */
  public ApacheHttpFetcher(
      Settings settings,
      DestinationPolicy policy,
      MeterRegistry meters,
      DnsResolver resolver,
      Set<String> additionalSensitiveHeaders) {
    this.bodyCap = settings.bodyCap();
    this.policy = Objects.requireNonNull(policy, "policy");
    this.meters = Objects.requireNonNull(meters, "meters");
    this.sensitiveHeaders =
        Stream.concat(DEFAULT_SENSITIVE_HEADERS.stream(), additionalSensitiveHeaders.stream())
            .map(name -> name.strip().toLowerCase(Locale.ROOT))
            .filter(name -> !name.isEmpty())
            .collect(Collectors.toUnmodifiableSet());
    PoolingHttpClientConnectionManager connections =
        PoolingHttpClientConnectionManagerBuilder.create()
            .setDnsResolver(new PolicyDnsResolver(policy, resolver))
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
    long started = System.nanoTime();
    Deadline deadline = new Deadline(started + request.timeout().toNanos());
    ScheduledFuture<?> expiry =
        deadlines.schedule(deadline::expire, request.timeout().toNanos(), TimeUnit.NANOSECONDS);
    FetchResult result;
    try {
      result = follow(request, deadline, started);
    } finally {
      expiry.cancel(false);
    }
    record(result, System.nanoTime() - started);
    return result;
  }

  /** Sends the job's request, then each redirect it asks for, until a final response or error. */
  private FetchResult follow(FetchRequest request, Deadline deadline, long started) {
    Duration timeout = request.timeout();
    Hop hop = Hop.of(request);
    Endpoint origin = null;
    for (int redirects = 0; ; redirects++) {
      Optional<Endpoint> parsed = Endpoint.of(hop.url());
      if (parsed.isEmpty()) {
        return new FetchError(
            ErrorType.DESTINATION_REFUSED,
            "destination refused: not an http(s) URL with a host (scheme "
                + hop.url().getScheme()
                + ")");
      }
      Endpoint endpoint = parsed.get();
      if (!policy.permitsHost(endpoint.host())) {
        return FetchErrors.classify(
            DestinationRefusedException.literal(endpoint.host()), false, timeout, endpoint.host());
      }
      if (origin == null) {
        origin = endpoint;
      }
      if (!endpoint.sameOrigin(origin)) {
        hop = hop.withoutHeaders(sensitiveHeaders); // for good: later hops are built from this one
      }
      Step step;
      try {
        step = send(hop, endpoint, deadline, request.followRedirects(), started);
      } catch (IOException | RuntimeException e) {
        return FetchErrors.classify(e, deadline.expired(), timeout, endpoint.host());
      }
      switch (step) {
        case Step.Done done -> {
          return done.response();
        }
        case Step.Redirect redirect -> {
          if (redirects == MAX_REDIRECTS) {
            return new FetchError(
                ErrorType.TOO_MANY_REDIRECTS,
                "more than " + MAX_REDIRECTS + " redirects (last from " + endpoint.host() + ")");
          }
          hop = hop.redirected(redirect.status(), redirect.location());
        }
      }
    }
  }

  /** What one exchange of a chain produced. */
  private sealed interface Step {

    record Done(FetchResponse response) implements Step {}

    record Redirect(int status, URI location) implements Step {}
  }

  private Step send(Hop hop, Endpoint endpoint, Deadline deadline, boolean follow, long started)
      throws IOException {
    Timeout remaining = deadline.remaining();
    HttpUriRequestBase exchange = new HttpUriRequestBase(hop.method(), hop.url());
    exchange.setScheme(endpoint.scheme());
    exchange.setAuthority(endpoint.authority());
    hop.headers().forEach(exchange::addHeader);
    if (hop.body() != null) {
      exchange.setEntity(new ByteArrayEntity(hop.body(), null));
    }
    exchange.setConfig(
        RequestConfig.custom()
            .setConnectionRequestTimeout(remaining)
            .setResponseTimeout(remaining)
            .setRedirectsEnabled(false)
            .setHardCancellationEnabled(true)
            .setContentCompressionEnabled(false)
            .build());
    deadline.attach(exchange);
    ClassicHttpResponse response = client.executeOpen(endpoint.httpHost(), exchange, null);
    try {
      int status = response.getCode();
      if (follow && Redirects.isFollowed(status)) {
        Header location = response.getFirstHeader(HttpHeaders.LOCATION);
        Optional<URI> target =
            Redirects.location(hop.url(), location == null ? null : location.getValue());
        if (target.isPresent()) {
          discardBody(response, exchange);
          return new Step.Redirect(status, target.get());
        }
      }
      return new Step.Done(read(response, exchange, started));
    } finally {
      closeQuietly(response);
    }
  }

  private FetchResponse read(
      ClassicHttpResponse response, HttpUriRequestBase exchange, long started) throws IOException {
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
  }

  /** Reads a small redirect body so the connection can be reused; aborts it when larger. */
  private static void discardBody(ClassicHttpResponse response, HttpUriRequestBase exchange)
      throws IOException {
    HttpEntity entity = response.getEntity();
    if (entity == null) {
      return;
    }
    if (entity.getContentLength() > REDIRECT_BODY_CAP
        || CappedBody.read(entity.getContent(), REDIRECT_BODY_CAP, entity.getContentLength())
            .truncated()) {
      exchange.cancel();
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

  /**
   * The attempt's single deadline over all hops. {@link #expire()} runs on the scheduler thread and
   * cancels whichever exchange is in flight; an exchange attached after expiry is cancelled at once
   * (each side writes its flag before reading the other's, so one of them sees both).
   */
  private static final class Deadline {

    private final long endNanos;
    private final AtomicBoolean expired = new AtomicBoolean();
    private final AtomicReference<HttpUriRequestBase> current = new AtomicReference<>();

    Deadline(long endNanos) {
      this.endNanos = endNanos;
    }

    void expire() {
      expired.set(true);
      HttpUriRequestBase exchange = current.get();
      if (exchange != null) {
        exchange.cancel();
      }
    }

    void attach(HttpUriRequestBase exchange) {
      current.set(exchange);
      if (expired.get()) {
        exchange.cancel();
      }
    }

    /**
     * Whether the job's deadline has passed: fired, or due. A hop's socket timeout ends where the
     * deadline does ({@link #remaining}) and can go off before the scheduler's expiry runs (a busy
     * machine): that failure is the whole deadline's, not one read's.
     */
    boolean expired() {
      return expired.get() || System.nanoTime() - endNanos >= 0;
    }

    /**
     * Time left, rounded up to a whole millisecond so that a socket timeout never goes off before
     * the deadline; at least a millisecond (the client reads 0 as "no timeout").
     */
    Timeout remaining() {
      long left = endNanos - System.nanoTime();
      return Timeout.ofMilliseconds(Math.max(1, Math.ceilDiv(left, 1_000_000L)));
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
        .serviceLevelObjectives(SloBuckets.FETCH)
        .publishPercentileHistogram(false)
        .register(meters)
        .record(nanos, TimeUnit.NANOSECONDS);
  }

  @Override
  public void close() {
    deadlines.shutdownNow();
    client.close(CloseMode.GRACEFUL);
  }
}
