package io.llmproxy.query.reconciliation;

import java.time.LocalDate;

/** One line of a provider's export: a model's usage in a time bucket of one UTC day. */
record ExportRow(LocalDate day, String model, Figures figures) {}
