package io.llmproxy.kernel.keys;

/** The attributes a key update can set back to "none". */
public enum KeyAttribute {
  EXPIRES_AT,
  LIMITS,
  OWNER,
  TEAM,
  BUDGET
}
