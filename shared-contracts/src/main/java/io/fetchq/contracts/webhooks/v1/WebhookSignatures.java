package io.fetchq.contracts.webhooks.v1;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Standard Webhooks signatures (API.md "Webhooks"): {@code webhook-signature} is {@code v1,<base64
 * of HMAC-SHA256 over "{webhook-id}.{webhook-timestamp}.{body}">}, one per secret, separated by a
 * space (during a secret rotation both the new and the previous secret sign).
 */
public final class WebhookSignatures {

  /** The event's id, stable across redeliveries. */
  public static final String ID_HEADER = "webhook-id";

  /** Unix seconds of this delivery attempt. */
  public static final String TIMESTAMP_HEADER = "webhook-timestamp";

  /** The signatures. */
  public static final String SIGNATURE_HEADER = "webhook-signature";

  /** How far a verifier accepts a timestamp from its own clock (the spec's recommendation). */
  public static final Duration DEFAULT_TOLERANCE = Duration.ofMinutes(5);

  private static final String VERSION = "v1";

  private WebhookSignatures() {}

  /**
   * The {@code webhook-signature} header value for one delivery.
   *
   * @param id the {@code webhook-id}
   * @param timestamp the {@code webhook-timestamp}, unix seconds
   * @param body the exact bytes sent as the request body
   * @param secrets the secrets that sign, at least one; the signatures follow their order
   */
  public static String sign(
      String id, long timestamp, byte[] body, List<WebhookSigningSecret> secrets) {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(body, "body");
    if (secrets.isEmpty()) {
      throw new IllegalArgumentException("at least one secret signs");
    }
    if (id.isEmpty() || id.indexOf('.') >= 0) {
      throw new IllegalArgumentException("a webhook id is non-empty and has no '.'");
    }
    StringBuilder header = new StringBuilder();
    for (WebhookSigningSecret secret : secrets) {
      if (!header.isEmpty()) {
        header.append(' ');
      }
      header.append(VERSION).append(',').append(base64(hmac(secret, id, timestamp, body)));
    }
    return header.toString();
  }

  /**
   * Whether {@code signatureHeader} holds a {@code v1} signature of this delivery by {@code
   * secret}, compared in constant time, and {@code timestamp} is within {@code tolerance} of {@code
   * now}. Signatures of other versions are ignored.
   */
  public static boolean verify(
      String id,
      long timestamp,
      byte[] body,
      String signatureHeader,
      WebhookSigningSecret secret,
      Instant now,
      Duration tolerance) {
    if (signatureHeader == null
        || Math.abs(now.getEpochSecond() - timestamp) > tolerance.toSeconds()) {
      return false;
    }
    byte[] expected = hmac(secret, id, timestamp, body);
    boolean matched = false;
    for (String signature : signatureHeader.trim().split(" +")) {
      int comma = signature.indexOf(',');
      if (comma < 0 || !signature.substring(0, comma).equals(VERSION)) {
        continue;
      }
      byte[] presented;
      try {
        presented = Base64.getDecoder().decode(signature.substring(comma + 1));
      } catch (IllegalArgumentException e) {
        continue;
      }
      matched |= MessageDigest.isEqual(expected, presented);
    }
    return matched;
  }

  private static byte[] hmac(WebhookSigningSecret secret, String id, long timestamp, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.key(), "HmacSHA256"));
      mac.update((id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8));
      return mac.doFinal(body);
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HmacSHA256 is required by every JDK", e);
    }
  }

  private static String base64(byte[] bytes) {
    return Base64.getEncoder().encodeToString(bytes);
  }
}
