package io.fetchq.contracts.jobs.v1;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class AwaitsRoomHeaderTest {

  @Test
  void carriesTheHostInUtf8() {
    assertThat(new String(AwaitsRoomHeader.encode("api.example.com"), StandardCharsets.UTF_8))
        .isEqualTo("api.example.com");
    for (String host : new String[] {"api.example.com", "127.0.0.1", "::1", "bücher.example", ""}) {
      assertThat(AwaitsRoomHeader.decode(AwaitsRoomHeader.encode(host))).contains(host);
    }
  }

  @Test
  void refusesWhatNoHostCanBe() {
    String longest = "a".repeat(253);
    assertThat(AwaitsRoomHeader.decode(AwaitsRoomHeader.encode(longest))).contains(longest);
    assertThatThrownBy(() -> AwaitsRoomHeader.encode(longest + "a"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> AwaitsRoomHeader.encode(null))
        .isInstanceOf(NullPointerException.class);

    assertThat(AwaitsRoomHeader.decode(null)).isEmpty();
    assertThat(AwaitsRoomHeader.decode(new byte[254])).isEmpty();
  }
}
