package io.fetchq.api.idempotency.domain;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What identifies "the same request" for an idempotency key: SHA-256 over the resource's name, a
 * line feed and the canonical form of the parsed request (see {@code CanonicalJson}), so requests
 * that differ only in member order, whitespace, string escapes or number spelling match, and the
 * same body sent to another endpoint does not.
 *
 * @param sha256Hex the digest, 64 lowercase hexadecimal digits
 */
public record RequestFingerprint(String sha256Hex) {

  private static final Pattern HEX_SHA256 = Pattern.compile("[0-9a-f]{64}");

  public RequestFingerprint {
    Objects.requireNonNull(sha256Hex, "sha256Hex");
    if (!HEX_SHA256.matcher(sha256Hex).matches()) {
      throw new IllegalArgumentException("sha256Hex must be 64 lowercase hexadecimal digits");
    }
  }

  /** The fingerprint of {@code canonicalRequest} submitted to create a {@code resource}. */
  public static RequestFingerprint of(IdempotentResource resource, String canonicalRequest) {
    Objects.requireNonNull(resource, "resource");
    Objects.requireNonNull(canonicalRequest, "canonicalRequest");
    MessageDigest sha256 = sha256();
    sha256.update(resource.wireName().getBytes(StandardCharsets.UTF_8));
    sha256.update((byte) '\n');
    sha256.update(canonicalRequest.getBytes(StandardCharsets.UTF_8));
    return fromBytes(sha256.digest());
  }

  /** The fingerprint whose digest is {@code digest} (32 bytes). */
  public static RequestFingerprint fromBytes(byte[] digest) {
    return new RequestFingerprint(HexFormat.of().formatHex(digest));
  }

  /** The 32 bytes of the digest. */
  public byte[] bytes() {
    return HexFormat.of().parseHex(sha256Hex);
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK provides SHA-256", e);
    }
  }
}
