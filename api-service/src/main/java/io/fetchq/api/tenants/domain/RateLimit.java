package io.fetchq.api.tenants.domain;

/**
 * A tenant's token bucket (API.md "Rate limits"): {@code perSecond} tokens are added every second
 * up to {@code burst}; a job takes one token, a batch of N takes N.
 *
 * <p>Bounds: {@code perSecond} 1..{@value #MAX_PER_SECOND}; {@code burst} from {@code perSecond}
 * (the bucket holds at least one second of tokens) to {@value #MAX_BURST}. The upper bounds are far
 * above what one deployment accepts; they only keep the numbers meaningful and catch typos.
 *
 * @param perSecond tokens added per second
 * @param burst the bucket size: the most requests accepted at once after a quiet period
 */
public record RateLimit(int perSecond, int burst) {

  public static final int MAX_PER_SECOND = 100_000;
  public static final int MAX_BURST = 1_000_000;

  /** The limit of a tenant created without one (and of the built-in {@code system} tenant). */
  public static final RateLimit DEFAULT = new RateLimit(100, 200);

  public RateLimit {
    if (perSecond < 1 || perSecond > MAX_PER_SECOND) {
      throw new IllegalArgumentException("perSecond must be between 1 and " + MAX_PER_SECOND);
    }
    if (burst < perSecond || burst > MAX_BURST) {
      throw new IllegalArgumentException(
          "burst must be between perSecond (" + perSecond + ") and " + MAX_BURST);
    }
  }
}
