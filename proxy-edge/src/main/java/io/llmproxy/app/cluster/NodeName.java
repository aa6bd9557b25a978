package io.llmproxy.app.cluster;

import java.lang.management.ManagementFactory;

/**
 * This node's name in the token store's claims and in the cluster member list: {@code
 * llmproxy.node-id} (env {@code LLMPROXY_NODE_ID}), or Axon's default, {@code pid@host}. Two nodes
 * with one name would both believe they own the same segments.
 */
public record NodeName(String value) {

  public static NodeName configuredOrDefault(String configured) {
    return new NodeName(
        configured == null || configured.isBlank()
            ? ManagementFactory.getRuntimeMXBean().getName()
            : configured.strip());
  }

  @Override
  public String toString() {
    return value;
  }
}
