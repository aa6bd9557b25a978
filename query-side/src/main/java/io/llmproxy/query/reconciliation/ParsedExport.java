package io.llmproxy.query.reconciliation;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a parser read from an export.
 *
 * @param ignored rows deliberately left out of the comparison, counted per reason, so the report
 *     can say what it did not compare instead of dropping them silently
 */
record ParsedExport(List<ExportRow> rows, Map<String, Integer> ignored) {

  ParsedExport {
    rows = List.copyOf(rows);
    ignored = Collections.unmodifiableMap(new LinkedHashMap<>(ignored)); // notes keep their order
  }
}
