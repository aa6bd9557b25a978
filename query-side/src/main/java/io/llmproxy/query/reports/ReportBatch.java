package io.llmproxy.query.reports;

import io.llmproxy.kernel.usage.UsageRecorded;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The rows one processor batch adds: a request-log row per entry and, per touched hourly and daily
 * bucket, the sum of its entries, so that a bucket hit by many entries is written once.
 */
final class ReportBatch {

  final List<RequestLogEntry> entries = new ArrayList<>();
  final Map<Bucket, BucketTotals> hourly = new LinkedHashMap<>();
  final Map<Bucket, BucketTotals> daily = new LinkedHashMap<>();

  void add(long position, String eventId, UsageRecorded entry) {
    PicoDollars cost = PicoDollars.of(entry.cost());
    entries.add(RequestLogEntry.of(position, eventId, entry));
    String team = entry.teamId() == null ? ReportTables.NO_TEAM : entry.teamId();
    String outcome = entry.outcome().wireName();
    long hour = entry.occurredAt().truncatedTo(ChronoUnit.HOURS).getEpochSecond();
    long day = entry.occurredAt().truncatedTo(ChronoUnit.DAYS).getEpochSecond();
    hourly
        .computeIfAbsent(
            new Bucket(hour, entry.keyId(), team, entry.alias(), entry.provider(), outcome),
            bucket -> new BucketTotals())
        .add(entry, cost);
    daily
        .computeIfAbsent(
            new Bucket(day, entry.keyId(), team, entry.alias(), entry.provider(), outcome),
            bucket -> new BucketTotals())
        .add(entry, cost);
  }

  boolean isEmpty() {
    return entries.isEmpty();
  }
}
