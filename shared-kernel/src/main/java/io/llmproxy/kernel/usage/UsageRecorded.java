package io.llmproxy.kernel.usage;

import java.time.Instant;

/**
 * One proxied request's consumption: the ledger entry every report and bill is derived from. It is
 * appended to the key's usage ledger stream before the answer is released to the client.
 */
public record UsageRecorded(
    String requestId,
    String keyId,
    String alias,
    String provider,
    String upstreamModel,
    TokenUsage usage,
    boolean estimated,
    UsageOutcome outcome,
    long latencyMillis,
    Instant occurredAt) {

  /** The event-store stream that holds a key's usage; distinct from the key aggregate's own id. */
  public static String ledgerStreamId(String keyId) {
    return "usage-" + keyId;
  }
}
