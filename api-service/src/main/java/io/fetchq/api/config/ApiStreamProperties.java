package io.fetchq.api.config;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the live status streams ({@code fetchq.api.streams.*}) and of the database change
 * listener that feeds them.
 *
 * @param maxStreams event streams one instance serves at once; one more is refused with 503
 * @param maxLifetime how long one stream lasts at most (the client reconnects)
 * @param heartbeat how often a {@code : keep-alive} comment is sent on every stream (it also finds
 *     clients that went away)
 * @param fallbackInterval how often every stream is re-read even without a notification
 * @param readerThreads threads re-reading followed jobs and batches and writing the events
 * @param listener the connection listening for database notifications
 */
@Validated
@ConfigurationProperties("fetchq.api.streams")
public record ApiStreamProperties(
    @DefaultValue("1000") @Min(1) int maxStreams,
    @DefaultValue("30m") @NotNull Duration maxLifetime,
    @DefaultValue("15s") @NotNull Duration heartbeat,
    @DefaultValue("5s") @NotNull Duration fallbackInterval,
    @DefaultValue("4") @Min(1) @Max(64) int readerThreads,
    @Valid @DefaultValue Listener listener) {

  /**
   * @param applicationName the {@code application_name} of the listening connection (visible in
   *     {@code pg_stat_activity})
   * @param pollTimeout how long one wait for notifications lasts (bounds how late a stop is seen)
   * @param initialBackoff the first delay before reconnecting after a failure
   * @param maxBackoff the longest delay between reconnection attempts
   */
  public record Listener(
      @DefaultValue("fetchq-change-listener") @NotBlank String applicationName,
      @DefaultValue("1s") @NotNull Duration pollTimeout,
      @DefaultValue("100ms") @NotNull Duration initialBackoff,
      @DefaultValue("5s") @NotNull Duration maxBackoff) {}
}
