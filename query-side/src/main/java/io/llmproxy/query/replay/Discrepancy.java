package io.llmproxy.query.replay;

import java.util.Map;

/**
 * One figure of one rollup row that differs from the ledger. A value is null where the row is
 * missing on that side; counts are numbers, the cost is exact decimal text.
 */
public record Discrepancy(
    String table,
    Map<String, String> dimensions,
    String field,
    Object ledgerValue,
    Object readModelValue) {}
