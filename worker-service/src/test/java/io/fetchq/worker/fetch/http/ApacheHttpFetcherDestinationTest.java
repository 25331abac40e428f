package io.fetchq.worker.fetch.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.fetchq.kernel.destinations.DestinationPolicy;
import io.fetchq.worker.fetch.domain.ErrorType;
import io.fetchq.worker.fetch.domain.FetchError;
import io.fetchq.worker.fetch.domain.FetchRequest;
import io.fetchq.worker.fetch.domain.FetchResponse;
import io.fetchq.worker.fetch.domain.FetchResult;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The address connected is the address vetted: a target on 127.0.0.1:P (permitted) and a {@link
 * Trap} on 127.0.0.2:P (refused), same port, so connecting to the wrong address would reach the
 * trap instead of failing.
 */
class ApacheHttpFetcherDestinationTest {

  private static LocalServer server;
  private static Trap trap;

  private FakeDns dns;
  private ApacheHttpFetcher fetcher;

  @BeforeAll
  static void start() {
    server =
        LocalServer.start("127.0.0.1", 0, exchange -> LocalServer.respond(exchange, 200, "target"));
    trap = Trap.on("127.0.0.2", server.port());
  }

  @AfterAll
  static void stop() {
    trap.close();
    server.close();
  }

  @BeforeEach
  void newFetcher() {
    server.clear();
    dns = new FakeDns();
    fetcher =
        new ApacheHttpFetcher(
            new ApacheHttpFetcher.Settings(4, 4, Duration.ofSeconds(2), 1024, "fetchq-test"),
            DestinationPolicy.fromAllowedCidrs("127.0.0.1/32"),
            new SimpleMeterRegistry(),
            dns,
            Set.of());
  }

  @AfterEach
  void closeFetcher() {
    fetcher.close();
  }

  private FetchResult fetch(String host) {
    return fetcher.fetch(
        new FetchRequest(
            "GET",
            URI.create("http://" + host + ":" + server.port() + "/path"),
            Map.of(),
            null,
            Duration.ofSeconds(2),
            false));
  }

  @Test
  void resolvesOnceAndConnectsToTheAddressThatWasChecked() {
    // a rebinding name: permitted on the first lookup, internal on any later one
    dns.answer("rebind.test", "127.0.0.1").answer("rebind.test", "127.0.0.2");
    int before = trap.connections();

    FetchResult result = fetch("rebind.test");

    assertThat(result).isInstanceOf(FetchResponse.class);
    assertThat(dns.asked()).containsExactly("rebind.test");
    assertThat(trap.connections()).isEqualTo(before);
    LocalServer.Seen seen = server.requests().getLast();
    assertThat(seen.header("Host")).isEqualTo("rebind.test:" + server.port());
  }

  @Test
  void triesOnlyThePermittedAddressesOfAName() {
    dns.answer("mixed.test", "127.0.0.2", "169.254.169.254", "127.0.0.1");
    int before = trap.connections();

    FetchResult result = fetch("mixed.test");

    assertThat(result).isInstanceOf(FetchResponse.class);
    assertThat(trap.connections()).isEqualTo(before);
    assertThat(server.requests()).hasSize(1);
  }

  @Test
  void refusesANameWithOnlyRefusedAddresses() {
    dns.answer("internal.test", "127.0.0.2", "10.0.0.1");
    int before = trap.connections();

    FetchResult result = fetch("internal.test");

    assertThat(result)
        .isEqualTo(
            new FetchError(
                ErrorType.DESTINATION_REFUSED,
                "destination refused: internal.test resolves only to refused addresses"));
    assertThat(trap.connections()).isEqualTo(before);
  }

  @ParameterizedTest
  @ValueSource(strings = {"127.0.0.2", "2130706434", "0x7f.2", "0x7f.0.0.2", "[::ffff:127.0.0.2]"})
  void refusesNumericSpellingsOfARefusedAddressWithoutResolving(String host) {
    int before = trap.connections();

    FetchResult result = fetch(host);

    assertThat(result).isInstanceOf(FetchError.class);
    assertThat(((FetchError) result).type()).isEqualTo(ErrorType.DESTINATION_REFUSED);
    assertThat(trap.connections()).isEqualTo(before);
    assertThat(dns.asked()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"2130706433", "0x7f.1", "0177.0.0.1", "127.1", "[::ffff:127.0.0.1]"})
  void connectsToNumericSpellingsOfAPermittedAddressKeepingTheHostAsWritten(String host) {
    FetchResult result = fetch(host);

    assertThat(result).isInstanceOf(FetchResponse.class);
    assertThat(server.requests().getLast().header("Host")).isEqualTo(host + ":" + server.port());
    assertThat(dns.asked()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"ftp://127.0.0.1/x", "http:///x"})
  void refusesAJobUrlThatIsNotHttpWithAHost(String url) {
    FetchResult result =
        fetcher.fetch(
            new FetchRequest("GET", URI.create(url), Map.of(), null, Duration.ofSeconds(1), true));

    assertThat(((FetchError) result).type()).isEqualTo(ErrorType.DESTINATION_REFUSED);
  }
}
