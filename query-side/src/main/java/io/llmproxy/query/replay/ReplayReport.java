package io.llmproxy.query.replay;

import io.llmproxy.query.usage.UsageTotalsView;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * An audit replay as {@code GET /admin/audit/replays/{id}} and the command line show it. The
 * totals, rows and discrepancies are present once it has completed.
 *
 * @param status {@code running}, {@code completed} or {@code failed}
 * @param position the global event position at which ledger and read model were compared: every
 *     usage event up to it was replayed, and the live rollups held exactly those events
 * @param ledgerTotals every replayed usage event summed
 * @param readModelTotals the live hourly key-and-alias rollup summed (every event reaches it)
 * @param rowsCompared rollup rows compared, per table
 * @param discrepancyCount all discrepancies found; {@code discrepancies} lists the first ones
 * @param error why a failed replay failed
 */
public record ReplayReport(
    String id,
    String status,
    Instant startedAt,
    Instant finishedAt,
    Progress progress,
    Long position,
    UsageTotalsView ledgerTotals,
    UsageTotalsView readModelTotals,
    Map<String, Long> rowsCompared,
    Long discrepancyCount,
    List<Discrepancy> discrepancies,
    String error) {

  public static final String RUNNING = "running";
  public static final String COMPLETED = "completed";
  public static final String FAILED = "failed";

  /** Usage events read so far of those in the store when the replay started (and since). */
  public record Progress(long eventsRead, long eventsTotal, int percent) {}
}
