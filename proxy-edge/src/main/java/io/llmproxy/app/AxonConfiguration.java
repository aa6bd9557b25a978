package io.llmproxy.app;

import io.llmproxy.kernel.audit.Actor;
import java.time.Clock;
import org.axonframework.common.caching.Cache;
import org.axonframework.common.caching.WeakReferenceCache;
import org.axonframework.eventsourcing.EventCountSnapshotTriggerDefinition;
import org.axonframework.eventsourcing.SnapshotTriggerDefinition;
import org.axonframework.eventsourcing.Snapshotter;
import org.axonframework.messaging.correlation.CorrelationDataProvider;
import org.axonframework.messaging.correlation.MessageOriginProvider;
import org.axonframework.messaging.correlation.SimpleCorrelationDataProvider;
import org.axonframework.queryhandling.LoggingQueryInvocationErrorHandler;
import org.axonframework.queryhandling.QueryBus;
import org.axonframework.queryhandling.QueryBusSpanFactory;
import org.axonframework.queryhandling.QueryInvocationErrorHandler;
import org.axonframework.queryhandling.QueryUpdateEmitter;
import org.axonframework.queryhandling.SimpleQueryBus;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class AxonConfiguration {

  @Bean
  Clock clock() {
    return Clock.systemUTC();
  }

  /**
   * Keeps recently used aggregates in memory between commands; entries go when memory is needed,
   * and a stale entry (another node changed the aggregate) fails on the event sequence and is
   * dropped.
   */
  @Bean
  Cache aggregateCache() {
    return new WeakReferenceCache();
  }

  /** Loading a long-lived key or team replays at most this many events after its last snapshot. */
  @Bean
  SnapshotTriggerDefinition aggregateSnapshotTrigger(
      Snapshotter snapshotter, ProxySettings settings) {
    return new EventCountSnapshotTriggerDefinition(snapshotter, settings.snapshotThreshold());
  }

  /**
   * Copies who sent an admin command onto the events it causes; the admin audit trail is built from
   * these two metadata values.
   */
  @Bean
  CorrelationDataProvider adminActorCorrelation() {
    return new SimpleCorrelationDataProvider(Actor.SUBJECT_METADATA, Actor.ROLE_METADATA);
  }

  /**
   * Axon's default provider (correlation and trace ids) backs off as soon as any provider is
   * declared, so it is declared again to keep those ids on every event.
   */
  @Bean
  CorrelationDataProvider commandOriginCorrelation() {
    return new MessageOriginProvider();
  }

  /**
   * Axon's default query bus wraps every query in a transaction of the JPA transaction manager,
   * which takes a connection of the writer pool (SQLite's has one) for the whole read: reads would
   * queue behind the projections' and the ledger's writes. The query handlers read through the
   * read-only pool, or through Spring Data, which opens its own read-only transaction.
   */
  @Bean
  QueryBus queryBus(org.axonframework.config.Configuration axon) {
    return SimpleQueryBus.builder()
        .messageMonitor(axon.messageMonitor(QueryBus.class, "queryBus"))
        .errorHandler(
            axon.getComponent(
                QueryInvocationErrorHandler.class,
                () -> LoggingQueryInvocationErrorHandler.builder().build()))
        .queryUpdateEmitter(axon.getComponent(QueryUpdateEmitter.class))
        .spanFactory(axon.getComponent(QueryBusSpanFactory.class))
        .build();
  }
}
