package io.fetchq.api.web.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The code point checks accept exactly what Spring Security's {@code StrictHttpFirewall} accepts
 * with its default expressions (copied here from Spring Security 6.5), for every code point alone,
 * for lone surrogates, and for code points in the middle of ordinary text.
 */
class FirewallCharactersTest {

  private static final Pattern NAMES = Pattern.compile("[\\p{IsAssigned}&&[^\\p{IsControl}]]*");
  private static final Pattern VALUES =
      Pattern.compile("[\\p{IsAssigned}&&[[^\\p{IsControl}]||\\t]]*");

  @Test
  void everyCodePointAloneAndInsideTextIsJudgedAsSpringSecurityJudgesIt() {
    List<String> disagreements = new ArrayList<>();
    for (int c = 0; c <= Character.MAX_CODE_POINT; c++) {
      String alone = Character.toString(c);
      check(alone, disagreements);
      check("Bearer " + alone + "x", disagreements);
    }
    assertThat(disagreements).isEmpty();
  }

  @Test
  void loneSurrogatesAreJudgedAsSpringSecurityJudgesThem() {
    List<String> disagreements = new ArrayList<>();
    check("\uD800", disagreements);
    check("a\uDC00b", disagreements);
    check("\uDBFF", disagreements);
    check("\uD83D\uDE00", disagreements);
    assertThat(disagreements).isEmpty();
  }

  @Test
  void ordinaryHeadersPassAndControlCharactersDoNot() {
    assertThat(FirewallCharacters.isAllowedName("Idempotency-Key")).isTrue();
    assertThat(FirewallCharacters.isAllowedValue("application/json; charset=utf-8")).isTrue();
    assertThat(FirewallCharacters.isAllowedValue("a\tb")).isTrue();
    assertThat(FirewallCharacters.isAllowedName("a\tb")).isFalse();
    assertThat(FirewallCharacters.isAllowedValue("a\r\nSet-Cookie: x")).isFalse();
    assertThat(FirewallCharacters.isAllowedValue("a\u0085b")).isFalse();
    assertThat(FirewallCharacters.isAllowedValue("")).isTrue();
  }

  private static void check(String s, List<String> disagreements) {
    if (FirewallCharacters.isAllowedName(s) != NAMES.matcher(s).matches()) {
      disagreements.add("name " + describe(s));
    }
    if (FirewallCharacters.isAllowedValue(s) != VALUES.matcher(s).matches()) {
      disagreements.add("value " + describe(s));
    }
  }

  private static String describe(String s) {
    StringBuilder out = new StringBuilder();
    s.chars().forEach(c -> out.append(String.format("\\u%04X", c)));
    return out.toString();
  }
}
