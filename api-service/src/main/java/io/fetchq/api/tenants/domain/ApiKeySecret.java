package io.fetchq.api.tenants.domain;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;

/**
 * An API key as the client holds it: {@code fq_} followed by the unpadded base64url encoding of
 * {@value #RANDOM_BYTES} random bytes (46 characters, e.g. {@code
 * fq_rEAc_650sVsB-sxNe6UmgooluJA29U_sIzIcEMMWM_o}). The prefix makes a leaked key recognisable (log
 * and secret scanners) and lets fetchq skip the database for anything that cannot be a key. The key
 * is shown to the client once, when issued; only its {@link #hash()} is kept. {@link #toString()}
 * never shows it.
 */
public record ApiKeySecret(String value) {

  /** Every issued key starts with this. */
  public static final String PREFIX = "fq_";

  /** The key's entropy: 256 bits. */
  public static final int RANDOM_BYTES = 32;

  /** Characters after the prefix: unpadded base64url of {@value #RANDOM_BYTES} bytes. */
  private static final int ENCODED_LENGTH = 43;

  public ApiKeySecret {
    Objects.requireNonNull(value, "value");
    if (!isWellFormed(value)) {
      throw new IllegalArgumentException("not a fetchq API key");
    }
  }

  /** A new key of {@value #RANDOM_BYTES} random bytes from {@code random}. */
  public static ApiKeySecret generate(SecureRandom random) {
    byte[] bytes = new byte[RANDOM_BYTES];
    random.nextBytes(bytes);
    return new ApiKeySecret(PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
  }

  /** {@code presented} as a key if it has the form of one (not whether it is valid); else empty. */
  public static Optional<ApiKeySecret> parse(String presented) {
    return presented != null && isWellFormed(presented)
        ? Optional.of(new ApiKeySecret(presented))
        : Optional.empty();
  }

  /** The digest stored for this key. */
  public ApiKeyHash hash() {
    return ApiKeyHash.of(value);
  }

  private static boolean isWellFormed(String value) {
    return value.length() == PREFIX.length() + ENCODED_LENGTH
        && value.startsWith(PREFIX)
        && value
            .substring(PREFIX.length())
            .chars()
            .allMatch(
                c ->
                    c >= 'A' && c <= 'Z'
                        || c >= 'a' && c <= 'z'
                        || c >= '0' && c <= '9'
                        || c == '-'
                        || c == '_');
  }

  @Override
  public String toString() {
    return PREFIX + "***";
  }
}
