package io.fetchq.contracts.jobs.v1;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * The {@value #NAME} record header: marks a {@link FetchJobMessage} handed back to a retry tier
 * only because its host had no room in the worker that read it. Its value names that host (the
 * message's {@link FetchJobMessage#host()}, in UTF-8; empty for a message without one), for whoever
 * inspects the topic; readers act on the header's presence. Such a message's {@link
 * FetchJobMessage#notBefore()} is an estimate of when the host will have room, not a time before
 * which the attempt must not run: a retry tier may release it sooner, when a worker asks for
 * records, and a worker runs it on arrival instead of handing it back as early. Real retries and
 * records held back by a circuit breaker never carry it: their due time is a promise.
 */
public final class AwaitsRoomHeader {

  /** The header's name. */
  public static final String NAME = "fetchq-awaits-room";

  private AwaitsRoomHeader() {}

  /** The header value for a record waiting for room at {@code host}: the host in UTF-8. */
  public static byte[] encode(String host) {
    return Objects.requireNonNull(host, "host").getBytes(StandardCharsets.UTF_8);
  }
}
