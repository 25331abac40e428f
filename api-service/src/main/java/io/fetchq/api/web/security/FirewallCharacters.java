package io.fetchq.api.web.security;

/**
 * The characters Spring Security's {@code StrictHttpFirewall} allows in header names, header values
 * and parameter names by default, checked code point by code point instead of by its regular
 * expressions.
 *
 * <p>The firewall checks every header a request reads, each time it is read, with {@code
 * [\p{IsAssigned}&&[^\p{IsControl}]]*} (names) and {@code
 * [\p{IsAssigned}&&[[^\p{IsControl}]||\t]]*} (values): 2.5 % of a single-job submission's CPU in
 * the API (JFR, bench/run submit-64). The rules are the same: every code point assigned in Unicode
 * and not a control character ({@code Cc}: U+0000–U+001F, U+007F–U+009F), a tab allowed in values.
 * {@code FirewallCharactersTest} compares both with Spring Security's expressions over every code
 * point.
 */
public final class FirewallCharacters {

  private FirewallCharacters() {}

  /** A header or parameter name: assigned code points, no control characters. */
  public static boolean isAllowedName(String name) {
    return allAllowed(name, false);
  }

  /** A header value: assigned code points, no control characters but the tab. */
  public static boolean isAllowedValue(String value) {
    return allAllowed(value, true);
  }

  private static boolean allAllowed(String s, boolean tab) {
    for (int i = 0; i < s.length(); ) {
      int c = s.codePointAt(i);
      if (c < 0x7F) {
        // printable ASCII is the common case: no table lookup
        if (c < 0x20 && !(tab && c == '\t')) {
          return false;
        }
        i++;
        continue;
      }
      if (Character.isISOControl(c) || Character.getType(c) == Character.UNASSIGNED) {
        return false;
      }
      i += Character.charCount(c);
    }
    return true;
  }
}
