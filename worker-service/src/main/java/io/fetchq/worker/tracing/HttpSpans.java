package io.fetchq.worker.tracing;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * CLIENT spans for the worker's outbound HTTP requests, with the stable HTTP semantic-convention
 * attributes. The recorded URL never has a query, fragment or user info (they may hold secrets),
 * and no request or response header is ever recorded.
 */
public final class HttpSpans {

  static final AttributeKey<String> METHOD = AttributeKey.stringKey("http.request.method");
  static final AttributeKey<Long> STATUS = AttributeKey.longKey("http.response.status_code");
  static final AttributeKey<String> URL = AttributeKey.stringKey("url.full");
  static final AttributeKey<String> SCHEME = AttributeKey.stringKey("url.scheme");
  static final AttributeKey<String> SERVER = AttributeKey.stringKey("server.address");
  static final AttributeKey<Long> PORT = AttributeKey.longKey("server.port");
  static final AttributeKey<String> ERROR = AttributeKey.stringKey("error.type");

  private final Tracing tracing;

  public HttpSpans(Tracing tracing) {
    this.tracing = tracing;
  }

  /** Starts the CLIENT span of one request, a child of the current span. */
  public Span start(String method, URI url) {
    String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
    int port = url.getPort() != -1 ? url.getPort() : "https".equals(scheme) ? 443 : 80;
    String host = url.getHost() == null ? "" : url.getHost();
    return tracing
        .span(method, SpanKind.CLIENT)
        .setAttribute(METHOD, method)
        .setAttribute(URL, withoutSecrets(url))
        .setAttribute(SCHEME, scheme)
        .setAttribute(SERVER, host)
        .setAttribute(PORT, (long) port)
        .startSpan();
  }

  /** As {@link #start(String, URI)}; a URL that does not parse is recorded as its scheme only. */
  public Span start(String method, String url) {
    try {
      return start(method, new URI(url));
    } catch (URISyntaxException e) {
      return start(
          method, URI.create(url.startsWith("https:") ? "https://invalid/" : "http://invalid/"));
    }
  }

  /** Records the response's status; 4xx and 5xx mark the span as an error (client span rule). */
  public static void answered(Span span, int statusCode) {
    span.setAttribute(STATUS, (long) statusCode);
    if (statusCode >= 400) {
      span.setAttribute(ERROR, Integer.toString(statusCode));
      span.setStatus(StatusCode.ERROR);
    }
  }

  /** Records a request that got no answer. */
  public static void failed(Span span, String errorType) {
    span.setAttribute(ERROR, errorType);
    span.setStatus(StatusCode.ERROR);
  }

  /** {@code scheme://host[:port]/path}: no user info, query or fragment. */
  static String withoutSecrets(URI url) {
    StringBuilder out = new StringBuilder();
    out.append(url.getScheme()).append("://").append(url.getHost() == null ? "" : url.getHost());
    if (url.getPort() != -1) {
      out.append(':').append(url.getPort());
    }
    String path = url.getRawPath();
    out.append(path == null || path.isEmpty() ? "/" : path);
    return out.toString();
  }
}
