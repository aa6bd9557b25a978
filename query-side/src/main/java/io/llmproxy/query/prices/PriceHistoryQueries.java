package io.llmproxy.query.prices;

import io.llmproxy.kernel.pricing.FetchCurrentPrices;
import io.llmproxy.kernel.pricing.FindPriceHistory;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.stereotype.Component;

/** Answers the price history's queries; prices leave as {@link PriceView}s, never as rows. */
@Component
class PriceHistoryQueries {

  private final PriceHistoryRepository prices;
  private final Clock clock;

  PriceHistoryQueries(PriceHistoryRepository prices, Clock clock) {
    this.prices = prices;
    this.clock = clock;
  }

  /** By model name; a model never priced has an empty history. */
  @QueryHandler
  List<PriceView> handle(FindPriceHistory query) {
    return prices
        .findByModelOrderByEffectiveFromAsc(query.model().toLowerCase(Locale.ROOT))
        .stream()
        .map(PriceHistoryEntry::view)
        .toList();
  }

  /** Ordered by model name. */
  @QueryHandler
  List<ModelPrices> handle(FetchCurrentPrices query) {
    Instant now = clock.instant();
    Map<String, List<PriceView>> grouped =
        prices.findAll().stream()
            .map(PriceHistoryEntry::view)
            .sorted(Comparator.comparing(PriceView::effectiveFrom))
            .collect(Collectors.groupingBy(PriceView::model, TreeMap::new, Collectors.toList()));
    List<ModelPrices> result = new ArrayList<>();
    grouped.forEach(
        (model, history) -> {
          PriceView current = null;
          List<PriceView> scheduled = new ArrayList<>();
          for (PriceView price : history) {
            if (price.effectiveFrom().isAfter(now)) {
              scheduled.add(price);
            } else {
              current = price;
            }
          }
          result.add(new ModelPrices(model, current, scheduled));
        });
    return result;
  }
}
