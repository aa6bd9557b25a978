package io.llmproxy.app;

import io.llmproxy.edge.keys.KeyRegistry;
import io.llmproxy.edge.registry.EventHistoryLoader;
import io.llmproxy.edge.routing.RouteTable;
import io.llmproxy.kernel.AggregateTypes;
import java.time.Clock;
import java.util.List;
import org.axonframework.common.jdbc.PersistenceExceptionResolver;
import org.axonframework.config.EventProcessingConfigurer;
import org.axonframework.eventhandling.tokenstore.inmemory.InMemoryTokenStore;
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
   * The edge's in-memory registries are rebuilt on every start, so their positions are kept in
   * memory. Their first token comes from loading just their own streams' history; from there the
   * processor follows the live event stream.
   */
  @Autowired
  void configureEdgeRegistries(
      EventProcessingConfigurer processing,
      EventHistoryLoader history,
      KeyRegistry keys,
      RouteTable routes) {
    registerRegistry(
        processing, KeyRegistry.PROCESSING_GROUP, AggregateTypes.API_KEY, keys, history);
    registerRegistry(
        processing, RouteTable.PROCESSING_GROUP, AggregateTypes.MODEL_ROUTE, routes, history);
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
