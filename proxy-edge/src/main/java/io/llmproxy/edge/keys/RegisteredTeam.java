package io.llmproxy.edge.keys;

import io.llmproxy.kernel.budget.Budget;
import io.llmproxy.kernel.keys.RateLimits;

/**
 * What the edge knows about a team: its limits on all member keys together, and the limits a member
 * key without its own gets.
 */
public record RegisteredTeam(
    String teamId,
    String name,
    RateLimits limits,
    RateLimits keyLimits,
    Budget budget,
    long version) {}
