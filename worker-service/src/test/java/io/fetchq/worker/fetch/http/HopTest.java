package io.fetchq.worker.fetch.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.fetchq.worker.fetch.domain.FetchRequest;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class HopTest {

  private static final URI NEXT = URI.create("http://next.example/");

  private static Hop post() {
    return Hop.of(
        new FetchRequest(
            "POST",
            URI.create("http://example.org/"),
            Map.of(
                "Content-Type", "application/json",
                "content-encoding", "gzip",
                "Content-Language", "en",
                "Content-Location", "/x",
                "Authorization", "Bearer t",
                "X-Trace", "t1"),
            "{}".getBytes(StandardCharsets.UTF_8),
            Duration.ofSeconds(1),
            true));
  }

  @Test
  void printsHeaderNamesButNoValueOrBody() {
    Hop hop = post();

    assertThat(hop.toString()).contains("Authorization", "bodyBytes=2").doesNotContain("Bearer t");
    assertThat(fetchRequestOf(hop).toString())
        .contains("Authorization", "bodyBytes=2")
        .doesNotContain("Bearer t");
  }

  private static FetchRequest fetchRequestOf(Hop hop) {
    return new FetchRequest(
        hop.method(), hop.url(), hop.headers(), hop.body(), Duration.ofSeconds(1), true);
  }

  @Test
  void aPostTurnedIntoAGetLosesItsBodyAndBodyHeaders() {
    Hop next = post().redirected(302, NEXT);

    assertThat(next.method()).isEqualTo("GET");
    assertThat(next.url()).isEqualTo(NEXT);
    assertThat(next.body()).isNull();
    assertThat(next.headers()).containsOnlyKeys("Authorization", "X-Trace");
  }

  @Test
  void aRedirectKeepingTheMethodKeepsBodyAndHeaders() {
    Hop next = post().redirected(308, NEXT);

    assertThat(next.method()).isEqualTo("POST");
    assertThat(next.body()).asString(StandardCharsets.UTF_8).isEqualTo("{}");
    assertThat(next.headers()).hasSize(6);
  }

  @Test
  void dropsNamedHeadersInAnyCase() {
    Hop next = post().withoutHeaders(Set.of("authorization", "x-trace"));

    assertThat(next.headers()).doesNotContainKeys("Authorization", "X-Trace").hasSize(4);
    assertThat(next.body()).isNotNull();
  }
}
