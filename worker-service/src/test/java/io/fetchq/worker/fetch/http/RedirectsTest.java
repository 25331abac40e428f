package io.fetchq.worker.fetch.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class RedirectsTest {

  private static final URI BASE = URI.create("http://a/b/c/d;p?q");

  /** RFC 3986 §5.4: every normal and abnormal example. */
  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "g:h, g:h",
    "g, http://a/b/c/g",
    "./g, http://a/b/c/g",
    "g/, http://a/b/c/g/",
    "/g, http://a/g",
    "//g, http://g",
    "?y, http://a/b/c/d;p?y",
    "g?y, http://a/b/c/g?y",
    "#s, http://a/b/c/d;p?q",
    "g#s, http://a/b/c/g",
    "g?y#s, http://a/b/c/g?y",
    ";x, http://a/b/c/;x",
    "g;x, http://a/b/c/g;x",
    "'', http://a/b/c/d;p?q",
    "., http://a/b/c/",
    "./, http://a/b/c/",
    ".., http://a/b/",
    "../, http://a/b/",
    "../g, http://a/b/g",
    "../.., http://a/",
    "../../, http://a/",
    "../../g, http://a/g",
    "../../../g, http://a/g",
    "../../../../g, http://a/g",
    "/./g, http://a/g",
    "/../g, http://a/g",
    "g., http://a/b/c/g.",
    ".g, http://a/b/c/.g",
    "g.., http://a/b/c/g..",
    "..g, http://a/b/c/..g",
    "./../g, http://a/b/g",
    "./g/., http://a/b/c/g/",
    "g/./h, http://a/b/c/g/h",
    "g/../h, http://a/b/c/h",
    "g;x=1/./y, http://a/b/c/g;x=1/y",
    "g;x=1/../y, http://a/b/c/y",
    "http:g, http:g",
    "HTTPS://Other:8443/x/../y, HTTPS://Other:8443/y"
  })
  void resolvesReferencesAsRfc3986Says(String reference, String expected) throws Exception {
    assertThat(Redirects.resolve(BASE, new URI(reference))).isEqualTo(new URI(expected));
  }

  @Test
  void mergesIntoAnEmptyBasePath() throws Exception {
    assertThat(Redirects.resolve(URI.create("http://a"), URI.create("g")))
        .isEqualTo(URI.create("http://a/g"));
  }

  @ParameterizedTest(name = "{0} {1} -> {2}")
  @CsvSource({
    "301, GET, GET",
    "301, POST, GET",
    "301, PUT, PUT",
    "302, POST, GET",
    "302, DELETE, DELETE",
    "302, HEAD, HEAD",
    "303, POST, GET",
    "303, PUT, GET",
    "303, PATCH, GET",
    "303, DELETE, GET",
    "303, GET, GET",
    "303, HEAD, HEAD",
    "307, POST, POST",
    "307, HEAD, HEAD",
    "308, PATCH, PATCH"
  })
  void choosesTheMethodOfTheNextRequest(int status, String method, String expected) {
    assertThat(Redirects.methodAfter(status, method)).isEqualTo(expected);
  }

  @ParameterizedTest
  @ValueSource(ints = {301, 302, 303, 307, 308})
  void followsTheRedirectStatuses(int status) {
    assertThat(Redirects.isFollowed(status)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(ints = {200, 300, 304, 305, 306, 309, 399, 400})
  void treatsOtherStatusesAsFinal(int status) {
    assertThat(Redirects.isFollowed(status)).isFalse();
  }

  @Test
  void percentEncodesStrayCharactersInALocation() {
    assertThat(Redirects.location(BASE, " /a b/é?q=|x| "))
        .contains(URI.create("http://a/a%20b/%C3%A9?q=%7Cx%7C"));
  }

  @Test
  void dropsTheFragmentAndKeepsOtherSchemesForTheCallerToRefuse() {
    assertThat(Redirects.location(BASE, "/x#frag")).contains(URI.create("http://a/x"));
    assertThat(Redirects.location(BASE, "file:///etc/passwd"))
        .contains(URI.create("file:///etc/passwd"));
  }

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(strings = {"  ", "%zz", "http://[::1/", "http:///x", "https:", "http:opaque"})
  void findsNothingToFollowInAnUnusableLocation(String location) {
    assertThat(Redirects.location(BASE, location)).isEmpty();
  }

  @Test
  void removesDotSegmentsOfRelativePaths() {
    assertThat(Redirects.removeDotSegments("a/./b/../c")).isEqualTo("a/c");
    assertThat(Redirects.removeDotSegments("")).isEmpty();
  }
}
