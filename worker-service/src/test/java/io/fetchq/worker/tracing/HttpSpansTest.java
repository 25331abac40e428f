package io.fetchq.worker.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.testing.junit5.OpenTelemetryExtension;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.net.URI;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class HttpSpansTest {

  @RegisterExtension static final OpenTelemetryExtension OTEL = OpenTelemetryExtension.create();

  private final HttpSpans spans = new HttpSpans(new Tracing(OTEL.getOpenTelemetry()));

  @Test
  void theRecordedUrlHasNoUserInfoQueryOrFragment() {
    assertThat(HttpSpans.withoutSecrets(URI.create("https://user:pw@api.example.com/a/b?key=s#f")))
        .isEqualTo("https://api.example.com/a/b");
    assertThat(HttpSpans.withoutSecrets(URI.create("http://example.com:8080?x=1")))
        .isEqualTo("http://example.com:8080/");
  }

  @Test
  void anAnsweredRequestRecordsMethodServerAndStatus() {
    var span = spans.start("GET", URI.create("https://example.com/items?token=secret"));
    HttpSpans.answered(span, 200);
    span.end();

    SpanData data = OTEL.getSpans().getFirst();
    assertThat(data.getKind()).isEqualTo(SpanKind.CLIENT);
    assertThat(data.getName()).isEqualTo("GET");
    assertThat(data.getAttributes().get(HttpSpans.METHOD)).isEqualTo("GET");
    assertThat(data.getAttributes().get(HttpSpans.SERVER)).isEqualTo("example.com");
    assertThat(data.getAttributes().get(HttpSpans.PORT)).isEqualTo(443L);
    assertThat(data.getAttributes().get(HttpSpans.SCHEME)).isEqualTo("https");
    assertThat(data.getAttributes().get(HttpSpans.STATUS)).isEqualTo(200L);
    assertThat(data.getAttributes().get(HttpSpans.URL)).isEqualTo("https://example.com/items");
    assertThat(data.getAttributes().asMap().toString()).doesNotContain("secret");
    assertThat(data.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
  }

  @Test
  void errorsAndServerErrorsMarkTheSpan() {
    var answered = spans.start("POST", "http://example.com/hook");
    HttpSpans.answered(answered, 503);
    answered.end();
    var failed = spans.start("POST", "http://exa mple.com/");
    HttpSpans.failed(failed, "timeout");
    failed.end();

    SpanData first = OTEL.getSpans().get(0);
    assertThat(first.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(first.getAttributes().get(AttributeKey.stringKey("error.type"))).isEqualTo("503");
    assertThat(first.getAttributes().get(HttpSpans.PORT)).isEqualTo(80L);
    SpanData second = OTEL.getSpans().get(1);
    assertThat(second.getAttributes().get(HttpSpans.ERROR)).isEqualTo("timeout");
    assertThat(second.getAttributes().get(HttpSpans.SERVER)).isEqualTo("invalid");
  }
}
