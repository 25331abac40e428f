package io.fetchq.contracts.jobs.v1;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;

/**
 * The {@value #NAME} record header: marks a {@link FetchJobMessage} handed back to a retry tier
 * only because its host had no room in the worker that read it, and names that host (the message's
 * {@link FetchJobMessage#host()}, in UTF-8; empty for a message without one). Its {@link
 * FetchJobMessage#notBefore()} is then an estimate of when the host will have room, not a time
 * before which the attempt must not run: a retry tier may release such a record sooner, when a
 * worker asks for records of that host, and a worker runs it on arrival instead of handing it back
 * as early. Real retries and records held back by a circuit breaker never carry it: their due time
 * is a promise.
 */
public final class AwaitsRoomHeader {

  /** The header's name. */
  public static final String NAME = "fetchq-awaits-room";

  /** Longest value: a DNS name has at most 253 characters, an IPv6 literal far fewer. */
  private static final int MAX_BYTES = 253;

  private AwaitsRoomHeader() {}

  /** The header value for a record waiting for room at {@code host}. */
  public static byte[] encode(String host) {
    Objects.requireNonNull(host, "host");
    byte[] value = host.getBytes(StandardCharsets.UTF_8);
    if (value.length > MAX_BYTES) {
      throw new IllegalArgumentException("host must be at most " + MAX_BYTES + " bytes");
    }
    return value;
  }

  /** The host a header value names, or empty when {@code value} is null or too long. */
  public static Optional<String> decode(byte[] value) {
    if (value == null || value.length > MAX_BYTES) {
      return Optional.empty();
    }
    return Optional.of(new String(value, StandardCharsets.UTF_8));
  }
}
