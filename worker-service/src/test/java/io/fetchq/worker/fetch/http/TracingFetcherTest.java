package io.fetchq.worker.fetch.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fetchq.worker.callbacks.domain.DeliveryError;
import io.fetchq.worker.callbacks.domain.DeliveryResult;
import io.fetchq.worker.callbacks.domain.EventId;
import io.fetchq.worker.callbacks.domain.WebhookRequest;
import io.fetchq.worker.callbacks.http.TracingWebhookSender;
import io.fetchq.worker.fetch.domain.ErrorType;
import io.fetchq.worker.fetch.domain.FetchError;
import io.fetchq.worker.fetch.domain.FetchRequest;
import io.fetchq.worker.fetch.domain.FetchResponse;
import io.fetchq.worker.tracing.HttpSpans;
import io.fetchq.worker.tracing.Tracing;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.testing.junit5.OpenTelemetryExtension;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.MDC;

/** The CLIENT spans of the job fetch and of the webhook POST. */
class TracingFetcherTest {

  @RegisterExtension static final OpenTelemetryExtension OTEL = OpenTelemetryExtension.create();

  private static final AttributeKey<Long> STATUS =
      AttributeKey.longKey("http.response.status_code");
  private static final AttributeKey<String> ERROR = AttributeKey.stringKey("error.type");

  private final HttpSpans spans = new HttpSpans(new Tracing(OTEL.getOpenTelemetry()));

  private static FetchRequest request() {
    return new FetchRequest(
        "PUT",
        URI.create("https://example.org/items?apiKey=hidden"),
        Map.of("Authorization", "Bearer secret-xyz"),
        null,
        Duration.ofSeconds(1),
        true);
  }

  @Test
  void aFetchIsOneClientSpanWithItsStatusAndNoHeaders() {
    String[] duringFetch = new String[1];
    new TracingFetcher(
            r -> {
              duringFetch[0] =
                  Span.current().getSpanContext().getSpanId() + "/" + MDC.get("span_id");
              return new FetchResponse(404, Map.of(), new byte[0], false, 0L, 3);
            },
            spans)
        .fetch(request());

    SpanData span = OTEL.getSpans().getFirst();
    assertThat(duringFetch[0]).isEqualTo(span.getSpanId() + "/" + span.getSpanId());
    assertThat(MDC.get("span_id")).isNull();
    assertThat(span.getKind()).isEqualTo(SpanKind.CLIENT);
    assertThat(span.getName()).isEqualTo("PUT");
    assertThat(span.getAttributes().get(STATUS)).isEqualTo(404L);
    assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(span.getAttributes().asMap().toString())
        .doesNotContain("secret-xyz")
        .doesNotContain("hidden");
  }

  @Test
  void aFetchErrorOrExceptionIsRecordedAsTheErrorType() {
    new TracingFetcher(r -> new FetchError(ErrorType.TIMEOUT, "timed out"), spans).fetch(request());
    TracingFetcher throwing =
        new TracingFetcher(
            r -> {
              throw new IllegalStateException("boom");
            },
            spans);
    assertThatThrownBy(() -> throwing.fetch(request())).isInstanceOf(IllegalStateException.class);

    assertThat(OTEL.getSpans())
        .extracting(s -> s.getAttributes().get(ERROR))
        .containsExactly("timeout", IllegalStateException.class.getName());
  }

  @Test
  void aWebhookPostIsOneClientSpan() {
    WebhookRequest hook =
        new WebhookRequest(
            new EventId(UUID.randomUUID()),
            "http://127.0.0.1:9/hook?sig=1",
            "{}".getBytes(StandardCharsets.UTF_8),
            Map.of("webhook-signature", "v1,secret"));
    new TracingWebhookSender(r -> new DeliveryResult.Answered(204), spans).send(hook);
    new TracingWebhookSender(
            r -> new DeliveryResult.NoAnswer(DeliveryError.values()[0], "refused"), spans)
        .send(hook);
    TracingWebhookSender throwing =
        new TracingWebhookSender(
            r -> {
              throw new IllegalStateException("boom");
            },
            spans);
    assertThatThrownBy(() -> throwing.send(hook)).isInstanceOf(IllegalStateException.class);

    assertThat(OTEL.getSpans())
        .hasSize(3)
        .allSatisfy(s -> assertThat(s.getName()).isEqualTo("POST"));
    assertThat(OTEL.getSpans().get(0).getAttributes().get(STATUS)).isEqualTo(204L);
    assertThat(OTEL.getSpans().get(1).getAttributes().get(ERROR))
        .isEqualTo(DeliveryError.values()[0].wireName());
    assertThat(OTEL.getSpans().toString()).doesNotContain("v1,secret").doesNotContain("sig=1");
  }
}
