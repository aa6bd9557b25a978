package io.llmproxy.query.replay;

/** What a completed replay found: its position, the ledger's sum and the comparison. */
record ReplayOutcome(long position, Tally ledger, RollupComparison comparison) {}
