package io.llmproxy.kernel.usage;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * One proxied request's consumption: the ledger entry every report and bill is derived from. It is
 * appended to the key's usage ledger stream before the answer is released to the client.
 *
 * @param endpoint the OpenAI endpoint used: {@code chat.completions}, {@code completions} or {@code
 *     embeddings}
 * @param streamed whether the answer was streamed
 * @param timeToFirstTokenMillis for streamed answers, the wait for the first chunk; else null
 * @param cost exact cost in US dollars from the price in force, or null if the model has no price
 * @param priceVersion the version of the price table {@code cost} was computed from
 * @param teamId the team the key belonged to when the request was made, or null
 * @param attempt which attempt of the request this entry is, from 1 (0 in entries written before
 *     routes could retry, which were all single attempts)
 * @param retried true when this attempt failed and the request went on with another one; reports
 *     count a request once, at the entry where {@code retried} is false
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
    Instant occurredAt,
    String endpoint,
    boolean streamed,
    Long timeToFirstTokenMillis,
    BigDecimal cost,
    String priceVersion,
    String teamId,
    int attempt,
    boolean retried) {

  /** The event-store stream that holds a key's usage; distinct from the key aggregate's own id. */
  public static String ledgerStreamId(String keyId) {
    return "usage-" + keyId;
  }
}
