package io.fetchq.standalone.infra;

import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The metric names a PromQL expression selects. Not a full parser: it removes what cannot name a
 * metric (string literals, label matchers in braces, range and subquery durations in brackets, the
 * label lists of {@code by}/{@code without}/{@code on}/{@code ignoring}/{@code group_left}/{@code
 * group_right}) and keeps every remaining identifier that is neither a keyword nor called like a
 * function.
 */
final class PromQl {

  private static final Pattern STRING = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"|'[^']*'|`[^`]*`");
  private static final Pattern LABEL_LIST =
      Pattern.compile(
          "\\b(?:by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)",
          Pattern.CASE_INSENSITIVE);
  private static final Pattern BRACES = Pattern.compile("\\{[^}]*}");
  private static final Pattern BRACKETS = Pattern.compile("\\[[^\\]]*]");
  private static final Pattern OFFSET =
      Pattern.compile("\\boffset\\s+-?[0-9a-z]+", Pattern.CASE_INSENSITIVE);
  private static final Pattern IDENTIFIER =
      Pattern.compile("(?<![\\w.:])([a-zA-Z_:][a-zA-Z0-9_:]*)(\\s*\\()?");
  private static final Set<String> KEYWORDS =
      Set.of(
          "and",
          "or",
          "unless",
          "bool",
          "by",
          "without",
          "on",
          "ignoring",
          "group_left",
          "group_right",
          "offset",
          "inf",
          "nan");

  private PromQl() {}

  /** The metric names that {@code expression} selects, sorted. */
  static Set<String> metricNames(String expression) {
    String stripped = STRING.matcher(expression).replaceAll(" ");
    stripped = LABEL_LIST.matcher(stripped).replaceAll(" ");
    stripped = BRACES.matcher(stripped).replaceAll(" ");
    stripped = BRACKETS.matcher(stripped).replaceAll(" ");
    stripped = OFFSET.matcher(stripped).replaceAll(" ");
    Set<String> names = new TreeSet<>();
    Matcher matcher = IDENTIFIER.matcher(stripped);
    while (matcher.find()) {
      String name = matcher.group(1);
      boolean call = matcher.group(2) != null;
      if (!call && !KEYWORDS.contains(name.toLowerCase(java.util.Locale.ROOT))) {
        names.add(name);
      }
    }
    return names;
  }
}
