package io.llmproxy.kernel.usage;

/** Dimensions a usage summary can be grouped by. */
public enum UsageGrouping {
  KEY,
  ALIAS
}
