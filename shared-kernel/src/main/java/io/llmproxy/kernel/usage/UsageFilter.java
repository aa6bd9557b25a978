package io.llmproxy.kernel.usage;

/**
 * Which ledger entries a usage report covers; a null field does not filter. {@code team} matches
 * the team a key belonged to when the request was made.
 */
public record UsageFilter(
    String keyId, String teamId, String alias, String provider, UsageOutcome outcome) {

  public static final UsageFilter NONE = new UsageFilter(null, null, null, null, null);

  /** Whether {@code entry} is one of the entries this filter keeps. */
  public boolean matches(UsageRecorded entry) {
    return (keyId == null || keyId.equals(entry.keyId()))
        && (teamId == null || teamId.equals(entry.teamId()))
        && (alias == null || alias.equals(entry.alias()))
        && (provider == null || provider.equals(entry.provider()))
        && (outcome == null || outcome == entry.outcome());
  }
}
