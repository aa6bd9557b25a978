package io.llmproxy.kernel.teams;

/** One team as the team list shows it; the answer is empty for an unknown team. */
public record FindTeam(String teamId) {}
