package io.llmproxy.app.storage;

import org.axonframework.common.jdbc.PersistenceExceptionResolver;
import org.axonframework.common.jpa.EntityManagerProvider;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.jpa.JpaEventStorageEngine;
import org.axonframework.serialization.Serializer;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Axon's JPA event storage, as its auto-configuration builds it, but fetching more events per read.
 * Processors read the store through the single writer connection, between their own batch writes:
 * the default of 100 events per fetch made a rebuild spend much of its time waiting for that
 * connection.
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
}
