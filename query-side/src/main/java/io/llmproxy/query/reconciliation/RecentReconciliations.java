package io.llmproxy.query.reconciliation;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The last reports of this node, kept in memory so an answer can be fetched again by its id. They
 * are not facts (rerunning with the same export gives the same report), so they are neither events
 * nor stored; the oldest is forgotten once {@code llmproxy.reconciliation.kept-reports} are kept.
 */
@Component
class RecentReconciliations {

  private final Map<String, ReconciliationReport> reports;

  RecentReconciliations(@Value("${llmproxy.reconciliation.kept-reports:20}") int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("llmproxy.reconciliation.kept-reports must be at least 1");
    }
    this.reports =
        new LinkedHashMap<>() {
          private static final long serialVersionUID = 1L;

          @Override
          protected boolean removeEldestEntry(Map.Entry<String, ReconciliationReport> eldest) {
            return size() > capacity;
          }
        };
  }

  synchronized void keep(ReconciliationReport report) {
    reports.put(report.id(), report);
  }

  synchronized Optional<ReconciliationReport> find(String id) {
    return Optional.ofNullable(reports.get(id));
  }
}
