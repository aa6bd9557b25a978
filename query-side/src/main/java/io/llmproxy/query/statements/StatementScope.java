package io.llmproxy.query.statements;

import io.llmproxy.query.usage.RollupTables;

/** Whose usage a statement covers: one virtual key's, or one team's (its keys' at request time). */
enum StatementScope {
  KEY(RollupTables.OWNER_KEY),
  TEAM(RollupTables.OWNER_TEAM);

  /** The value of {@code owner_kind} in the statement-line rollup; also the API's name. */
  final String ownerKind;

  StatementScope(String ownerKind) {
    this.ownerKind = ownerKind;
  }
}
