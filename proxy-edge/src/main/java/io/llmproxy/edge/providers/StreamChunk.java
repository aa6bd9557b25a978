package io.llmproxy.edge.providers;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One streamed chunk in OpenAI's shape: {@code data} is the JSON text to relay as is, {@code json}
 * the same chunk parsed, for reading usage and content.
 */
public record StreamChunk(String data, ObjectNode json) {}
