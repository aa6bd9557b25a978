package io.llmproxy.kernel.pricing;

/** Every price ever set for one model, oldest first; empty for a model never priced. */
public record FindPriceHistory(String model) {}
