package io.llmproxy.query.prices;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * {@code GET /api/prices}: each model's price in force now and any scheduled after it; {@code GET
 * /api/prices/{model}}: the model's whole history, oldest first.
 */
@RestController
@PreAuthorize("hasRole('VIEWER')")
@RequestMapping("/api/prices")
class PriceController {

  private final PriceHistoryRepository prices;
  private final Clock clock;

  PriceController(PriceHistoryRepository prices, Clock clock) {
    this.prices = prices;
    this.clock = clock;
  }

  /** A model's current price and the ones already set to follow it. */
  record ModelPrices(String model, PriceView current, List<PriceView> scheduled) {}

  @GetMapping
  Mono<List<ModelPrices>> current() {
    return Mono.fromCallable(this::byModel).subscribeOn(Schedulers.boundedElastic());
  }

  @GetMapping("/{model}")
  Mono<List<PriceView>> history(@PathVariable String model) {
    return Mono.fromCallable(
            () ->
                prices.findByModelOrderByEffectiveFromAsc(model.toLowerCase(Locale.ROOT)).stream()
                    .map(PriceHistoryEntry::view)
                    .toList())
        .subscribeOn(Schedulers.boundedElastic())
        .map(
            history -> {
              if (history.isEmpty()) {
                throw new ResponseStatusException(HttpStatus.NOT_FOUND, "no price for " + model);
              }
              return history;
            });
  }

  private List<ModelPrices> byModel() {
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
