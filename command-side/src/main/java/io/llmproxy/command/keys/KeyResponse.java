package io.llmproxy.command.keys;

import com.fasterxml.jackson.annotation.JsonUnwrapped;

/** A key's settings after a change, without any secret. */
public record KeyResponse(String id, @JsonUnwrapped KeySettings settings) {}
