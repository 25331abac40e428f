package io.fetchq.api.tenants.domain;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Objects;

/**
 * The secret a tenant's webhooks are signed with (Standard Webhooks): {@code whsec_} followed by
 * the standard base64 encoding of {@value #KEY_BYTES} random bytes, which are the HMAC-SHA256 key.
 * It is stored readable because signing needs it; {@link #toString()} never shows it.
 */
public record WebhookSecret(String value) {

  /** Every secret starts with this. */
  public static final String PREFIX = "whsec_";

  /** The length of the HMAC key. */
  public static final int KEY_BYTES = 32;

  public WebhookSecret {
    Objects.requireNonNull(value, "value");
    if (!value.startsWith(PREFIX) || decode(value).length != KEY_BYTES) {
      throw new IllegalArgumentException(
          "a webhook secret is " + PREFIX + " + base64 of " + KEY_BYTES + " bytes");
    }
  }

  /** A new secret of {@value #KEY_BYTES} bytes from {@code random}. */
  public static WebhookSecret generate(SecureRandom random) {
    byte[] key = new byte[KEY_BYTES];
    random.nextBytes(key);
    return new WebhookSecret(PREFIX + Base64.getEncoder().encodeToString(key));
  }

  /** The HMAC-SHA256 key: the decoded part after the prefix (a fresh copy). */
  public byte[] key() {
    return decode(value);
  }

  private static byte[] decode(String value) {
    try {
      return Base64.getDecoder().decode(value.substring(PREFIX.length()));
    } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
      return new byte[0];
    }
  }

  @Override
  public String toString() {
    return PREFIX + "***";
  }
}
