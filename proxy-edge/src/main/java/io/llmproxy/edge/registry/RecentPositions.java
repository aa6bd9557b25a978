package io.llmproxy.edge.registry;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.TreeSet;

/**
 * Where a poll of the event store starts, when writers commit out of global-index order. With
 * several connections appending (PostgreSQL), a row's index is taken when it is inserted but the
 * row becomes visible only at its commit, so a row below indexes already read can still appear.
 * Each poll therefore starts from the highest index applied at least {@code window} ago, and skips
 * the indexes it applied since; a row is missed only if its transaction outlasts the window.
 *
 * <p>Proof sketch: a row inserted at time t gets an index above every row visible at t, so above
 * every position applied by t; until t + window the poll starts at or below such a position.
 */
final class RecentPositions {

  private final long windowNanos;
  // (time, highest index applied by then), oldest first
  private final Deque<long[]> marks = new ArrayDeque<>();
  private final TreeSet<Long> applied = new TreeSet<>();
  private long highest;
  private long floor;

  RecentPositions(long windowNanos) {
    this.windowNanos = windowNanos;
  }

  /** Polls read the rows above this index. */
  long floor() {
    return floor;
  }

  /** False for a row this follower has already applied. */
  boolean isNew(long index) {
    return index > floor && !applied.contains(index);
  }

  void applied(long index) {
    applied.add(index);
    highest = Math.max(highest, index);
  }

  /** Called after every poll with the current {@link System#nanoTime()}. */
  void pollEnded(long nowNanos) {
    marks.addLast(new long[] {nowNanos, highest});
    while (marks.size() > 1 && nowNanos - secondOldest()[0] >= windowNanos) {
      marks.removeFirst();
    }
    long[] oldest = marks.peekFirst();
    if (nowNanos - oldest[0] >= windowNanos && oldest[1] > floor) {
      floor = oldest[1];
      applied.headSet(floor, true).clear();
    }
  }

  private long[] secondOldest() {
    var iterator = marks.iterator();
    iterator.next();
    return iterator.next();
  }
}
