package io.llmproxy.query.reports;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.llmproxy.kernel.usage.UsageRecorded;
import io.llmproxy.query.readmodel.DecimalText;
import io.llmproxy.query.readmodel.EpochMicros;
import java.time.Instant;

/**
 * One ledger entry as the request log, its CSV export and the live feed show it. {@code cost} is
 * exact decimal text in US dollars, null when the model had no price; {@code attempts} is the
 * entry's attempt number (the request's attempt count on its final entry); {@code retried} marks an
 * attempt that failed and was followed by another.
 */
public record RequestLogEntry(
    @JsonIgnore long position,
    String requestId,
    Instant occurredAt,
    String keyId,
    String teamId,
    String alias,
    String provider,
    String model,
    String endpoint,
    boolean streamed,
    long promptTokens,
    long completionTokens,
    long totalTokens,
    long cachedTokens,
    long cacheWriteTokens,
    String cost,
    long latencyMs,
    Long timeToFirstTokenMs,
    String outcome,
    boolean estimated,
    int attempts,
    boolean retried,
    @JsonIgnore String eventId) {

  static RequestLogEntry of(long position, String eventId, UsageRecorded entry) {
    return new RequestLogEntry(
        position,
        entry.requestId(),
        // the stored precision, so that the feed shows what the log will show
        EpochMicros.toInstant(EpochMicros.of(entry.occurredAt())),
        entry.keyId(),
        entry.teamId(),
        entry.alias(),
        entry.provider(),
        entry.upstreamModel(),
        entry.endpoint(),
        entry.streamed(),
        entry.usage().promptTokens(),
        entry.usage().completionTokens(),
        entry.usage().totalTokens(),
        entry.usage().cachedTokens(),
        entry.usage().cacheWriteTokens(),
        entry.cost() == null ? null : DecimalText.format(entry.cost()),
        entry.latencyMillis(),
        entry.timeToFirstTokenMillis(),
        entry.outcome().wireName(),
        entry.estimated(),
        entry.attempt(),
        entry.retried(),
        eventId);
  }
}
