package io.llmproxy.app;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.json.JacksonSerializer;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;

@Configuration(proxyBeanMethods = false)
class EventSerializationConfiguration {

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

  static Serializer eventJsonSerializer() {
    ObjectMapper mapper =
        new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    return JacksonSerializer.builder().objectMapper(mapper).build();
  }
}
