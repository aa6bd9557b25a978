package io.llmproxy.support;

import org.springframework.context.annotation.Bean;
import org.springframework.http.client.ReactorResourceFactory;

/**
 * Gives a node its own Netty event loops. By default every node in one JVM shares Reactor Netty's
 * global loops, and stopping one node disposes them, taking the other nodes' servers down too.
 * Registered as a source of the node's application, not by component scan (hence no
 * {@code @Configuration}), so only the nodes that ask for it get it.
 */
public class OwnNettyResources {

  @Bean
  ReactorResourceFactory reactorResourceFactory() {
    ReactorResourceFactory factory = new ReactorResourceFactory();
    factory.setUseGlobalResources(false);
    return factory;
  }
}
