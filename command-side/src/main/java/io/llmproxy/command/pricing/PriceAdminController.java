package io.llmproxy.command.pricing;

import static io.llmproxy.command.web.Requests.badRequest;
import static io.llmproxy.command.web.Requests.requireIdentifier;

import io.llmproxy.command.web.CommandDispatcher;
import io.llmproxy.kernel.pricing.ModelPrice;
import io.llmproxy.kernel.pricing.ModelPriceSet;
import io.llmproxy.kernel.pricing.SetModelPrice;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

@RestController
@PreAuthorize("hasRole('ADMIN')")
@RequestMapping("/admin/prices")
class PriceAdminController {

  /** A price per million tokens with more places than this is surely a unit mistake. */
  private static final int MAX_SCALE = 9;

  private final CommandDispatcher commands;
  private final Clock clock;

  PriceAdminController(CommandDispatcher commands, Clock clock) {
    this.commands = commands;
    this.clock = clock;
  }

  @PutMapping("/{model}")
  Mono<PriceResponse> setPrice(@PathVariable String model, @RequestBody PriceRequest request) {
    requireIdentifier(model, "model");
    ModelPrice price;
    try {
      price =
          new ModelPrice(
              model,
              required(request.inputPerMillion(), "input_per_million"),
              required(request.outputPerMillion(), "output_per_million"),
              optional(request.cachedInputPerMillion(), "cached_input_per_million"),
              optional(request.cacheWritePerMillion(), "cache_write_per_million"));
    } catch (IllegalArgumentException e) {
      throw badRequest(e.getMessage());
    }
    Instant from = request.effectiveFrom() == null ? clock.instant() : request.effectiveFrom();
    return commands.<ModelPriceSet>send(SetModelPrice.of(price, from)).map(PriceResponse::of);
  }

  private static final BigDecimal MAX_PER_MILLION = BigDecimal.valueOf(1_000_000);

  private static BigDecimal required(BigDecimal value, String field) {
    if (value == null) {
      throw badRequest(field + " is required");
    }
    return optional(value, field);
  }

  private static BigDecimal optional(BigDecimal value, String field) {
    if (value != null && value.stripTrailingZeros().scale() > MAX_SCALE) {
      throw badRequest(field + " may have at most " + MAX_SCALE + " decimal places");
    }
    if (value != null && value.signum() < 0) {
      throw badRequest(field + " must be zero or more");
    }
    // 1e400 was accepted and stored: every cost computed from it is a number no ledger column,
    // budget or report can hold; no real model costs anywhere near a million dollars per million
    if (value != null && value.compareTo(MAX_PER_MILLION) > 0) {
      throw badRequest(field + " must be at most " + MAX_PER_MILLION.toPlainString());
    }
    return value;
  }
}
