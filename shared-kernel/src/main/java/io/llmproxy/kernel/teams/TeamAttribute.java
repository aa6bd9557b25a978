package io.llmproxy.kernel.teams;

/** The team attributes an update can set back to "none". */
public enum TeamAttribute {
  LIMITS,
  KEY_LIMITS,
  BUDGET
}
