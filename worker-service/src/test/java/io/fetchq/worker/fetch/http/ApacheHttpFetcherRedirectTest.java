package io.fetchq.worker.fetch.http;

import static io.fetchq.worker.fetch.http.LocalServer.param;
import static io.fetchq.worker.fetch.http.LocalServer.respond;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import io.fetchq.kernel.destinations.DestinationPolicy;
import io.fetchq.worker.fetch.domain.ErrorType;
import io.fetchq.worker.fetch.domain.FetchError;
import io.fetchq.worker.fetch.domain.FetchRequest;
import io.fetchq.worker.fetch.domain.FetchResponse;
import io.fetchq.worker.fetch.domain.FetchResult;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Redirect following against local servers. The policy allows only 127.0.0.1, so 127.0.0.2 (where a
 * {@link Trap} listens) stands for an internal address a redirect must never reach.
 */
class ApacheHttpFetcherRedirectTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(5);

  private static LocalServer server;
  private static LocalServer otherPort;
  private static Trap trap;
  private static FakeDns dns;
  private static ApacheHttpFetcher fetcher;

  @BeforeAll
  static void start() {
    server = LocalServer.start("127.0.0.1", 0, ApacheHttpFetcherRedirectTest::handle);
    otherPort = LocalServer.start("127.0.0.1", 0, ApacheHttpFetcherRedirectTest::handle);
    trap = Trap.on("127.0.0.2", 0);
    dns =
        new FakeDns()
            .answer("localhost", "127.0.0.1")
            .answer("refused.test", "127.0.0.2")
            .answer("metadata.test", "169.254.169.254");
    fetcher =
        new ApacheHttpFetcher(
            new ApacheHttpFetcher.Settings(16, 8, Duration.ofSeconds(2), 1024, "fetchq-test"),
            DestinationPolicy.fromAllowedCidrs("127.0.0.1/32"),
            new SimpleMeterRegistry(),
            dns,
            Set.of(" X-Custom-Secret ", ""));
  }

  @AfterAll
  static void stop() {
    fetcher.close();
    trap.close();
    otherPort.close();
    server.close();
  }

  @BeforeEach
  void forget() {
    server.clear();
    otherPort.clear();
  }

  /**
   * Routes: any path ending in {@code /redirect} answers {@code status} (default 302) with {@code
   * Location: location} (or 200 "no location" without one); {@code /hop/n} redirects to {@code
   * hop/n-1} (relative) and {@code /hop/0} answers 200; {@code /slow?ms=&location=} waits, then
   * redirects or answers 200; {@code /endless} redirects to {@code /final} with a body that never
   * ends, {@code /big} with a declared 50 MB one; {@code /no-location} is a 302 without Location;
   * everything else answers 200 "final" with {@code X-Final: yes}.
   */
  private static void handle(HttpExchange exchange) throws IOException {
    String path = exchange.getRequestURI().getRawPath();
    if (path.endsWith("/redirect")) {
      String location = param(exchange, "location");
      String status = param(exchange, "status");
      if (location == null) {
        respond(exchange, 200, "no location");
      } else {
        respond(
            exchange,
            status == null ? 302 : Integer.parseInt(status),
            "moved",
            "Location",
            location);
      }
    } else if (path.startsWith("/hop/")) {
      int n = Integer.parseInt(path.substring("/hop/".length()));
      if (n == 0) {
        respond(exchange, 200, "landed");
      } else {
        respond(exchange, 302, "", "Location", String.valueOf(n - 1));
      }
    } else if (path.equals("/slow")) {
      sleep(Long.parseLong(param(exchange, "ms")));
      String location = param(exchange, "location");
      if (location == null) {
        respond(exchange, 200, "slow");
      } else {
        respond(exchange, 302, "", "Location", location);
      }
    } else if (path.equals("/endless")) {
      exchange.getResponseHeaders().set("Location", "/final");
      exchange.sendResponseHeaders(302, 0);
      writeForever(exchange);
    } else if (path.equals("/big")) {
      exchange.getResponseHeaders().set("Location", "/final");
      exchange.sendResponseHeaders(302, 50_000_000L);
      writeForever(exchange);
    } else if (path.equals("/no-location")) {
      respond(exchange, 302, "no location");
    } else {
      respond(exchange, 200, "final", "X-Final", "yes");
    }
  }

  private static void writeForever(HttpExchange exchange) {
    byte[] chunk = new byte[8192];
    try (OutputStream out = exchange.getResponseBody()) {
      while (true) { // until the client hangs up or the server stops
        out.write(chunk);
      }
    } catch (IOException e) {
      // the client hung up, as it should
    }
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static String enc(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  /** {@code http://127.0.0.1:port/redirect?status=..&location=..} */
  private static String redirect(int status, String location) {
    return server.url("127.0.0.1", "/redirect?status=" + status + "&location=" + enc(location));
  }

  private static FetchRequest request(
      String method, String url, Map<String, String> headers, String body, boolean follow) {
    return new FetchRequest(
        method,
        URI.create(url),
        headers,
        body == null ? null : body.getBytes(StandardCharsets.UTF_8),
        TIMEOUT,
        follow);
  }

  private static FetchRequest get(String url) {
    return request("GET", url, Map.of(), null, true);
  }

  private static String text(FetchResponse response) {
    return new String(response.body(), StandardCharsets.UTF_8);
  }

  @Test
  void followsA302AndReturnsTheFinalResponse() {
    FetchResult result = fetcher.fetch(get(redirect(302, server.url("127.0.0.1", "/final"))));

    assertThat(result).isInstanceOf(FetchResponse.class);
    FetchResponse response = (FetchResponse) result;
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(text(response)).isEqualTo("final");
    assertThat(response.headers()).containsEntry("x-final", "yes").doesNotContainKey("location");
    assertThat(server.requests())
        .extracting(LocalServer.Seen::method, s -> s.pathAndQuery().split("\\?")[0])
        .containsExactly(
            org.assertj.core.api.Assertions.tuple("GET", "/redirect"),
            org.assertj.core.api.Assertions.tuple("GET", "/final"));
  }

  @Test
  void turnsA303PostIntoAGetWithoutBodyOrBodyHeaders() {
    FetchRequest post =
        request(
            "POST",
            redirect(303, "/final"),
            Map.of("Content-Type", "application/json", "X-Trace", "t1"),
            "{\"n\":1}",
            true);

    FetchResponse response = (FetchResponse) fetcher.fetch(post);

    assertThat(response.statusCode()).isEqualTo(200);
    List<LocalServer.Seen> seen = server.requests();
    assertThat(seen).hasSize(2);
    assertThat(seen.get(0).method()).isEqualTo("POST");
    assertThat(seen.get(0).body()).asString(StandardCharsets.UTF_8).isEqualTo("{\"n\":1}");
    assertThat(seen.get(1).method()).isEqualTo("GET");
    assertThat(seen.get(1).body()).isEmpty();
    assertThat(seen.get(1).header("Content-Type")).isNull();
    assertThat(seen.get(1).header("X-Trace")).isEqualTo("t1");
  }

  @ParameterizedTest(name = "{0} after {1} -> {2}, body kept: {3}")
  @CsvSource({
    "301, POST, GET, false",
    "302, POST, GET, false",
    "303, POST, GET, false",
    "303, PUT, GET, false",
    "303, HEAD, HEAD, false",
    "302, PUT, PUT, true",
    "301, PATCH, PATCH, true",
    "307, POST, POST, true",
    "307, PATCH, PATCH, true",
    "308, PUT, PUT, true",
    "308, DELETE, DELETE, false"
  })
  void rewritesTheMethodOnlyWhereTheStatusSaysSo(
      int status, String method, String expectedMethod, boolean bodyKept) {
    boolean hasBody = !method.equals("HEAD") && !method.equals("DELETE");
    FetchRequest request =
        request(
            method,
            redirect(status, "/final"),
            hasBody ? Map.of("Content-Type", "text/plain") : Map.of(),
            hasBody ? "payload" : null,
            true);

    FetchResponse response = (FetchResponse) fetcher.fetch(request);

    assertThat(response.statusCode()).isEqualTo(200);
    LocalServer.Seen last = server.requests().getLast();
    assertThat(last.pathAndQuery()).isEqualTo("/final");
    assertThat(last.method()).isEqualTo(expectedMethod);
    assertThat(last.body()).asString(StandardCharsets.UTF_8).isEqualTo(bodyKept ? "payload" : "");
    assertThat(last.header("Content-Type")).isEqualTo(bodyKept ? "text/plain" : null);
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "final, /a/b/final",
    "./final, /a/b/final",
    "../final, /a/final",
    "../../../final, /final",
    "/final?x=1, /final?x=1",
    "?page=2, /a/b/redirect?page=2",
    "'/f%20inal', /f%20inal",
    "'/f inal', /f%20inal"
  })
  void resolvesRelativeLocationsAgainstTheCurrentUrl(String location, String expected) {
    String url =
        server.url("127.0.0.1", "/a/b/redirect?status=301&location=" + enc(location) + "&x=y");

    FetchResponse response = (FetchResponse) fetcher.fetch(get(url));

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(server.requests().getLast().pathAndQuery()).isEqualTo(expected);
    assertThat(server.requests().getLast().header("Host")).isEqualTo("127.0.0.1:" + server.port());
  }

  @Test
  void followsSchemeRelativeAndAbsoluteLocationsToAnotherHost() {
    String schemeRelative = "//localhost:" + server.port() + "/final";

    FetchResponse response = (FetchResponse) fetcher.fetch(get(redirect(307, schemeRelative)));

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(server.requests().getLast().header("Host")).isEqualTo("localhost:" + server.port());
  }

  @Test
  void followsFiveRedirects() {
    FetchResponse response = (FetchResponse) fetcher.fetch(get(server.url("127.0.0.1", "/hop/5")));

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(text(response)).isEqualTo("landed");
    assertThat(server.requests()).hasSize(6);
  }

  @Test
  void failsOnTheSixthRedirectWithoutFollowingIt() {
    FetchResult result = fetcher.fetch(get(server.url("127.0.0.1", "/hop/6")));

    assertThat(result).isInstanceOf(FetchError.class);
    assertThat(((FetchError) result).type()).isEqualTo(ErrorType.TOO_MANY_REDIRECTS);
    assertThat(ErrorType.TOO_MANY_REDIRECTS.retryable()).isFalse();
    assertThat(ErrorType.TOO_MANY_REDIRECTS.wireName()).isEqualTo("too_many_redirects");
    assertThat(server.requests()).hasSize(6);
    assertThat(server.hits("/hop/0")).isZero();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "http://127.0.0.2:PORT/secret",
        "http://2130706434:PORT/secret",
        "http://0x7f.2:PORT/secret",
        "http://0x7F000002:PORT/secret",
        "http://0177.0.0.2:PORT/secret",
        "http://127.2:PORT/secret",
        "http://127.0.0.2.:PORT/secret",
        "http://[::ffff:127.0.0.2]:PORT/secret",
        "http://[::ffff:7f00:2]:PORT/secret",
        "http://[::1]:PORT/secret",
        "http://169.254.169.254/latest/meta-data",
        "http://0/",
        "https://10.0.0.1/"
      })
  void refusesARedirectToARefusedAddressInAnySpellingWithoutContactingIt(String target) {
    String location = target.replace("PORT", String.valueOf(trap.port()));
    int before = trap.connections();
    int lookups = dns.asked().size();

    FetchResult result = fetcher.fetch(get(redirect(302, location)));

    assertThat(result).isInstanceOf(FetchError.class);
    assertThat(((FetchError) result).type()).isEqualTo(ErrorType.DESTINATION_REFUSED);
    assertThat(trap.connections()).isEqualTo(before);
    assertThat(dns.asked()).as("numeric hosts never reach the resolver").hasSize(lookups);
  }

  @ParameterizedTest
  @ValueSource(strings = {"refused.test", "metadata.test"})
  void refusesARedirectToANameResolvingToARefusedAddress(String name) {
    int before = trap.connections();

    FetchResult result =
        fetcher.fetch(get(redirect(302, "http://" + name + ":" + trap.port() + "/secret")));

    assertThat(((FetchError) result).type()).isEqualTo(ErrorType.DESTINATION_REFUSED);
    assertThat(((FetchError) result).message()).contains(name);
    assertThat(trap.connections()).isEqualTo(before);
  }

  @Test
  void followsANumericSpellingOfAPermittedAddressWithoutTheResolver() {
    int before = dns.asked().size();
    String location = "http://0x7f.1:" + server.port() + "/final";

    FetchResponse response = (FetchResponse) fetcher.fetch(get(redirect(302, location)));

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(server.requests().getLast().header("Host")).isEqualTo("0x7f.1:" + server.port());
    assertThat(dns.asked()).hasSize(before);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"file:///etc/passwd", "ftp://127.0.0.1/x", "gopher://localhost:70/_x", "data:,x"})
  void refusesARedirectToAnotherScheme(String location) {
    FetchResult result = fetcher.fetch(get(redirect(302, location)));

    assertThat(result).isInstanceOf(FetchError.class);
    assertThat(((FetchError) result).type()).isEqualTo(ErrorType.DESTINATION_REFUSED);
    assertThat(server.requests()).hasSize(1);
  }

  @Test
  void dropsCredentialsOnceARedirectLeavesTheHostAndNeverSendsThemAgain() {
    String back = server.url("127.0.0.1", "/final");
    String viaLocalhost = server.url("localhost", "/redirect?location=" + enc(back));
    Map<String, String> headers =
        Map.of(
            "Authorization", "Bearer secret",
            "Cookie", "session=1",
            "Proxy-Authorization", "Basic eA==",
            "X-Api-Key", "k",
            "x-custom-secret", "s",
            "X-Trace", "t1");

    FetchResponse response =
        (FetchResponse)
            fetcher.fetch(request("GET", redirect(302, viaLocalhost), headers, null, true));

    assertThat(response.statusCode()).isEqualTo(200);
    List<LocalServer.Seen> seen = server.requests();
    assertThat(seen).hasSize(3);
    assertThat(seen.get(0).header("Authorization")).isEqualTo("Bearer secret");
    assertThat(seen.get(0).header("Cookie")).isEqualTo("session=1");
    for (LocalServer.Seen later : seen.subList(1, 3)) {
      assertThat(later.headers())
          .doesNotContainKeys(
              "authorization", "cookie", "proxy-authorization", "x-api-key", "x-custom-secret");
      assertThat(later.header("X-Trace")).isEqualTo("t1");
    }
    assertThat(seen.get(1).header("Host")).isEqualTo("localhost:" + server.port());
    assertThat(seen.get(2).header("Host")).isEqualTo("127.0.0.1:" + server.port());
  }

  @Test
  void dropsCredentialsWhenARedirectChangesThePort() {
    FetchRequest request =
        request(
            "GET",
            redirect(307, otherPort.url("127.0.0.1", "/final")),
            Map.of("Authorization", "Bearer secret"),
            null,
            true);

    assertThat(fetcher.fetch(request)).isInstanceOf(FetchResponse.class);

    assertThat(otherPort.requests().getLast().header("Authorization")).isNull();
  }

  @Test
  void keepsCredentialsOnASameOriginRedirect() {
    FetchRequest request =
        request(
            "GET",
            redirect(302, "/final"),
            Map.of("Authorization", "Bearer secret", "Cookie", "a=b"),
            null,
            true);

    assertThat(fetcher.fetch(request)).isInstanceOf(FetchResponse.class);

    assertThat(server.requests().getLast().header("Authorization")).isEqualTo("Bearer secret");
    assertThat(server.requests().getLast().header("Cookie")).isEqualTo("a=b");
  }

  @Test
  void returnsTheRedirectItselfWhenTheJobDoesNotFollowRedirects() {
    FetchResponse response =
        (FetchResponse)
            fetcher.fetch(request("GET", redirect(302, "/final"), Map.of(), null, false));

    assertThat(response.statusCode()).isEqualTo(302);
    assertThat(response.headers()).containsEntry("location", "/final");
    assertThat(text(response)).isEqualTo("moved");
    assertThat(server.hits("/final")).isZero();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"/no-location", "/redirect?location=%25zz", "/redirect?location=http:///x"})
  void aRedirectWithoutAUsableLocationIsTheFinalResponse(String path) {
    FetchResponse response = (FetchResponse) fetcher.fetch(get(server.url("127.0.0.1", path)));

    assertThat(response.statusCode()).isEqualTo(302);
    assertThat(server.requests()).hasSize(1);
  }

  @Test
  void appliesOneDeadlineToTheWholeChain() {
    // each hop alone fits in the timeout, both together do not
    String second = "/slow?ms=700";
    String first = server.url("127.0.0.1", "/slow?ms=500&location=" + enc(second));
    FetchRequest request =
        new FetchRequest("GET", URI.create(first), Map.of(), null, Duration.ofMillis(900), true);
    long started = System.nanoTime();

    FetchResult result = fetcher.fetch(request);

    assertThat(result)
        .isEqualTo(new FetchError(ErrorType.TIMEOUT, "no complete response within 900 ms"));
    assertThat(server.requests()).hasSize(2);
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(3000));
  }

  @Test
  void timesOutASlowSecondHop() {
    String first = redirect(302, "/slow?ms=3000");
    FetchRequest request =
        new FetchRequest("GET", URI.create(first), Map.of(), null, Duration.ofMillis(500), true);
    long started = System.nanoTime();

    FetchResult result = fetcher.fetch(request);

    assertThat(((FetchError) result).type()).isEqualTo(ErrorType.TIMEOUT);
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));
  }

  @ParameterizedTest
  @ValueSource(strings = {"/endless", "/big"})
  void discardsALargeRedirectBodyWithoutReadingIt(String path) {
    long started = System.nanoTime();

    FetchResult result = fetcher.fetch(get(server.url("127.0.0.1", path)));

    assertThat(result).isInstanceOf(FetchResponse.class);
    assertThat(text((FetchResponse) result)).isEqualTo("final");
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(4));
  }
}
