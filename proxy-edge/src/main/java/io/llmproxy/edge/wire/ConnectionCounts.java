package io.llmproxy.edge.wire;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** Open connections on the node, in all and per client address, within their caps. */
final class ConnectionCounts {

  private final int max;
  private final int maxPerClient;
  private final AtomicInteger total = new AtomicInteger();
  private final ConcurrentHashMap<String, Integer> perClient = new ConcurrentHashMap<>();

  ConnectionCounts(int max, int maxPerClient) {
    this.max = max;
    this.maxPerClient = maxPerClient;
  }

  /** Takes a place among all connections; false (and nothing taken) when they are full. */
  boolean openOne() {
    if (total.incrementAndGet() > max) {
      total.decrementAndGet();
      return false;
    }
    return true;
  }

  void closeOne() {
    total.decrementAndGet();
  }

  /** Takes one of {@code client}'s places; false (and nothing taken) when it holds them all. */
  boolean admit(String client) {
    boolean[] admitted = {false};
    perClient.compute(
        client,
        (address, held) -> {
          int now = held == null ? 0 : held;
          admitted[0] = now < maxPerClient;
          return admitted[0] ? now + 1 : held;
        });
    return admitted[0];
  }

  void release(String client) {
    perClient.computeIfPresent(client, (address, held) -> held <= 1 ? null : held - 1);
  }
}
