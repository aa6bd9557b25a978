package io.llmproxy.app;

import io.llmproxy.edge.http.RequestSizeLimit;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.codec.ServerCodecConfigurer;
import org.springframework.web.reactive.config.WebFluxConfigurer;

/** Server-side codecs buffer at most one request body of the configured maximum size. */
@Configuration(proxyBeanMethods = false)
class WebConfiguration implements WebFluxConfigurer {

  private final RequestSizeLimit sizeLimit;

  WebConfiguration(RequestSizeLimit sizeLimit) {
    this.sizeLimit = sizeLimit;
  }

  @Override
  public void configureHttpMessageCodecs(ServerCodecConfigurer configurer) {
    configurer.defaultCodecs().maxInMemorySize((int) sizeLimit.limit().toBytes());
  }
}
