package io.llmproxy.query.reconciliation;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import org.springframework.stereotype.Component;

/** Runs a reconciliation: parse the export, sum the ledger, compare, keep the report. */
@Component
class Reconciliations {

  private final LedgerUsageReader ledger;
  private final RecentReconciliations recent;
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();

  Reconciliations(LedgerUsageReader ledger, RecentReconciliations recent, Clock clock) {
    this.ledger = ledger;
    this.recent = recent;
    this.clock = clock;
  }

  /**
   * @throws ExportParseException when the export is not of the query's format
   */
  ReconciliationReport run(ReconciliationQuery query, byte[] export) {
    ParsedExport parsed = query.format().parse(export);
    List<LedgerLine> lines = ledger.read(query.providers(), query.from(), query.to());
    ReconciliationReport report =
        new Reconciler(query).compare(parsed, lines, newId(), clock.instant());
    recent.keep(report);
    return report;
  }

  ReconciliationReport find(String id) {
    return recent.find(id).orElse(null);
  }

  private String newId() {
    byte[] bytes = new byte[9];
    random.nextBytes(bytes);
    return "recon_" + HexFormat.of().formatHex(bytes);
  }
}
