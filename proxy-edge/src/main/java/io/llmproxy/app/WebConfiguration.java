package io.llmproxy.app;

import io.llmproxy.edge.http.RequestBodyLimits;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.codec.ServerCodecConfigurer;
import org.springframework.web.reactive.config.WebFluxConfigurer;

/**
 * Server-side codecs buffer at most the largest body any surface accepts; each surface's own limit
 * is applied while its body is read ({@link RequestBodyLimits}).
 */
@Configuration(proxyBeanMethods = false)
class WebConfiguration implements WebFluxConfigurer {

  private final RequestBodyLimits limits;

  WebConfiguration(RequestBodyLimits limits) {
    this.limits = limits;
  }

  @Override
  public void configureHttpMessageCodecs(ServerCodecConfigurer configurer) {
    configurer
        .defaultCodecs()
        .maxInMemorySize((int) Math.min(Integer.MAX_VALUE, limits.largestLimit()));
  }
}
