package io.llmproxy.edge.providers;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One chat-completion request as the client sent it (unknown fields included); the adapter
 * substitutes {@code upstreamModel} for the client's alias.
 */
public record ProviderCall(String requestId, String upstreamModel, ObjectNode request) {}
