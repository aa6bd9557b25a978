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
    return matches(
        entry.keyId(), entry.teamId(), entry.alias(), entry.provider(), entry.outcome().wireName());
  }

  /** The same test on an entry's fields as read models keep them ({@code outcome} as wire name). */
  public boolean matches(
      String entryKeyId,
      String entryTeamId,
      String entryAlias,
      String entryProvider,
      String entryOutcome) {
    return (keyId == null || keyId.equals(entryKeyId))
        && (teamId == null || teamId.equals(entryTeamId))
        && (alias == null || alias.equals(entryAlias))
        && (provider == null || provider.equals(entryProvider))
        && (outcome == null || outcome.wireName().equals(entryOutcome));
  }
}
