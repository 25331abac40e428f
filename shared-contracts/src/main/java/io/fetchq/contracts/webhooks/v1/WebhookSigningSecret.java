package io.fetchq.contracts.webhooks.v1;

import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;

/**
 * A tenant's webhook signing secret in the Standard Webhooks form {@code whsec_<base64>}: the HMAC
 * key is the base64-decoded part. The key never appears in {@link #toString()}.
 */
public final class WebhookSigningSecret {

  /** The prefix of the textual form. */
  public static final String PREFIX = "whsec_";

  /** Fewer key bytes than this are refused (the spec recommends 24 to 64; fetchq issues 32). */
  public static final int MIN_KEY_BYTES = 16;

  /** More key bytes than this are refused. */
  public static final int MAX_KEY_BYTES = 64;

  /**
   * How long a secret replaced by a rotation keeps signing next to the new one (API.md: "for 24 h
   * both signatures are sent").
   */
  public static final java.time.Duration ROTATION_OVERLAP = java.time.Duration.ofHours(24);

  private final byte[] key;

  private WebhookSigningSecret(byte[] key) {
    this.key = key;
  }

  /**
   * Parses {@code whsec_<base64>}.
   *
   * @throws IllegalArgumentException if the prefix is missing, the rest is not base64, or the key
   *     is shorter than {@value #MIN_KEY_BYTES} or longer than {@value #MAX_KEY_BYTES} bytes
   */
  public static WebhookSigningSecret parse(String secret) {
    Objects.requireNonNull(secret, "secret");
    if (!secret.startsWith(PREFIX)) {
      throw new IllegalArgumentException("a webhook secret starts with " + PREFIX);
    }
    byte[] key;
    try {
      key = Base64.getDecoder().decode(secret.substring(PREFIX.length()));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("a webhook secret is " + PREFIX + "<base64>", e);
    }
    if (key.length < MIN_KEY_BYTES || key.length > MAX_KEY_BYTES) {
      throw new IllegalArgumentException(
          "a webhook secret's key has " + MIN_KEY_BYTES + ".." + MAX_KEY_BYTES + " bytes");
    }
    return new WebhookSigningSecret(key);
  }

  /** A copy of the HMAC key. */
  byte[] key() {
    return key.clone();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof WebhookSigningSecret that && Arrays.equals(key, that.key);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(key);
  }

  @Override
  public String toString() {
    return PREFIX + "***";
  }
}
