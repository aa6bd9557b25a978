package io.llmproxy.query.reconciliation;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Collects a parser's rows and the rows it chose to leave out. */
final class ExportRows {

  private final List<ExportRow> rows = new ArrayList<>();
  private final Map<String, Integer> ignored = new LinkedHashMap<>();

  void add(LocalDate day, String model, Figures figures) {
    rows.add(new ExportRow(day, model, figures));
  }

  void ignore(String reason) {
    ignored.merge(reason, 1, Integer::sum);
  }

  ParsedExport done() {
    return new ParsedExport(rows, ignored);
  }
}
