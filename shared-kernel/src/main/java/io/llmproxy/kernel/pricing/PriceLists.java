package io.llmproxy.kernel.pricing;

/** Names of the price history streams, one per model, apart from every other stream's ids. */
public final class PriceLists {

  private PriceLists() {}

  public static String idOf(String model) {
    return "price-" + ModelNames.normalized(model);
  }
}
