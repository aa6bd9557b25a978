package io.llmproxy.command.teams;

import com.fasterxml.jackson.annotation.JsonUnwrapped;

public record TeamResponse(String id, @JsonUnwrapped TeamSettings settings) {}
