package io.llmproxy.edge.providers;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmproxy.kernel.usage.TokenUsage;

/**
 * A complete answer in OpenAI's chat-completion shape, with the usage to bill.
 *
 * @param estimated true when the provider reported no usage and it was counted locally
 */
public record ProviderResponse(ObjectNode body, TokenUsage usage, boolean estimated) {}
