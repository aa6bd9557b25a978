package io.llmproxy.kernel.pricing;

/** Each priced model's price in force now and the prices already set to follow it. */
public record FetchCurrentPrices() {}
