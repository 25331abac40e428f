package io.fetchq.api.tenants.domain;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Objects;

/**
 * The SHA-256 digest of an API key's UTF-8 bytes: all that is ever stored of a key. A plain
 * (unsalted, fast) digest is enough because keys are 256-bit random values, not passwords: there is
 * nothing to guess. Equal digests are equal values (usable as a map key); {@link #matches} compares
 * in constant time.
 *
 * @param digest the 32 digest bytes (copied in and out)
 */
public record ApiKeyHash(byte[] digest) {

  /** The length of a SHA-256 digest. */
  public static final int LENGTH = 32;

  public ApiKeyHash {
    Objects.requireNonNull(digest, "digest");
    if (digest.length != LENGTH) {
      throw new IllegalArgumentException("a SHA-256 digest has " + LENGTH + " bytes");
    }
    digest = digest.clone();
  }

  /** The digest of {@code key}. */
  public static ApiKeyHash of(String key) {
    try {
      return new ApiKeyHash(
          MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every JDK", e);
    }
  }

  /** Whether {@code other} is the same digest, compared in constant time. */
  public boolean matches(ApiKeyHash other) {
    return other != null && MessageDigest.isEqual(digest, other.digest);
  }

  /** The digest bytes (a fresh copy). */
  @Override
  public byte[] digest() {
    return digest.clone();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof ApiKeyHash hash && Arrays.equals(digest, hash.digest);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(digest);
  }

  @Override
  public String toString() {
    return "ApiKeyHash[sha256]";
  }
}
