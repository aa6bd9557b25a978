package io.llmproxy.command.keys;

import java.time.Instant;
import java.util.List;

/** Body of {@code POST /admin/keys}; {@code models} empty or absent means every alias. */
public record IssueKeyRequest(String name, List<String> models, Instant expiresAt) {}
