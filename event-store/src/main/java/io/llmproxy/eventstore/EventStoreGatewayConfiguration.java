package io.llmproxy.eventstore;

import io.llmproxy.kernel.DataSources;
import javax.sql.DataSource;
import org.axonframework.config.Configuration;
import org.axonframework.serialization.Serializer;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;

/**
 * The gateway's beans: reads through the read-only pool, appends and token reads on the writer pool
 * (appends join the caller's transaction there), both reading events through the upcaster chain
 * Axon's own event store is configured with.
 */
@org.springframework.context.annotation.Configuration(proxyBeanMethods = false)
class EventStoreGatewayConfiguration {

  @Bean
  EventUpcasting eventUpcasting(
      @Qualifier("eventSerializer") Serializer eventSerializer, Configuration axon) {
    return new EventUpcasting(eventSerializer, axon.upcasterChain());
  }

  @Bean
  EventReads eventReads(
      @Qualifier(DataSources.READ_ONLY) DataSource readOnly, EventUpcasting upcasting) {
    return new EventReads(readOnly, upcasting);
  }

  @Bean
  EventAppends eventAppends(DataSource dataSource) {
    return new EventAppends(dataSource);
  }

  /** Tokens are serialised with the default serializer, as Axon's token store writes them. */
  @Bean
  TrackingTokens trackingTokens(DataSource dataSource, Serializer serializer) {
    return new TrackingTokens(dataSource, serializer);
  }
}
