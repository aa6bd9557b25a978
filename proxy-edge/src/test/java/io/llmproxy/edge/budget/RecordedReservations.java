package io.llmproxy.edge.budget;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmproxy.edge.pricing.PriceCatalog;
import io.llmproxy.edge.providers.Operation;
import io.llmproxy.edge.providers.UsageEstimator;
import io.llmproxy.edge.routing.Route;
import io.llmproxy.edge.routing.RouteTable;
import java.math.BigDecimal;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/**
 * The real cost ceiling, which also keeps the last reservation it computed, so that a test sending
 * one request at a time can compare what was reserved with what was recorded. A source of one
 * node's application, not scanned (hence no {@code @Configuration}).
 */
public class RecordedReservations {

  /** The ceiling of the gateway, remembering its last answer. */
  public static final class RecordingCostCeiling extends CostCeiling {

    private final AtomicReference<BigDecimal> last = new AtomicReference<>();

    RecordingCostCeiling(
        RouteTable routes,
        PriceCatalog prices,
        UsageEstimator estimator,
        OutputLimits outputLimits,
        Clock clock) {
      super(routes, prices, estimator, outputLimits, clock);
    }

    @Override
    public BigDecimal of(Route route, Operation operation, ObjectNode request) {
      BigDecimal ceiling = super.of(route, operation, request);
      last.set(ceiling);
      return ceiling;
    }

    /** The reservation computed since the last call, or null if none was. */
    public BigDecimal takeLast() {
      return last.getAndSet(null);
    }
  }

  @Bean
  @Primary
  RecordingCostCeiling recordingCostCeiling(
      RouteTable routes,
      PriceCatalog prices,
      UsageEstimator estimator,
      OutputLimits outputLimits,
      Clock clock) {
    return new RecordingCostCeiling(routes, prices, estimator, outputLimits, clock);
  }
}
