package io.llmproxy.app.storage;

import java.time.Duration;
import org.axonframework.common.jdbc.PersistenceExceptionResolver;
import org.axonframework.common.jpa.EntityManagerProvider;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventhandling.EventBusSpanFactory;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.eventsourcing.eventstore.jpa.JpaEventStorageEngine;
import org.axonframework.serialization.Serializer;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Axon's JPA event storage and embedded event store, as its auto-configuration builds them, but
 * fetching more events per read and looking for new ones more often. Processors read the store
 * through the single writer connection, between their own batch writes: the default of 100 events
 * per fetch made a rebuild spend much of its time waiting for that connection. The usage ledger
 * appends with JDBC, past Axon, so nothing wakes the processors for its events: they find them when
 * the store next polls, after Axon's default of a second, which alone held every processor's lag at
 * up to 1.5 s under load.
 */
@Configuration(proxyBeanMethods = false)
class EventStoreConfiguration {

  @Bean
  EventStorageEngine eventStorageEngine(
      Serializer defaultSerializer,
      PersistenceExceptionResolver persistenceExceptionResolver,
      @Qualifier("eventSerializer") Serializer eventSerializer,
      org.axonframework.config.Configuration configuration,
      EntityManagerProvider entityManagerProvider,
      TransactionManager transactionManager,
      @Value("${llmproxy.event-store.fetch-batch-size:1000}") int fetchBatchSize) {
    return JpaEventStorageEngine.builder()
        .snapshotSerializer(defaultSerializer)
        .upcasterChain(configuration.upcasterChain())
        .persistenceExceptionResolver(persistenceExceptionResolver)
        .eventSerializer(eventSerializer)
        .snapshotFilter(configuration.snapshotFilter())
        .entityManagerProvider(entityManagerProvider)
        .transactionManager(transactionManager)
        .batchSize(fetchBatchSize)
        .build();
  }

  @Bean(name = "eventBus")
  @Qualifier("eventStore")
  EmbeddedEventStore eventStore(
      EventStorageEngine storageEngine,
      org.axonframework.config.Configuration configuration,
      @Value("${llmproxy.event-store.fetch-delay:100ms}") Duration fetchDelay) {
    return EmbeddedEventStore.builder()
        .storageEngine(storageEngine)
        .messageMonitor(configuration.messageMonitor(EventStore.class, "eventStore"))
        .spanFactory(configuration.getComponent(EventBusSpanFactory.class))
        .fetchDelay(Math.max(1, fetchDelay.toMillis()))
        .build();
  }
}
