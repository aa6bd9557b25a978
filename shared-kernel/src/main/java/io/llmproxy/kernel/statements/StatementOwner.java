package io.llmproxy.kernel.statements;

/** Whose usage a statement covers: one virtual key's, or one team's (its keys' at request time). */
public enum StatementOwner {
  KEY,
  TEAM
}
