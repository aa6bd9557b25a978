package io.llmproxy.query.reconciliation;

import io.llmproxy.query.reconciliation.ReconciliationReport.Difference;
import io.llmproxy.query.reconciliation.ReconciliationReport.Row;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/** Compares an export with the ledger per UTC day and model; no I/O, so it is tested directly. */
final class Reconciler {

  private record DayModel(LocalDate day, String model) implements Comparable<DayModel> {
    @Override
    public int compareTo(DayModel other) {
      int byDay = day.compareTo(other.day);
      return byDay != 0 ? byDay : model.compareTo(other.model);
    }
  }

  private final ReconciliationQuery query;
  private final Set<Field> fields;

  Reconciler(ReconciliationQuery query) {
    this.query = query;
    this.fields = query.format().fields();
  }

  ReconciliationReport compare(
      ParsedExport export, List<LedgerLine> ledger, String id, Instant createdAt) {
    List<String> notes = new ArrayList<>();
    export.ignored().forEach((reason, rows) -> notes.add(rows + " export rows ignored: " + reason));
    List<ExportRow> inPeriod = new ArrayList<>();
    for (ExportRow row : export.rows()) {
      if (!row.day().isBefore(query.from()) && !row.day().isAfter(query.to())) {
        inPeriod.add(row);
      }
    }
    int outside = export.rows().size() - inPeriod.size();
    if (outside > 0) {
      notes.add(outside + " export rows fall outside the period and were ignored");
    }

    ModelMatching names = ModelMatching.of(exportModels(inPeriod), ledgerModels(ledger));
    Map<DayModel, Figures> exported = new TreeMap<>();
    for (ExportRow row : inPeriod) {
      exported.merge(
          new DayModel(row.day(), names.forExport(row.model())), row.figures(), Figures::plus);
    }
    Map<DayModel, LedgerLine> recorded = new TreeMap<>();
    for (LedgerLine line : ledger) {
      String model = names.forLedger(line.model());
      recorded.merge(new DayModel(line.day(), model), line.named(model), LedgerLine::plus);
    }

    List<Difference> differences = new ArrayList<>();
    List<Row> onlyInExport = new ArrayList<>();
    List<Row> onlyInLedger = new ArrayList<>();
    int compared = 0;
    Set<DayModel> keys = new TreeSet<>(exported.keySet());
    keys.addAll(recorded.keySet());
    for (DayModel key : keys) {
      Figures theirs = exported.get(key);
      LedgerLine ours = recorded.get(key);
      if (ours == null) {
        if (!theirs.isZero()) {
          onlyInExport.add(Row.of(key.day(), key.model(), theirs, fields));
        }
      } else if (theirs == null) {
        if (!ours.figures().isZero()) {
          onlyInLedger.add(Row.of(key.day(), key.model(), ours.figures(), fields));
        }
      } else {
        compared++;
        differences.addAll(differences(key, theirs, ours.figures()));
      }
    }
    notes.addAll(ledgerNotes(recorded.values()));

    Figures exportTotal = exported.values().stream().reduce(Figures.ZERO, Figures::plus);
    Figures ledgerTotal =
        recorded.values().stream().map(LedgerLine::figures).reduce(Figures.ZERO, Figures::plus);
    return new ReconciliationReport(
        id,
        createdAt,
        query.providerLabel(),
        query.format().wireName(),
        new ReconciliationReport.Period(query.from(), query.to()),
        new ReconciliationReport.Tolerance(query.toleranceTokens(), query.toleranceCost()),
        fields.stream().map(Field::wireName).toList(),
        compared,
        differences.isEmpty() && onlyInExport.isEmpty() && onlyInLedger.isEmpty(),
        differences,
        onlyInExport,
        onlyInLedger,
        names.matches(),
        new ReconciliationReport.Totals(
            Row.of(null, null, exportTotal, fields), Row.of(null, null, ledgerTotal, fields)),
        notes);
  }

  private List<Difference> differences(DayModel key, Figures theirs, Figures ours) {
    List<Difference> found = new ArrayList<>();
    for (Field field : fields) {
      BigDecimal provider = theirs.value(field);
      BigDecimal ledger = ours.value(field);
      BigDecimal difference = provider.subtract(ledger);
      if (difference.abs().compareTo(tolerance(field)) > 0) {
        found.add(
            new Difference(key.day(), key.model(), field.wireName(), provider, ledger, difference));
      }
    }
    return found;
  }

  private BigDecimal tolerance(Field field) {
    if (field == Field.COST) {
      return query.toleranceCost();
    }
    return field.isTokens() ? BigDecimal.valueOf(query.toleranceTokens()) : BigDecimal.ZERO;
  }

  private List<String> ledgerNotes(Iterable<LedgerLine> lines) {
    long estimated = 0;
    long unpriced = 0;
    for (LedgerLine line : lines) {
      estimated += line.estimatedEntries();
      unpriced += line.unpricedEntries();
    }
    List<String> notes = new ArrayList<>();
    if (estimated > 0) {
      notes.add(
          estimated
              + " ledger entries hold token counts estimated locally because the provider"
              + " reported none; their days may differ by the estimate");
    }
    if (unpriced > 0 && fields.contains(Field.COST)) {
      notes.add(
          unpriced + " ledger entries had no price, so their cost is missing on the ledger side");
    }
    return notes;
  }

  private static Set<String> exportModels(List<ExportRow> rows) {
    Set<String> models = new TreeSet<>();
    rows.forEach(row -> models.add(row.model()));
    return models;
  }

  private static Set<String> ledgerModels(List<LedgerLine> lines) {
    Set<String> models = new TreeSet<>();
    lines.forEach(line -> models.add(line.model()));
    return models;
  }
}
