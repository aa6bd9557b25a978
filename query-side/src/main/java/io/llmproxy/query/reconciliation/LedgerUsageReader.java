package io.llmproxy.query.reconciliation;

import io.llmproxy.eventstore.EventReads;
import io.llmproxy.eventstore.PayloadKind;
import io.llmproxy.kernel.AggregateTypes;
import io.llmproxy.kernel.usage.UsageRecorded;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * Sums the usage ledger per UTC day and upstream model straight from the event store, so a
 * reconciliation compares with the facts themselves rather than with a projection of them. Reads
 * through the read-only pool and streams rows, keeping only one sum per day and model in memory.
 */
@Component
class LedgerUsageReader {

  private static final PayloadKind USAGE =
      PayloadKind.of(AggregateTypes.USAGE_LEDGER, UsageRecorded.class);

  private final EventReads events;

  LedgerUsageReader(EventReads events) {
    this.events = events;
  }

  /** Entries of {@code providers} whose request started within {@code [from, to]} (UTC days). */
  List<LedgerLine> read(Set<String> providers, LocalDate from, LocalDate to) {
    Instant start = from.atStartOfDay(ZoneOffset.UTC).toInstant();
    Instant end = to.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
    Map<String, LedgerLine> lines = new HashMap<>();
    // The index on (type, global_index) narrows the scan to ledger events; the append time bounds
    // it further. An entry is appended when its request ends, after the start it is dated by: a
    // day of margin past the period keeps requests that began before midnight and ended after it.
    events.eachOfBetween(
        USAGE,
        start,
        end.plus(Duration.ofDays(1)),
        event -> {
          if (event.getPayload() instanceof UsageRecorded entry
              && providers.contains(entry.provider())
              && !entry.occurredAt().isBefore(start)
              && entry.occurredAt().isBefore(end)) {
            LedgerLine line = LedgerLine.of(entry);
            lines.merge(line.day() + "\n" + line.model(), line, LedgerLine::plus);
          }
        });
    return new ArrayList<>(lines.values());
  }
}
