package io.llmproxy.command.routes;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import io.llmproxy.kernel.AggregateTypes;
import io.llmproxy.kernel.routing.ConfigureModelRoute;
import io.llmproxy.kernel.routing.ModelRouteConfigured;
import io.llmproxy.kernel.routing.ModelRouteRemoved;
import io.llmproxy.kernel.routing.RemoveModelRoute;
import io.llmproxy.kernel.routing.RouteDefinition;
import java.time.Clock;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;

/** The routing of one public model alias. Its id is the alias itself. */
@Aggregate(
    type = AggregateTypes.MODEL_ROUTE,
    snapshotTriggerDefinition = "aggregateSnapshotTrigger",
    cache = "aggregateCache")
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY)
public class ModelRoute {

  @AggregateIdentifier private String alias;
  private RouteDefinition definition;
  private boolean active;

  protected ModelRoute() {
    // required by Axon to create or rebuild the aggregate
  }

  @CommandHandler
  @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
  public void handle(ConfigureModelRoute command, Clock clock) {
    if (command.alias() == null || command.alias().isBlank()) {
      throw new IllegalArgumentException("alias is required");
    }
    RouteDefinition next = command.definition();
    if (next.fallbacks().contains(command.alias())
        || next.contextWindowFallbacks().contains(command.alias())) {
      throw new IllegalArgumentException("an alias cannot fall back to itself");
    }
    if (!(active && next.equals(definition))) {
      apply(new ModelRouteConfigured(command.alias(), next, clock.instant()));
    }
  }

  @CommandHandler
  public void handle(RemoveModelRoute command, Clock clock) {
    if (!active) {
      throw new ModelRouteNotFoundException(alias);
    }
    apply(new ModelRouteRemoved(alias, clock.instant()));
  }

  @EventSourcingHandler
  void on(ModelRouteConfigured event) {
    alias = event.alias();
    definition = event.route();
    active = true;
  }

  @EventSourcingHandler
  void on(ModelRouteRemoved event) {
    active = false;
  }
}
