package io.llmproxy.app;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.llmproxy.edge.keys.KeyRegistry;
import io.llmproxy.edge.routing.RouteTable;
import java.time.Clock;
import org.axonframework.common.jdbc.PersistenceExceptionResolver;
import org.axonframework.config.EventProcessingConfigurer;
import org.axonframework.eventhandling.tokenstore.inmemory.InMemoryTokenStore;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.json.JacksonSerializer;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;

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
   * Events are stored as plain JSON with their own mapper, so the HTTP API's naming conventions can
   * never change what is already in the event store.
   */
  @Bean
  @Primary
  Serializer serializer() {
    return eventJsonSerializer();
  }

  @Bean
  @Qualifier("eventSerializer")
  Serializer eventSerializer() {
    return eventJsonSerializer();
  }

  @Bean
  @Qualifier("messageSerializer")
  Serializer messageSerializer() {
    return eventJsonSerializer();
  }

  /**
   * The edge's in-memory registries are rebuilt from the whole history on every start, so their
   * positions are kept in memory rather than persisted.
   */
  @Autowired
  void configureEdgeRegistries(EventProcessingConfigurer processing) {
    processing.registerTokenStore(KeyRegistry.PROCESSING_GROUP, config -> new InMemoryTokenStore());
    processing.registerTokenStore(RouteTable.PROCESSING_GROUP, config -> new InMemoryTokenStore());
  }

  private static Serializer eventJsonSerializer() {
    ObjectMapper mapper =
        new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    return JacksonSerializer.builder().objectMapper(mapper).build();
  }
}
