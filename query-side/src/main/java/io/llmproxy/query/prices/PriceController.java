package io.llmproxy.query.prices;

import io.llmproxy.kernel.pricing.FetchCurrentPrices;
import io.llmproxy.kernel.pricing.FindPriceHistory;
import io.llmproxy.query.web.QueryDispatcher;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import reactor.core.publisher.Mono;

/**
 * {@code GET /api/prices}: each model's price in force now and any scheduled after it; {@code GET
 * /api/prices/{model}}: the model's whole history, oldest first.
 */
@RestController
@PreAuthorize("hasRole('VIEWER')")
@RequestMapping("/api/prices")
class PriceController {

  private final QueryDispatcher queries;

  PriceController(QueryDispatcher queries) {
    this.queries = queries;
  }

  @GetMapping
  Mono<List<ModelPrices>> current() {
    return queries.many(new FetchCurrentPrices(), ModelPrices.class);
  }

  @GetMapping("/{model}")
  Mono<List<PriceView>> history(@PathVariable String model) {
    return queries
        .many(new FindPriceHistory(model), PriceView.class)
        .map(
            history -> {
              if (history.isEmpty()) {
                throw new ResponseStatusException(HttpStatus.NOT_FOUND, "no price for " + model);
              }
              return history;
            });
  }
}
