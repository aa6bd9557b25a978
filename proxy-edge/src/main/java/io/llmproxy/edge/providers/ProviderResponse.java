package io.llmproxy.edge.providers;

import io.llmproxy.kernel.usage.TokenUsage;

/**
 * A complete answer in OpenAI's shape for the call's operation, as the bytes to send the client (an
 * OpenAI-shaped upstream's own bytes, untouched), with the usage to bill.
 *
 * @param estimated true when the provider reported no usage and it was counted locally
 */
public record ProviderResponse(byte[] body, TokenUsage usage, boolean estimated) {}
