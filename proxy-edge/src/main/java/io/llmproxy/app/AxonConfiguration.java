package io.llmproxy.app;

import io.llmproxy.edge.adminauth.AdminUserRegistry;
import io.llmproxy.edge.keys.KeyRegistry;
import io.llmproxy.edge.registry.EventHistoryLoader;
import io.llmproxy.edge.routing.RouteTable;
import io.llmproxy.kernel.AggregateTypes;
import io.llmproxy.kernel.audit.Actor;
import java.time.Clock;
import java.util.List;
import org.axonframework.common.jdbc.PersistenceExceptionResolver;
import org.axonframework.config.EventProcessingConfigurer;
import org.axonframework.eventhandling.tokenstore.inmemory.InMemoryTokenStore;
import org.axonframework.messaging.correlation.CorrelationDataProvider;
import org.axonframework.messaging.correlation.MessageOriginProvider;
import org.axonframework.messaging.correlation.SimpleCorrelationDataProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class AxonConfiguration {

  @Bean
  Clock clock() {
    return Clock.systemUTC();
  }

  @Bean
  PersistenceExceptionResolver persistenceExceptionResolver() {
    return new SqlitePersistenceExceptionResolver();
  }

  /**
   * Copies the acting administrator from a command's metadata onto every event it applies, for the
   * audit trail.
   */
  @Bean
  CorrelationDataProvider actorCorrelation() {
    return new SimpleCorrelationDataProvider(Actor.SUBJECT_METADATA, Actor.ROLE_METADATA);
  }

  /** Axon's default correlation and trace ids, which it drops once any provider is declared. */
  @Bean
  CorrelationDataProvider messageOriginProvider() {
    return new MessageOriginProvider();
  }

  /**
   * The edge's in-memory registries are rebuilt on every start, so their positions are kept in
   * memory. Their first token comes from loading just their own streams' history; from there the
   * processor follows the live event stream.
   */
  @Autowired
  void configureEdgeRegistries(
      EventProcessingConfigurer processing,
      EventHistoryLoader history,
      KeyRegistry keys,
      RouteTable routes,
      AdminUserRegistry adminUsers) {
    registerRegistry(
        processing, KeyRegistry.PROCESSING_GROUP, AggregateTypes.API_KEY, keys, history);
    registerRegistry(
        processing, RouteTable.PROCESSING_GROUP, AggregateTypes.MODEL_ROUTE, routes, history);
    registerRegistry(
        processing,
        AdminUserRegistry.PROCESSING_GROUP,
        AggregateTypes.ADMIN_USER,
        adminUsers,
        history);
  }

  private static void registerRegistry(
      EventProcessingConfigurer processing,
      String processingGroup,
      String aggregateType,
      Object registry,
      EventHistoryLoader history) {
    processing.registerTokenStore(processingGroup, config -> new InMemoryTokenStore());
    processing.registerPooledStreamingEventProcessorConfiguration(
        processingGroup,
        (config, builder) ->
            builder.initialToken(source -> history.replay(List.of(aggregateType), registry)));
  }
}
