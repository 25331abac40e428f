package io.fetchq.worker.callbacks.http;

import io.fetchq.kernel.destinations.DestinationPolicy;
import io.fetchq.kernel.destinations.UrlHost;
import io.fetchq.worker.callbacks.domain.DeliveryError;
import io.fetchq.worker.callbacks.domain.DeliveryResult;
import io.fetchq.worker.callbacks.domain.WebhookRequest;
import io.fetchq.worker.callbacks.usecase.WebhookSender;
import io.fetchq.worker.fetch.http.DestinationRefusedException;
import io.fetchq.worker.fetch.http.PolicyDnsResolver;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.SystemDefaultDnsResolver;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.util.Timeout;

/**
 * {@link WebhookSender} on Apache HttpClient 5 (classic, blocking), called from one virtual thread
 * per delivery, with its own connection pool (apart from the fetch client's). Connections go
 * through {@link PolicyDnsResolver}, so the destination rules apply to callback URLs exactly as to
 * fetches, including the address actually connected. Redirects are never followed. One deadline
 * covers the connection lease, connect, request, headers and body: when it expires the exchange is
 * cancelled. At most {@value #BODY_DISCARD_CAP} bytes of the response body are read and discarded;
 * beyond that the connection is aborted rather than drained.
 */
public final class ApacheWebhookSender implements WebhookSender, AutoCloseable {

  /** Bytes of a response body read (and discarded) so the connection can be reused. */
  static final int BODY_DISCARD_CAP = 4096;

  /**
   * Tuning.
   *
   * @param maxTotal connections in the pool (the callbacks in-flight limit)
   * @param maxPerRoute connections per route (the per-destination limit)
   * @param timeout the whole exchange's deadline
   * @param userAgent the User-Agent header
   */
  public record Settings(int maxTotal, int maxPerRoute, Duration timeout, String userAgent) {

    public Settings {
      if (maxTotal < 1 || maxPerRoute < 1) {
        throw new IllegalArgumentException("maxTotal and maxPerRoute must be >= 1");
      }
      Objects.requireNonNull(timeout, "timeout");
      if (timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("timeout must be positive");
      }
      Objects.requireNonNull(userAgent, "userAgent");
    }
  }

  private final Settings settings;
  private final DestinationPolicy policy;
  private final CloseableHttpClient client;
  private final ScheduledThreadPoolExecutor deadlines;

  public ApacheWebhookSender(Settings settings, DestinationPolicy policy) {
    this(settings, policy, SystemDefaultDnsResolver.INSTANCE);
  }

  /**
   * @param resolver resolves names; its answers are filtered by {@code policy}
   */
  public ApacheWebhookSender(Settings settings, DestinationPolicy policy, DnsResolver resolver) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.policy = Objects.requireNonNull(policy, "policy");
    this.client =
        HttpClients.custom()
            .setConnectionManager(
                PoolingHttpClientConnectionManagerBuilder.create()
                    .setDnsResolver(new PolicyDnsResolver(policy, resolver))
                    .setMaxConnTotal(settings.maxTotal())
                    .setMaxConnPerRoute(settings.maxPerRoute())
                    .setDefaultConnectionConfig(
                        ConnectionConfig.custom()
                            .setConnectTimeout(Timeout.of(settings.timeout()))
                            .build())
                    .build())
            .disableRedirectHandling()
            .disableAutomaticRetries()
            .disableCookieManagement()
            .disableAuthCaching()
            .disableContentCompression()
            .setUserAgent(settings.userAgent())
            .build();
    this.deadlines =
        new ScheduledThreadPoolExecutor(
            1, Thread.ofPlatform().name("fetchq-callback-deadlines").daemon().factory());
    this.deadlines.setRemoveOnCancelPolicy(true);
  }

  @Override
  public DeliveryResult send(WebhookRequest request) {
    URI uri;
    try {
      uri = URI.create(request.url());
    } catch (IllegalArgumentException e) {
      return refused("not a URL");
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    Optional<String> host = UrlHost.of(uri);
    if (!(scheme.equals("http") || scheme.equals("https")) || host.isEmpty()) {
      return refused("not an http(s) URL with a host");
    }
    if (!policy.permitsHost(host.get())) {
      return refused(host.get() + " is a refused address");
    }
    HttpPost post = new HttpPost(uri);
    request.headers().forEach(post::setHeader);
    post.setEntity(new ByteArrayEntity(request.body(), null));
    Timeout timeout = Timeout.of(settings.timeout());
    post.setConfig(
        RequestConfig.custom()
            .setConnectionRequestTimeout(timeout)
            .setResponseTimeout(timeout)
            .setRedirectsEnabled(false)
            .setHardCancellationEnabled(true)
            .build());
    AtomicBoolean expired = new AtomicBoolean();
    ScheduledFuture<?> expiry =
        deadlines.schedule(
            () -> {
              expired.set(true);
              post.cancel();
            },
            settings.timeout().toNanos(),
            TimeUnit.NANOSECONDS);
    try {
      ClassicHttpResponse response = client.executeOpen(null, post, null);
      try {
        int status = response.getCode();
        discard(response.getEntity(), post);
        return new DeliveryResult.Answered(status);
      } finally {
        closeQuietly(response);
      }
    } catch (IOException | RuntimeException e) {
      return failure(e, expired.get(), host.get());
    } finally {
      expiry.cancel(false);
    }
  }

  /** Reads up to {@link #BODY_DISCARD_CAP} bytes; a longer body aborts the connection. */
  private static void discard(HttpEntity entity, HttpPost post) throws IOException {
    if (entity == null) {
      return;
    }
    if (entity.getContentLength() > BODY_DISCARD_CAP) {
      post.cancel();
      return;
    }
    try (InputStream in = entity.getContent()) {
      if (in == null) {
        return;
      }
      byte[] buffer = new byte[1024];
      int total = 0;
      int n;
      while ((n = in.read(buffer)) >= 0) {
        total += n;
        if (total > BODY_DISCARD_CAP) {
          post.cancel();
          return;
        }
      }
    }
  }

  /** The body is read or deliberately abandoned by now: a failing close changes nothing. */
  private static void closeQuietly(ClassicHttpResponse response) {
    try {
      response.close();
    } catch (IOException | RuntimeException e) {
      // the pool discards the connection
    }
  }

  private DeliveryResult failure(Throwable e, boolean expired, String host) {
    if (find(e, DestinationRefusedException.class) != null) {
      return refused(host + " resolves only to refused addresses");
    }
    if (expired || find(e, java.net.SocketTimeoutException.class) != null) {
      return new DeliveryResult.NoAnswer(
          DeliveryError.TIMEOUT,
          "no complete answer within " + settings.timeout().toMillis() + " ms");
    }
    String message = e.getMessage();
    return new DeliveryResult.NoAnswer(
        DeliveryError.CONNECTION_ERROR,
        e.getClass().getSimpleName() + (message == null ? "" : ": " + message));
  }

  private static DeliveryResult refused(String detail) {
    return new DeliveryResult.NoAnswer(
        DeliveryError.DESTINATION_REFUSED, "destination refused: " + detail);
  }

  private static Throwable find(Throwable failure, Class<? extends Throwable> type) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (type.isInstance(t)) {
        return t;
      }
    }
    return null;
  }

  @Override
  public void close() {
    deadlines.shutdownNow();
    client.close(CloseMode.GRACEFUL);
  }
}
