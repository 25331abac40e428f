package io.fetchq.contracts.jobs.v1;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class AwaitsRoomHeaderTest {

  @Test
  void carriesTheHostInUtf8() {
    for (String host : new String[] {"api.example.com", "127.0.0.1", "::1", "bücher.example", ""}) {
      assertThat(new String(AwaitsRoomHeader.encode(host), StandardCharsets.UTF_8)).isEqualTo(host);
    }
  }

  @Test
  void takesAnyHostTheApiAccepted() {
    // the API does not bound a host name's length: a limit here would make the hand-back of such
    // a job throw on every try, and its publish is retried until it succeeds
    String longest = "a".repeat(300) + ".example";
    assertThat(AwaitsRoomHeader.encode(longest)).hasSize(longest.length());
    assertThatThrownBy(() -> AwaitsRoomHeader.encode(null))
        .isInstanceOf(NullPointerException.class);
  }
}
