package io.llmproxy.query.reconciliation;

import io.llmproxy.query.paging.QueryParameters;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Set;
import java.util.TreeSet;

/**
 * What to reconcile, checked from the query string.
 *
 * @param providers configured provider names; several when they share one provider account, whose
 *     export then covers all of them
 * @param from first UTC day compared
 * @param to last UTC day compared (included)
 * @param toleranceTokens a token difference up to this size is not reported
 * @param toleranceCost a cost difference up to this many US dollars is not reported
 */
record ReconciliationQuery(
    Set<String> providers,
    ExportFormat format,
    LocalDate from,
    LocalDate to,
    long toleranceTokens,
    BigDecimal toleranceCost) {

  static final int MAX_DAYS = 366;
  static final int MAX_PROVIDERS = 20;

  static ReconciliationQuery parse(
      String provider,
      String format,
      String from,
      String to,
      String toleranceTokens,
      String toleranceCost) {
    Set<String> providers = providers(provider);
    ExportFormat exportFormat = format(format);
    LocalDate first = day(from, "from");
    LocalDate last = day(to, "to");
    if (last.isBefore(first)) {
      throw QueryParameters.badRequest("to must be the same day as from or later");
    }
    if (ChronoUnit.DAYS.between(first, last) >= MAX_DAYS) {
      throw QueryParameters.badRequest("the period can be at most " + MAX_DAYS + " days");
    }
    return new ReconciliationQuery(
        providers,
        exportFormat,
        first,
        last,
        toleranceTokens(toleranceTokens),
        toleranceCost(toleranceCost));
  }

  /** As the report names it: the providers, comma-separated. */
  String providerLabel() {
    return String.join(",", providers);
  }

  private static Set<String> providers(String raw) {
    if (raw == null || raw.isBlank()) {
      throw QueryParameters.badRequest(
          "provider is required: the configured provider name whose usage the export shows");
    }
    Set<String> providers = new TreeSet<>();
    for (String part : raw.split(",")) {
      String name = QueryParameters.identifier(part.strip(), "provider");
      if (name == null) {
        throw QueryParameters.badRequest("provider names must not be empty");
      }
      providers.add(name);
    }
    if (providers.size() > MAX_PROVIDERS) {
      throw QueryParameters.badRequest("provider can name at most " + MAX_PROVIDERS + " providers");
    }
    return providers;
  }

  private static ExportFormat format(String raw) {
    ExportFormat format = raw == null ? null : ExportFormat.of(raw.strip());
    if (format == null) {
      throw QueryParameters.badRequest(
          "format must be one of " + String.join(", ", ExportFormat.wireNames()));
    }
    return format;
  }

  private static LocalDate day(String raw, String name) {
    if (raw == null || raw.isBlank()) {
      throw QueryParameters.badRequest(name + " is required: a UTC day such as 2026-01-31");
    }
    try {
      return LocalDate.parse(raw.strip());
    } catch (DateTimeParseException e) {
      throw QueryParameters.badRequest(name + " must be a UTC day such as 2026-01-31");
    }
  }

  private static long toleranceTokens(String raw) {
    if (raw == null || raw.isBlank()) {
      return 0;
    }
    try {
      long tokens = Long.parseLong(raw.strip());
      if (tokens >= 0) {
        return tokens;
      }
    } catch (NumberFormatException e) {
      // answered below
    }
    throw QueryParameters.badRequest(
        "tolerance_tokens must be a whole number of tokens, 0 or more");
  }

  private static BigDecimal toleranceCost(String raw) {
    if (raw == null || raw.isBlank()) {
      return BigDecimal.ZERO;
    }
    try {
      BigDecimal cost = new BigDecimal(raw.strip());
      if (cost.signum() >= 0) {
        return cost;
      }
    } catch (NumberFormatException e) {
      // answered below
    }
    throw QueryParameters.badRequest("tolerance_cost must be an amount in US dollars, 0 or more");
  }
}
