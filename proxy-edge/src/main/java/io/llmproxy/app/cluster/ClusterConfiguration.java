package io.llmproxy.app.cluster;

import org.axonframework.common.jpa.EntityManagerProvider;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventhandling.tokenstore.jpa.JpaTokenStore;
import org.axonframework.serialization.Serializer;
import org.axonframework.springboot.TokenStoreProperties;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class ClusterConfiguration {

  @Bean
  NodeName nodeName(@Value("${llmproxy.node-id:}") String configured) {
    return NodeName.configuredOrDefault(configured);
  }

  /** Axon's token store, with this node's name on the segments it claims. */
  @Bean
  TokenStore tokenStore(
      Serializer serializer,
      EntityManagerProvider entityManagers,
      TokenStoreProperties properties,
      NodeName node) {
    return JpaTokenStore.builder()
        .entityManagerProvider(entityManagers)
        .serializer(serializer)
        .claimTimeout(properties.getClaimTimeout())
        .nodeId(node.value())
        .build();
  }
}
