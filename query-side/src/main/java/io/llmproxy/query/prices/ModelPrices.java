package io.llmproxy.query.prices;

import java.util.List;

/** A model's current price and the ones already set to follow it. */
record ModelPrices(String model, PriceView current, List<PriceView> scheduled) {}
