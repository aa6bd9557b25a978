package io.llmproxy.command.keys;

import io.llmproxy.kernel.keys.RateLimits;
import java.time.Instant;
import java.util.List;

/**
 * Body of {@code POST /admin/keys}; {@code models} empty or absent means every alias, absent limits
 * mean none.
 */
public record IssueKeyRequest(
    String name, List<String> models, Instant expiresAt, RateLimits limits) {}
