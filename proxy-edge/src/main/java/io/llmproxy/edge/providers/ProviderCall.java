package io.llmproxy.edge.providers;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One request as the client sent it (unknown fields included); the adapter substitutes {@code
 * upstreamModel} for the client's alias.
 */
public record ProviderCall(
    String requestId, Operation operation, String upstreamModel, ObjectNode request) {}
