package io.llmproxy.edge.registry;

import java.util.List;

/**
 * An in-memory view the edge builds from some event streams. Its {@code @EventHandler} methods get
 * every event of its aggregate types in store order from {@link RegistryFollower}, and this node's
 * own events a second time, synchronously, from Axon (its processing group is a subscribing one).
 * Handlers must therefore be idempotent, which the aggregate sequence number makes easy.
 */
public interface EventRegistry {

  /** The aggregate types ({@link io.llmproxy.kernel.AggregateTypes}) whose events it needs. */
  List<String> aggregateTypes();
}
