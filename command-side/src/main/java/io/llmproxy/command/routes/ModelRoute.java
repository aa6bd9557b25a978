package io.llmproxy.command.routes;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import io.llmproxy.kernel.AggregateTypes;
import io.llmproxy.kernel.routing.ConfigureModelRoute;
import io.llmproxy.kernel.routing.ModelRouteConfigured;
import io.llmproxy.kernel.routing.ModelRouteRemoved;
import io.llmproxy.kernel.routing.RemoveModelRoute;
import java.time.Clock;
import java.util.Objects;
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
  private String provider;
  private String upstreamModel;
  private boolean active;

  protected ModelRoute() {
    // required by Axon to create or rebuild the aggregate
  }

  @CommandHandler
  @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
  public void handle(ConfigureModelRoute command, Clock clock) {
    requireText(command.alias(), "alias");
    requireText(command.provider(), "provider");
    requireText(command.upstreamModel(), "model");
    boolean unchanged =
        active
            && Objects.equals(provider, command.provider())
            && Objects.equals(upstreamModel, command.upstreamModel());
    if (!unchanged) {
      apply(
          new ModelRouteConfigured(
              command.alias(), command.provider(), command.upstreamModel(), clock.instant()));
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
    provider = event.provider();
    upstreamModel = event.upstreamModel();
    active = true;
  }

  @EventSourcingHandler
  void on(ModelRouteRemoved event) {
    active = false;
  }

  private static void requireText(String value, String field) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(field + " is required");
    }
  }
}
