package io.fetchq.worker.messaging;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * The per-host politeness gate of one worker: at most {@code maxPerHost} items run against one
 * host, and items for a host that is busy wait in that host's FIFO lane, at most {@code maxWaiting}
 * over all hosts. Waiting items hold no global slot. Free global slots go to the hosts with waiting
 * items round-robin ({@link #pollStartable}), so when the worker is saturated every host still gets
 * its turn: a host with one job is not queued behind another host's thousands.
 *
 * <p>When the lanes are full, {@link #deferUntil} says how far to postpone an item: each deferred
 * item reserves the next slot of its host's virtual queue, behind what waits here and what was
 * deferred before it, at the host's pace. A deferred item therefore normally comes back once, when
 * there is room for it, instead of bouncing every second. The pace is the rate at which this worker
 * has been starting the host's waiting items, measured over windows of at least {@link
 * #PACE_WINDOW} while they wait: what the host and this worker's cores together achieve. The host's
 * own pace ({@code average fetch time / maxPerHost}) is only the fallback until such a window
 * closes: it is the rate the host could take, which a worker short of CPU does not reach (records
 * came back before there was room and were deferred again), and fetch times measured on a saturated
 * machine make it too slow (the host idled until its records came back). Two rules keep a wrong
 * estimate from stranding work: until the host has finished a fetch its pace is unknown and a
 * deferral is {@link #MIN_DEFERRAL} (it comes back once the pace is measured), and no deferral
 * reaches beyond {@link #MAX_DEFERRAL}: a backlog longer than that comes back and is deferred
 * again. A due time is an upper bound: the job loop's deferred records come back sooner when it has
 * room (the retry tiers release them for it), so a host that turns out faster than estimated does
 * not idle until then.
 *
 * <p>A lane exists only while its host has something running or waiting, so memory follows the
 * hosts in use. Not thread-safe: owned by the consumer loop's thread.
 *
 * @param <T> what waits
 */
public final class HostLanes<T> {

  /** The shortest deferral, so a deferred item never comes straight back. */
  public static final Duration MIN_DEFERRAL = Duration.ofSeconds(1);

  /**
   * The longest deferral. Deferred job records come back sooner when a worker has room (the retry
   * tiers release them for it), so this bounds only how long they wait when none has: a 50,000-job
   * backlog paced at a 1 s guess was once spread over an hour. A longer backlog comes back and is
   * deferred again, each time through the retry tiers (15 s cost a 200,000-job backlog 3.3
   * deferrals and 14.9 tier forwards per job).
   */
  public static final Duration MAX_DEFERRAL = Duration.ofSeconds(60);

  /**
   * The shortest window over which the rate of starts is measured; a window spans the time between
   * two deferrals of the host, so it is measured while the host's items wait.
   */
  public static final Duration PACE_WINDOW = Duration.ofMillis(500);

  /**
   * The longest window: deferrals further apart than this do not measure the rate between them (the
   * host's items need not have waited all that time), they start a new window.
   */
  public static final Duration PACE_WINDOW_MAX = Duration.ofSeconds(5);

  private static final double EWMA_WEIGHT = 0.2;
  private static final double START_RATE_WEIGHT = 0.5;

  private static final class Lane<T> {
    final ArrayDeque<T> waiting = new ArrayDeque<>();
    int running;
    double fetchMillis = Double.NaN; // EWMA of finished fetches; NaN until the first one
    Instant horizon = Instant.MIN;
    long started; // waiting items started so far
    long windowStarted; // ... when the current pace window opened
    Instant windowOpened; // null: no window open
    double startsPerSecond = Double.NaN; // EWMA over closed windows; NaN until the first one
    double perItemNanos = Double.NaN; // the pace the horizon was laid out at
  }

  private final int maxPerHost;
  private final int maxWaiting;
  private final Map<String, Lane<T>> lanes = new HashMap<>();
  // hosts that may have a startable item, in round-robin order (stale entries are skipped)
  private final LinkedHashSet<String> startable = new LinkedHashSet<>();
  private int waiting;

  public HostLanes(int maxPerHost, int maxWaiting) {
    if (maxPerHost < 1) {
      throw new IllegalArgumentException("maxPerHost must be >= 1");
    }
    if (maxWaiting < 0) {
      throw new IllegalArgumentException("maxWaiting must be >= 0");
    }
    this.maxPerHost = maxPerHost;
    this.maxWaiting = maxWaiting;
  }

  /** Whether {@code host} has all its slots taken or items waiting. */
  public boolean busy(String host) {
    Lane<T> lane = lanes.get(host);
    return lane != null && (lane.running >= maxPerHost || !lane.waiting.isEmpty());
  }

  /**
   * Whether {@code host} has all its slots taken: its next item could not start even with a free
   * global slot. A host that is only {@link #busy} because items wait behind a full worker is not.
   */
  public boolean atLimit(String host) {
    Lane<T> lane = lanes.get(host);
    return lane != null && lane.running >= maxPerHost;
  }

  /**
   * Takes a slot of {@code host} for a new item when the host is not {@link #busy} (a new item
   * never overtakes its host's waiting ones).
   */
  public boolean tryAcquire(String host) {
    if (busy(host)) {
      return false;
    }
    lanes.computeIfAbsent(host, h -> new Lane<>()).running++;
    return true;
  }

  /** Queues {@code item} behind its host's other items; false when every lane slot is taken. */
  public boolean enqueue(String host, T item) {
    if (waiting >= maxWaiting) {
      return false;
    }
    Lane<T> lane = lanes.computeIfAbsent(host, h -> new Lane<>());
    lane.waiting.add(item);
    waiting++;
    if (lane.running < maxPerHost) {
      startable.add(host);
    }
    return true;
  }

  /**
   * The oldest waiting item of the next host, round-robin, that has a free slot, with that slot
   * taken for it; null when there is none.
   */
  public T pollStartable() {
    Iterator<String> hosts = startable.iterator();
    while (hosts.hasNext()) {
      String host = hosts.next();
      hosts.remove();
      Lane<T> lane = lanes.get(host);
      if (lane == null || lane.waiting.isEmpty() || lane.running >= maxPerHost) {
        continue;
      }
      T item = lane.waiting.poll();
      waiting--;
      lane.running++;
      lane.started++;
      if (!lane.waiting.isEmpty() && lane.running < maxPerHost) {
        startable.add(host); // to the back: the other hosts go first
      }
      return item;
    }
    return null;
  }

  /**
   * Gives back a slot of {@code host}.
   *
   * @param fetchTime how long the finished fetch took, to learn the host's pace; null when the slot
   *     was not used for a fetch
   */
  public void release(String host, Duration fetchTime) {
    Lane<T> lane = lanes.get(host);
    if (lane == null || lane.running == 0) {
      throw new IllegalStateException("no slot of " + host + " is taken");
    }
    lane.running--;
    if (fetchTime != null) {
      double millis = Math.max(1, fetchTime.toMillis());
      lane.fetchMillis =
          Double.isNaN(lane.fetchMillis)
              ? millis
              : (1 - EWMA_WEIGHT) * lane.fetchMillis + EWMA_WEIGHT * millis;
    }
    if (!lane.waiting.isEmpty()) {
      startable.add(host);
    } else if (lane.running == 0) {
      lanes.remove(host);
    }
  }

  /**
   * Gives back the slot taken for {@code item} and puts it first in its host's lane again (its
   * start failed and will be retried). May exceed {@code maxWaiting} for a while.
   */
  public void requeueFirst(String host, T item) {
    Lane<T> lane = lanes.get(host);
    if (lane == null || lane.running == 0) {
      throw new IllegalStateException("no slot of " + host + " is taken");
    }
    lane.running--;
    lane.waiting.addFirst(item);
    waiting++;
    startable.add(host);
  }

  /**
   * When an item of {@code host} that found no room should come back: the next free slot of the
   * host's virtual queue, at least {@link #MIN_DEFERRAL} and at most {@link #MAX_DEFERRAL} from
   * {@code now}; {@link #MIN_DEFERRAL} while the host's pace is not measured yet.
   */
  public Instant deferUntil(String host, Instant now) {
    Instant earliest = now.plus(MIN_DEFERRAL);
    Instant latest = now.plus(MAX_DEFERRAL);
    Lane<T> lane = lanes.get(host);
    if (lane == null) {
      return earliest;
    }
    measureStarts(lane, now);
    double perItemNanos;
    if (!Double.isNaN(lane.startsPerSecond)) {
      perItemNanos = 1_000_000_000.0 / lane.startsPerSecond;
    } else if (!Double.isNaN(lane.fetchMillis)) {
      perItemNanos = lane.fetchMillis * 1_000_000.0 / maxPerHost;
    } else {
      return earliest;
    }
    perItemNanos = Math.max(1_000.0, perItemNanos);
    if (perItemNanos != lane.perItemNanos) {
      // the slots reserved ahead take as many items at the new pace
      if (!Double.isNaN(lane.perItemNanos) && lane.horizon.isAfter(now)) {
        double ahead = Duration.between(now, lane.horizon).toNanos() / lane.perItemNanos;
        lane.horizon = now.plusNanos((long) (ahead * perItemNanos));
      }
      lane.perItemNanos = perItemNanos;
    }
    Instant behindWaiting = now.plusNanos((long) (lane.waiting.size() * perItemNanos));
    Instant from = lane.horizon.isAfter(behindWaiting) ? lane.horizon : behindWaiting;
    if (from.isAfter(latest)) {
      from = latest;
    }
    lane.horizon = from.plusNanos((long) perItemNanos);
    if (lane.horizon.isBefore(earliest)) {
      return earliest;
    }
    return lane.horizon.isAfter(latest) ? latest : lane.horizon;
  }

  /**
   * Closes the lane's pace window when it has lasted at least {@link #PACE_WINDOW} and seen a
   * start, folding its rate into the lane's; opens a new one when none is open or the open one has
   * lasted longer than {@link #PACE_WINDOW_MAX} (or the clock went back).
   */
  private static void measureStarts(Lane<?> lane, Instant now) {
    Duration open = lane.windowOpened == null ? null : Duration.between(lane.windowOpened, now);
    if (open != null && !open.isNegative() && open.compareTo(PACE_WINDOW_MAX) <= 0) {
      long starts = lane.started - lane.windowStarted;
      if (open.compareTo(PACE_WINDOW) < 0 || starts == 0) {
        return; // too short, or nothing started yet: keep the window open (up to the maximum)
      }
      double rate = starts * 1_000_000_000.0 / open.toNanos();
      lane.startsPerSecond =
          Double.isNaN(lane.startsPerSecond)
              ? rate
              : (1 - START_RATE_WEIGHT) * lane.startsPerSecond + START_RATE_WEIGHT * rate;
    }
    lane.windowOpened = now;
    lane.windowStarted = lane.started;
  }

  /**
   * The first {@code n} items waiting for {@code host}, oldest first, left in place: the ones that
   * start next when the host's slots free up.
   */
  public List<T> waitingHeads(String host, int n) {
    Lane<T> lane = lanes.get(host);
    if (lane == null || n <= 0) {
      return List.of();
    }
    List<T> heads = new ArrayList<>(Math.min(n, lane.waiting.size()));
    Iterator<T> items = lane.waiting.iterator();
    while (heads.size() < n && items.hasNext()) {
      heads.add(items.next());
    }
    return heads;
  }

  /** Removes {@code item} (the same instance) from its host's lane; false when it is not there. */
  public boolean removeWaiting(String host, T item) {
    Lane<T> lane = lanes.get(host);
    if (lane == null || !lane.waiting.removeIf(waitingItem -> waitingItem == item)) {
      return false;
    }
    waiting--;
    if (lane.waiting.isEmpty() && lane.running == 0) {
      lanes.remove(host);
    }
    return true;
  }

  /** Removes and returns every waiting item matching {@code filter}. */
  public List<T> removeWaitingIf(Predicate<T> filter) {
    Objects.requireNonNull(filter, "filter");
    List<T> removed = new ArrayList<>();
    Iterator<Map.Entry<String, Lane<T>>> entries = lanes.entrySet().iterator();
    while (entries.hasNext()) {
      Lane<T> lane = entries.next().getValue();
      lane.waiting.removeIf(
          item -> {
            boolean drop = filter.test(item);
            if (drop) {
              removed.add(item);
            }
            return drop;
          });
      if (lane.waiting.isEmpty() && lane.running == 0) {
        entries.remove();
      }
    }
    waiting -= removed.size();
    return removed;
  }

  /** Slots of {@code host} in use. */
  public int running(String host) {
    Lane<T> lane = lanes.get(host);
    return lane == null ? 0 : lane.running;
  }

  /** Items waiting over all hosts. */
  public int waiting() {
    return waiting;
  }

  /** Hosts with something running or waiting. */
  public int hosts() {
    return lanes.size();
  }
}
